import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteGeneration from './delete.operation';
import * as estimateCost from './estimateCost.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export const operations = { create, get, list, estimateCost, delete: deleteGeneration };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['generation'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Lip sync a video to new speech',
				description:
					'Lip-sync a video (or, with sync-3, an image) to an audio file, a script or several speakers; returns the video URL',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a generation',
				description: 'Delete a finished generation',
			},
			{
				name: 'Estimate Cost',
				value: 'estimateCost',
				action: 'Estimate the cost of a generation',
				description: 'What a generation would cost in USD, from its inputs or from a duration',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a generation',
				description: 'Get the status and output URL of a generation',
			},
			{
				name: 'Get Many',
				value: 'list',
				action: 'Get many generations',
				description: 'List generations, newest first, optionally by status',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...list.description,
	...estimateCost.description,
	...deleteGeneration.description,
];
