import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listBatches } from '../../../sync/api';
import { normaliseBatch } from '../../../sync/batch';
import { runPrepared } from '../../../shared/items';
import { parameterError } from '../../../shared/errors';
import { readNumberInRange } from '../../helpers/validation';
import { limitProperty, returnAllProperty } from '../generation/list.operation';

const BATCH_STATUSES = ['COMPLETED', 'FAILED', 'JOBS_CREATED', 'PENDING', 'PROCESSING'];

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
	returnAllProperty,
	limitProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['list'] } },
	properties,
);

function readDate(context: IExecuteFunctions, name: string, displayName: string, itemIndex: number) {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = raw instanceof Date ? raw.toISOString() : String(raw ?? '').trim();
	if (!text) return undefined;
	const time = Date.parse(text);
	if (Number.isNaN(time)) {
		throw parameterError(context, itemIndex, `"${displayName}" is not a date: "${text.slice(0, 60)}"`);
	}
	return new Date(time);
}

/** Batches, newest first (the API answers them all at once; the limit is applied here). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const status = String(this.getNodeParameter('batchStatus', itemIndex, '') ?? '');
		if (status && !BATCH_STATUSES.includes(status)) {
			throw parameterError(this, itemIndex, `"Status" must be one of ${BATCH_STATUSES.join(', ')}, got "${status}"`);
		}
		const after = readDate(this, 'createdAfter', 'Created After', itemIndex);
		const before = readDate(this, 'createdBefore', 'Created Before', itemIndex);
		if (after && before && after > before) {
			throw parameterError(this, itemIndex, '"Created After" is later than "Created Before"');
		}
		const returnAll = Boolean(this.getNodeParameter('returnAll', itemIndex, false));
		const limit = returnAll
			? Infinity
			: readNumberInRange(this, 'limit', 'Limit', itemIndex, { min: 1, max: 100, integer: true, fallback: 50 });
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
