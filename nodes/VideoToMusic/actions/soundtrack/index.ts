import type { INodeProperties } from 'n8n-workflow';

import * as compose from './compose.operation';

export const operations = { compose };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['soundtrack'] } },
		options: [
			{
				name: 'Compose',
				value: 'compose',
				action: 'Compose a soundtrack for videos',
				description: 'Generate music (and optionally sound effects) that fits one or more videos',
			},
		],
		default: 'compose',
	},
	...compose.description,
];
