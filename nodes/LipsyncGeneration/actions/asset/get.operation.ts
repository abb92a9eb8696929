import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import { getAsset } from '../../../sync/api/assets';
import { assetIdProperty } from '../../../sync/parameters/ids';

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['get'] } },
	[
		assetIdProperty({
			name: 'assetId',
			displayName: 'Asset ID',
			assetType: 'ANY',
			description: 'The asset, as output by Asset → Upload',
		}),
	],
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const id = checks.id(checks.read('assetId', ''), 'Asset ID');
		return async () => ({ json: (await getAsset(this, id, itemIndex)) as IDataObject });
	});
}
