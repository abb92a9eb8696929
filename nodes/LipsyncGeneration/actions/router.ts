import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../shared/router';
import * as asset from './asset';
import * as batch from './batch';
import * as generation from './generation';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, {
		generation: generation.operations,
		batch: batch.operations,
		asset: asset.operations,
	});
}
