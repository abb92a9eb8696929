import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import { getBatch, normaliseBatch } from '../../../sync/api/batches';
import { batchIdProperty } from '../../../sync/parameters/ids';

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['get'] } },
	[batchIdProperty],
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const id = checks.id(checks.read('batchId', ''), 'Batch ID');
		return async () => ({ json: normaliseBatch(await getBatch(this, id, itemIndex)) });
	});
}
