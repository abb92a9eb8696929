import type { INodeProperties } from 'n8n-workflow';

import * as dub from './dub.operation';
import * as estimateCost from './estimateCost.operation';

export const operations = { dub, estimateCost };

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
			{
				name: 'Estimate Cost',
				value: 'estimateCost',
				action: 'Estimate the cost of a dub',
				description:
					'What dubbing the video into the languages would cost, without submitting anything',
			},
		],
		default: 'dub',
	},
	...dub.description,
	...estimateCost.description,
];
