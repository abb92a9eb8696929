import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import { getBatch, getBatchResults, normaliseBatch } from '../../../sync/api/batches';
import { batchIdProperty } from '../../../sync/parameters/ids';
import { batchResultJson } from '../../helpers/batch';

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['getResults'] } },
	[batchIdProperty],
);

/** The result file of a finished batch: one item per request, its generation normalised. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const id = checks.id(checks.read('batchId', ''), 'Batch ID');
		return async () => {
			const batch = await getBatch(this, id, itemIndex);
			if (batch.status !== 'COMPLETED') {
				const { metrics } = normaliseBatch(batch);
				throw new NodeOperationError(
					this.getNode(),
					batch.status === 'FAILED'
						? `Batch ${id} FAILED as a whole; it has no results`
						: `Batch ${id} is ${batch.status}; its results are ready once it is COMPLETED`,
					{
						itemIndex,
						description:
							batch.status === 'FAILED'
								? 'Check the requests (Dry Run validates them) and create the batch again.'
								: `${metrics.pendingCount ?? '?'} of ${metrics.totalGenerations ?? '?'} generations are still running. Try again later, or let the batch webhook tell you when it is done.`,
					},
				);
			}
			const lines = await getBatchResults(this, batch, itemIndex);
			return lines.map((line) => ({ json: { batchId: id, ...batchResultJson(line) } }));
		};
	});
}
