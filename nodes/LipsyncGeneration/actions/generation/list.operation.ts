import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ApiContext } from '../../../shared/transport';
import { listGenerations } from '../../../sync/api';
import type { Generation } from '../../../sync/generation';
import { normaliseGeneration } from '../../../sync/generation';
import { runPrepared } from '../../../shared/items';
import { parameterError } from '../../../shared/errors';
import { readNumberInRange } from '../../helpers/validation';

const STATUSES = ['COMPLETED', 'FAILED', 'PENDING', 'PROCESSING', 'REJECTED'];
const PAGE_SIZE = 100;

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 50,
	displayOptions: { show: { returnAll: [false] } },
	description: 'Max number of results to return',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'statusFilter',
		type: 'multiOptions',
		options: STATUSES.map((status) => ({ name: status, value: status })),
		default: [],
		description: 'Only generations with one of these statuses; none selected means all',
	},
	returnAllProperty,
	limitProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['list'] } },
	properties,
);

/**
 * Every generation matching the filter. The list is a bare array, newest first; the next page
 * starts after the last ID of the previous one and the end is a page with fewer than asked for.
 */
export async function listAllGenerations(
	context: ApiContext,
	status: string[],
	itemIndex?: number,
): Promise<Generation[]> {
	const all: Generation[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const page = await listGenerations(context, { status, limit: PAGE_SIZE, cursor }, itemIndex);
		const fresh = page.filter((generation) => !seen.has(generation.id));
		for (const generation of fresh) seen.add(generation.id);
		all.push(...fresh);
		// A server that ignored the cursor would repeat itself: stop instead of looping.
		if (page.length < PAGE_SIZE || fresh.length === 0) return all;
		cursor = page[page.length - 1].id;
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const status = this.getNodeParameter('statusFilter', itemIndex, []) as string[];
		const unknown = (Array.isArray(status) ? status : [status]).filter((s) => !STATUSES.includes(s));
		if (!Array.isArray(status) || unknown.length > 0) {
			throw parameterError(
				this,
				itemIndex,
				`"Status" may only contain ${STATUSES.join(', ')}, got ${JSON.stringify(unknown.length ? unknown : status)}`,
			);
		}
		const returnAll = Boolean(this.getNodeParameter('returnAll', itemIndex, false));
		const limit = returnAll
			? undefined
			: readNumberInRange(this, 'limit', 'Limit', itemIndex, { min: 1, max: 100, integer: true, fallback: 50 });
		return async () => {
			const generations =
				limit === undefined
					? await listAllGenerations(this, status, itemIndex)
					: await listGenerations(this, { status, limit }, itemIndex);
			return generations.map((generation) => ({ json: normaliseGeneration(generation) }));
		};
	});
}
