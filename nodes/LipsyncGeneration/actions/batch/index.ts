import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getResults from './getResults.operation';
import * as list from './list.operation';

export const operations = { create, get, list, getResults };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['batch'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a batch of generations',
				description:
					'One batch of 20–500 generations, one per input item (Scale and Enterprise plans)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a batch',
				description: 'Get the status and progress of a batch',
			},
			{
				name: 'Get Many',
				value: 'list',
				action: 'Get many batches',
				description: 'List batches, newest first',
			},
			{
				name: 'Get Results',
				value: 'getResults',
				action: 'Get the results of a batch',
				description: 'One item per request of a finished batch, with its generation',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...list.description,
	...getResults.description,
];
