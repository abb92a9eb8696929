import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MediaKind } from '../../../shared/binary';
import { binaryInput, checkedBinary } from '../../../shared/binary';
import { runPrepared } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import { uploadAsset } from '../../../sync/api/assets';
import { ASSET_TYPES } from '../../../sync/parameters/media';

const KINDS: MediaKind[] = ['video', 'image', 'audio'];

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The binary property of the item that holds the file; it is streamed to Sync',
	},
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio' },
			{
				name: 'From MIME Type',
				value: 'auto',
				description: 'Video, image or audio, read from the file type',
			},
			{ name: 'Image', value: 'image' },
			{ name: 'Video', value: 'video' },
		],
		default: 'auto',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['upload'] } },
	properties,
);

/**
 * Uploads a binary into the Sync media library (presigned upload, streamed) and returns the
 * asset; its ID can be reused as input of many generations without uploading again.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const property = checks.text(checks.read('binaryPropertyName', 'data'), 'Input Binary Field');
		const mediaType = checks.oneOf(checks.read('mediaType', 'auto'), 'Media Type', [
			...KINDS,
			'auto',
		]);
		let kind = mediaType as MediaKind;
		if (mediaType === 'auto') {
			const { mimeType } = await binaryInput(this, itemIndex, property);
			kind = mimeType.split('/')[0] as MediaKind;
			if (!KINDS.includes(kind)) {
				checks.fail({
					field: `Binary property "${property}"`,
					rule: `is ${mimeType || 'of unknown type'}, not a video, image or audio file`,
					hint: 'Choose the "Media Type" yourself if the MIME type of the file is wrong.',
				});
			}
		}
		const binary = await checkedBinary(this, checks, property, kind);
		return async () => ({
			json: (await uploadAsset(this, binary, ASSET_TYPES[kind], itemIndex)) as IDataObject,
		});
	});
}
