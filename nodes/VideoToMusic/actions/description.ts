import type { INodeProperties } from 'n8n-workflow';

import * as soundtrack from './soundtrack';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Soundtrack', value: 'soundtrack', description: 'Music composed for videos' },
		],
		default: 'soundtrack',
	},
	...soundtrack.description,
];
