import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { collectPages } from '../../../shared/pagination';
import { pagingProperties, readPaging } from '../../../shared/parameters/paging';
import { itemChecks } from '../../../shared/validation';
import { listAssets } from '../../../sync/api/assets';

const ASSET_TYPES = ['AUDIO', 'IMAGE', 'VIDEO'] as const;
const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Types',
		name: 'assetTypes',
		type: 'multiOptions',
		options: ASSET_TYPES.map((type) => ({
			name: type.charAt(0) + type.slice(1).toLowerCase(),
			value: type,
		})),
		default: [],
		description: 'Only assets of these types; none selected means all',
	},
	...pagingProperties,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['list'] } },
	properties,
);

/** The media library, page by page. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const types = checks.subsetOf(checks.read('assetTypes', []), 'Types', ASSET_TYPES);
		const max = readPaging(checks);
		return async () => {
			const assets = await collectPages(
				async (cursor, limit) => await listAssets(this, { limit, cursor, types }, itemIndex),
				{ max, pageSize: PAGE_SIZE, key: (asset) => asset.id },
			);
			return assets.map((asset) => ({ json: asset as IDataObject }));
		};
	});
}
