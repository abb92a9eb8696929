import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryInput } from '../../../shared/binary';
import type { MediaKind } from '../../../sync/inputs';
import { uploadAsset } from '../../../sync/inputs';
import { runPrepared } from '../../../shared/items';
import { parameterError } from '../../../shared/errors';

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
			{ name: 'From MIME Type', value: 'auto', description: 'Video, image or audio, read from the file type' },
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
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim();
		if (!property) throw parameterError(this, itemIndex, '"Input Binary Field" is empty');
		const binary = await binaryInput(this, itemIndex, property);
		if (binary.size === 0) throw parameterError(this, itemIndex, `Binary property "${property}" is empty`);
		const mediaType = String(this.getNodeParameter('mediaType', itemIndex, 'auto'));
		const kind = (mediaType === 'auto' ? binary.mimeType.split('/')[0] : mediaType) as MediaKind;
		if (!KINDS.includes(kind)) {
			throw parameterError(
				this,
				itemIndex,
				mediaType === 'auto'
					? `Binary property "${property}" is ${binary.mimeType || 'of unknown type'}, not a video, image or audio file`
					: `"Media Type" must be video, image, audio or auto, got "${mediaType}"`,
				'Choose the "Media Type" yourself if the MIME type of the file is wrong.',
			);
		}
		return async () => ({ json: (await uploadAsset(this, binary, kind, itemIndex)) as IDataObject });
	});
}
