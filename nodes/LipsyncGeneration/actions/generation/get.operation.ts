import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getGeneration } from '../../../sync/api';
import { normaliseGeneration } from '../../../sync/generation';
import { generationResult } from '../../../sync/output';
import { runPrepared } from '../../../shared/items';
import { parameterError } from '../../../shared/errors';
import { readId } from '../../helpers/validation';

export const generationIdProperty: INodeProperties = {
	displayName: 'Generation ID',
	name: 'generationId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '6533643b-aceb-4c40-967e-d9ba9baac39e',
	description: 'The ID of the generation, as output by Create or by the Generation Trigger',
};

const properties: INodeProperties[] = [
	generationIdProperty,
	{
		displayName: 'Download Output',
		name: 'downloadOutput',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the video of a COMPLETED generation into a binary property (otherwise only its URL is returned)',
	},
	{
		displayName: 'Put Output in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		displayOptions: { show: { downloadOutput: [true] } },
		description: 'The binary property the video is written to',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['get'] } },
	properties,
);

/** The current state of a generation (any status); the video too when asked and COMPLETED. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const id = readId(this, 'generationId', 'Generation ID', itemIndex);
		const download = Boolean(this.getNodeParameter('downloadOutput', itemIndex, false));
		const binaryProperty = String(this.getNodeParameter('binaryPropertyOutput', itemIndex, 'data')).trim();
		if (download && !binaryProperty) {
			throw parameterError(this, itemIndex, '"Put Output in Field" is empty');
		}
		return async () => {
			const generation = await getGeneration(this, id, { itemIndex });
			if (download && generation.status === 'COMPLETED') {
				return await generationResult(this, generation, { download, binaryProperty }, itemIndex);
			}
			return { json: normaliseGeneration(generation) };
		};
	});
}
