import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ApiContext } from '../../../shared/transport';
import type { Asset } from '../../../sync/api';
import { listAssets } from '../../../sync/api';
import { runPrepared } from '../../../shared/items';
import { parameterError } from '../../../shared/errors';
import { readNumberInRange } from '../../helpers/validation';
import { limitProperty, returnAllProperty } from '../generation/list.operation';

const ASSET_TYPES = ['AUDIO', 'IMAGE', 'VIDEO'];
const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Types',
		name: 'assetTypes',
		type: 'multiOptions',
		options: ASSET_TYPES.map((type) => ({ name: type.charAt(0) + type.slice(1).toLowerCase(), value: type })),
		default: [],
		description: 'Only assets of these types; none selected means all',
	},
	returnAllProperty,
	limitProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['list'] } },
	properties,
);

/** Assets page by page, following `nextCursor` until there is none (or `max` are read). */
async function collectAssets(context: ApiContext, types: string[], max: number, itemIndex: number) {
	const assets: Asset[] = [];
	const cursors = new Set<string>();
	let cursor: string | undefined;
	do {
		const limit = Math.min(PAGE_SIZE, max - assets.length);
		const page = await listAssets(context, { limit, cursor, types }, itemIndex);
		assets.push(...page.items);
		cursor = page.nextCursor ?? undefined;
		// A repeated cursor would loop forever.
		if (cursor && cursors.has(cursor)) break;
		if (cursor) cursors.add(cursor);
	} while (cursor && assets.length < max);
	return assets.slice(0, max);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const types = this.getNodeParameter('assetTypes', itemIndex, []) as string[];
		if (!Array.isArray(types) || types.some((type) => !ASSET_TYPES.includes(type))) {
			throw parameterError(this, itemIndex, `"Types" may only contain ${ASSET_TYPES.join(', ')}, got ${JSON.stringify(types)}`);
		}
		const returnAll = Boolean(this.getNodeParameter('returnAll', itemIndex, false));
		const max = returnAll
			? Infinity
			: readNumberInRange(this, 'limit', 'Limit', itemIndex, { min: 1, max: 100, integer: true, fallback: 50 });
		return async () => {
			const assets = await collectAssets(this, types, max, itemIndex);
			return assets.map((asset) => ({ json: asset as IDataObject }));
		};
	});
}
