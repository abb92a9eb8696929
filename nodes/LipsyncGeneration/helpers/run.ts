import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemResult } from '../../shared/items';
import { pairedOutput, runItems } from '../../shared/items';

/** The request part of an operation for one item, returned once its parameters were checked. */
export type PreparedTask = () => Promise<ItemResult>;

/**
 * Runs an operation in two passes: first every item's parameters are checked (`prepare`), so a
 * bad item stops the node before any request; then the prepared requests run, outputs paired.
 * With Continue On Fail a bad item becomes an error item and the others still run.
 */
export async function runPrepared(
	context: IExecuteFunctions,
	prepare: (itemIndex: number) => Promise<PreparedTask>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const indices = context.getInputData().map((_, index) => index);
	const tasks = new Map<number, PreparedTask>();
	const validation = await runItems(context, indices, 1, async (itemIndex) => {
		tasks.set(itemIndex, await prepare(itemIndex));
		return [];
	});
	const rejected = validation.filter((outcome) => outcome.failed);
	const ready = indices.filter((index) => tasks.has(index));
	const outcomes = await runItems(context, ready, concurrency, async (itemIndex) => {
		return await tasks.get(itemIndex)!();
	});
	return pairedOutput([...rejected, ...outcomes]);
}
