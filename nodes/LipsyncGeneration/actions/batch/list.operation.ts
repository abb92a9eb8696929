import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { pagingProperties, readPaging } from '../../../shared/parameters/paging';
import { itemChecks } from '../../../shared/validation';
import { listBatches, normaliseBatch } from '../../../sync/api/batches';

const BATCH_STATUSES = ['COMPLETED', 'FAILED', 'JOBS_CREATED', 'PENDING', 'PROCESSING'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'batchStatus',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			...BATCH_STATUSES.map((status) => ({ name: status, value: status })),
		],
		default: '',
		description: 'Only batches with this status',
	},
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		description: 'Only batches created at or after this time',
	},
	{
		displayName: 'Created Before',
		name: 'createdBefore',
		type: 'dateTime',
		default: '',
		description: 'Only batches created at or before this time',
	},
	...pagingProperties,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['list'] } },
	properties,
);

/** Batches, newest first (the API answers them all at once; the limit is applied here). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const status = String(checks.read('batchStatus', '') ?? '');
		if (status) checks.oneOf(status, 'Status', BATCH_STATUSES);
		const after = checks.date(checks.read('createdAfter', ''), 'Created After');
		const before = checks.date(checks.read('createdBefore', ''), 'Created Before');
		if (after && before && after > before) {
			checks.fail({ field: 'Created After', rule: 'is later than "Created Before"' });
		}
		const limit = readPaging(checks);
		const qs: IDataObject = {};
		if (status) qs.status = status;
		if (after) qs.created_after = after.toISOString();
		if (before) qs.created_before = before.toISOString();
		return async () => {
			const batches = await listBatches(this, qs, itemIndex);
			return batches.slice(0, limit).map((batch) => ({ json: normaliseBatch(batch) }));
		};
	});
}
