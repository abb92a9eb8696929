import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PreparedMedia } from '../../sync/inputs';
import { prepareMedia } from '../../sync/inputs';
import { mediaProperties, readMediaSpec } from '../../sync/descriptions';
import { parameterError } from '../../shared/errors';

/** Only sync-3 animates a still image; every model takes a video. */
export const IMAGE_MODELS = ['sync-3'];

export const visualProperties: INodeProperties[] = [
	{
		displayName: 'Visual Input',
		name: 'visualType',
		type: 'options',
		options: [
			{
				name: 'Image (Sync-3 Only)',
				value: 'image',
				description: 'A still portrait (JPEG, PNG or WebP) that sync-3 brings to life',
			},
			{ name: 'Video', value: 'video', description: 'A video of the face to lip-sync' },
		],
		default: 'video',
		description: 'What shows the face: a video, or with the sync-3 model a still image',
	},
	...mediaProperties({
		name: 'video',
		displayName: 'Video',
		kindLabel: 'video',
		displayOptions: { show: { visualType: ['video'] } },
	}),
	...mediaProperties({
		name: 'image',
		displayName: 'Image',
		kindLabel: 'image',
		displayOptions: { show: { visualType: ['image'] } },
	}),
];

/** Validates the visual input of one item (URL, binary or asset), without calling Sync. */
export async function prepareVisual(
	context: IExecuteFunctions,
	model: string,
	itemIndex: number,
): Promise<PreparedMedia> {
	const visualType = String(context.getNodeParameter('visualType', itemIndex, 'video'));
	if (visualType !== 'video' && visualType !== 'image') {
		throw parameterError(context, itemIndex, `"Visual Input" must be video or image, got "${visualType}"`);
	}
	if (visualType === 'image' && !IMAGE_MODELS.includes(model)) {
		throw parameterError(
			context,
			itemIndex,
			`An image as "Visual Input" needs the model sync-3, not ${model}`,
			'Only sync-3 animates a still image. Choose the model sync-3, or give a video instead.',
		);
	}
	const spec =
		visualType === 'image'
			? readMediaSpec(context, 'image', 'Image', 'image', itemIndex)
			: readMediaSpec(context, 'video', 'Video', 'video', itemIndex);
	return await prepareMedia(context, spec, itemIndex);
}
