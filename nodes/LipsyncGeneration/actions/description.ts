import type { INodeProperties } from 'n8n-workflow';

import * as asset from './asset';
import * as batch from './batch';
import * as generation from './generation';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Asset', value: 'asset', description: 'Media files stored in your Sync library' },
			{
				name: 'Batch',
				value: 'batch',
				description: 'Many generations in one request (Scale and Enterprise plans)',
			},
			{ name: 'Generation', value: 'generation', description: 'A lip-synced video' },
		],
		default: 'generation',
	},
	...generation.description,
	...batch.description,
	...asset.description,
];
