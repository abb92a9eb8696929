import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { outputBinaryProperties, readOutputBinary } from '../../../shared/parameters/outputBinary';
import { itemChecks } from '../../../shared/validation';
import { getGeneration, normaliseGeneration } from '../../../sync/api/generations';
import { generationResult } from '../../../sync/generation/output';
import { generationIdProperty } from '../../../sync/parameters/ids';

const properties: INodeProperties[] = [
	generationIdProperty,
	...outputBinaryProperties({
		downloadByDefault: false,
		what: 'the video of a COMPLETED generation',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['get'] } },
	properties,
);

/** The current state of a generation (any status); the video too when asked and COMPLETED. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const id = checks.id(checks.read('generationId', ''), 'Generation ID');
		const output = readOutputBinary(checks, false);
		return async () => {
			const generation = await getGeneration(this, id, { itemIndex });
			if (output.download && generation.status === 'COMPLETED') {
				return await generationResult(this, generation, output, itemIndex);
			}
			return { json: normaliseGeneration(generation) };
		};
	});
}
