import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';
import type { PreparedMedia } from '../../sync/parameters/media';
import { mediaProperties, prepareMedia, readMediaSpec } from '../../sync/parameters/media';

/** Only sync-3 animates a still image; every model takes a video. */
const IMAGE_MODELS = ['sync-3'];
const VISUAL_TYPES = ['video', 'image'] as const;

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
		kind: 'video',
		kindLabel: 'video',
		displayOptions: { show: { visualType: ['video'] } },
	}),
	...mediaProperties({
		name: 'image',
		displayName: 'Image',
		kind: 'image',
		kindLabel: 'image',
		displayOptions: { show: { visualType: ['image'] } },
	}),
];

/** Checks the visual input of one item (URL, binary or asset), without calling Sync. */
export async function prepareVisual(
	context: IExecuteFunctions,
	checks: ParameterChecks,
	model: string,
): Promise<PreparedMedia> {
	const visualType = checks.oneOf(checks.read('visualType', 'video'), 'Visual Input', VISUAL_TYPES);
	if (visualType === 'image' && !IMAGE_MODELS.includes(model)) {
		checks.fail({
			field: 'Visual Input',
			rule: `is "image", which needs the model sync-3, not ${model}`,
			hint: 'Only sync-3 animates a still image. Choose the model sync-3, or give a video instead.',
		});
	}
	const spec =
		visualType === 'image'
			? readMediaSpec(checks, { name: 'image', displayName: 'Image', kind: 'image' })
			: readMediaSpec(checks, { name: 'video', displayName: 'Video', kind: 'video' });
	return await prepareMedia(context, checks, spec);
}
