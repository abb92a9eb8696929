import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { completionProperties } from '../../../sync/descriptions';
import { runGenerationJobs } from '../../../sync/jobs';
import { generationOptionsCollection } from '../../helpers/options';
import {
	generationInputProperties,
	generationModelProperty,
	prepareGenerationRequest,
} from '../../helpers/request';

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
 * One generation per input item: every item is validated first, then submitted (idempotently, at
 * most "Max Concurrent Jobs" at once) and, depending on "Completion", awaited.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const [items] = await runGenerationJobs(
		this,
		async (itemIndex) => await prepareGenerationRequest(this, itemIndex, 'create'),
	);
	return items;
}
