import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from './items';

/** What an operation file exports besides its description. */
export interface Operation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

/** A node's operations by resource, then by operation value. */
export type OperationTable = Record<string, Record<string, Operation>>;

/**
 * Runs the operation chosen in the node. Operations handle their items themselves (checking every
 * item first, then running them with Continue On Fail per item); what reaches this point is a
 * failure of the whole node, such as an invalid node-level setting. With Continue On Fail that too
 * becomes one error item per input item, paired, instead of n8n passing the input through.
 */
export async function routeOperation(
	this: IExecuteFunctions,
	operations: OperationTable,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	try {
		const handler = operations[resource]?.[operation];
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of the resource "${resource}" is not supported`,
			);
		}
		return [await handler.execute.call(this)];
	} catch (error) {
		const nodeError = asNodeError(this, error as Error, 0);
		if (!this.continueOnFail()) throw nodeError;
		return [
			this.getInputData().map((_, item) => ({ ...errorItem(nodeError), pairedItem: { item } })),
		];
	}
}
