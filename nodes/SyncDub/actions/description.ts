import type { INodeProperties } from 'n8n-workflow';

import * as video from './video';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Video', value: 'video', description: 'A video with speech to dub' }],
		default: 'video',
	},
	...video.description,
];
