import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as list from './list.operation';
import * as upload from './upload.operation';

export const operations = { upload, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an asset',
				description: 'Get a media file of your Sync library',
			},
			{
				name: 'Get Many',
				value: 'list',
				action: 'Get many assets',
				description: 'List the media files of your Sync library',
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload an asset',
				description: 'Upload a binary file once and reuse its asset ID in many generations',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...list.description,
];
