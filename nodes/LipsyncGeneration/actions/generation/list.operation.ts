import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { collectPages } from '../../../shared/pagination';
import { pagingProperties, readPaging } from '../../../shared/parameters/paging';
import { itemChecks } from '../../../shared/validation';
import { listGenerations, normaliseGeneration } from '../../../sync/api/generations';

const STATUSES = ['COMPLETED', 'FAILED', 'PENDING', 'PROCESSING', 'REJECTED'] as const;
const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'statusFilter',
		type: 'multiOptions',
		options: STATUSES.map((status) => ({ name: status, value: status })),
		default: [],
		description: 'Only generations with one of these statuses; none selected means all',
	},
	...pagingProperties,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['list'] } },
	properties,
);

/** Generations, newest first, optionally by status. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const status = checks.subsetOf(checks.read('statusFilter', []), 'Status', STATUSES);
		const max = readPaging(checks);
		return async () => {
			const generations = await collectPages(
				async (cursor, limit) => await listGenerations(this, { status, limit, cursor }, itemIndex),
				{ max, pageSize: PAGE_SIZE, key: (generation) => generation.id },
			);
			return generations.map((generation) => ({ json: normaliseGeneration(generation) }));
		};
	});
}
