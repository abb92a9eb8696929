import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as asset from './asset';
import * as batch from './batch';
import * as generation from './generation';

type Operation = { execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> };

const RESOURCES: Record<string, Record<string, Operation>> = {
	generation: generation.operations,
	batch: batch.operations,
	asset: asset.operations,
};

/** Dispatches to the operation chosen in the node; each one handles all input items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = RESOURCES[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of the resource "${resource}" is not supported`,
		);
	}
	return [await handler.execute.call(this)];
}
