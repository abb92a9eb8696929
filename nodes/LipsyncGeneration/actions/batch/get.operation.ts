import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getBatch } from '../../../sync/api';
import { normaliseBatch } from '../../../sync/batch';
import { runPrepared } from '../../../shared/items';
import { readId } from '../../helpers/validation';

export const batchIdProperty: INodeProperties = {
	displayName: 'Batch ID',
	name: 'batchId',
	type: 'string',
	default: '',
	required: true,
	description: 'The ID of the batch, as output by Batch → Create',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['get'] } },
	[batchIdProperty],
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const id = readId(this, 'batchId', 'Batch ID', itemIndex);
		return async () => ({ json: normaliseBatch(await getBatch(this, id, itemIndex)) });
	});
}
