import type { INodeProperties } from 'n8n-workflow';

import * as dub from './dub.operation';

export const operations = { dub };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Dub',
				value: 'dub',
				action: 'Dub a video into one or more languages',
				description:
					'Translate the speech, re-voice it and lip-sync the video to it, one dub per language',
			},
		],
		default: 'dub',
	},
	...dub.description,
];
