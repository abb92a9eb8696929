import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import { deleteGeneration, normaliseGeneration } from '../../../sync/api/generations';
import { generationIdProperty } from '../../../sync/parameters/ids';

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['delete'] } },
	[
		{
			displayName:
				'Only finished generations (COMPLETED, FAILED or REJECTED) can be deleted; Sync refuses one that is still running.',
			name: 'deleteNotice',
			type: 'notice',
			default: '',
		},
		generationIdProperty,
	],
);

/** Deletes a finished generation; a running one is refused by Sync with 409. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const id = checks.id(checks.read('generationId', ''), 'Generation ID');
		return async () => {
			const deleted = await deleteGeneration(this, id, itemIndex);
			return { json: { ...(deleted ? normaliseGeneration(deleted) : { id }), deleted: true } };
		};
	});
}
