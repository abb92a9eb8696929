import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getAsset } from '../../../sync/api';
import { runPrepared } from '../../../shared/items';
import { readId } from '../../helpers/validation';

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['get'] } },
	[
		{
			displayName: 'Asset ID',
			name: 'assetId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of the asset, as output by Asset → Upload',
		},
	],
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const id = readId(this, 'assetId', 'Asset ID', itemIndex);
		return async () => ({ json: (await getAsset(this, id, itemIndex)) as IDataObject });
	});
}
