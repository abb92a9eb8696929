import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runGenerationJobs } from '../../../sync/generation/run';
import { completionProperties } from '../../../sync/parameters/completion';
import {
	generationInputProperties,
	generationModelProperty,
	generationOptionsCollection,
	prepareGenerationRequest,
} from '../../helpers/generationRequest';

const properties: INodeProperties[] = [
	generationModelProperty,
	...generationInputProperties,
	...completionProperties,
	generationOptionsCollection('create'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['create'] } },
	properties,
);

/**
 * One generation per input item: every item is checked first, then submitted (idempotently, at
 * most "Max Concurrent Jobs" at once) and, depending on "Completion", awaited.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runGenerationJobs(
		this,
		async (itemIndex) => await prepareGenerationRequest(this, itemIndex, 'create'),
	);
}
