import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What one input item produced: one output item, or several (e.g. a list operation). */
export type ItemResult = INodeExecutionData | INodeExecutionData[];

/** Runs `task` for each index with at most `limit` running at once; results keep input order. */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	return results;
}

/** The JSON of an error output item: the message plus what the error knows (code, ids, hints). */
export function errorItemJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
		if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
		for (const [key, value] of Object.entries(error.context ?? {})) {
			if (value !== undefined && key !== 'itemIndex' && key !== 'runIndex') json[key] = value;
		}
	}
	return json;
}

/**
 * Runs an operation for every input item (up to `concurrency` at once) and returns the outputs in
 * input order, each paired with its item. With "Continue On Fail" a failing item yields exactly one
 * error item; otherwise the first failure stops the node.
 */
export async function runForEachItem(
	context: IExecuteFunctions,
	operation: (itemIndex: number) => Promise<ItemResult>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const itemCount = context.getInputData().length;
	const continueOnFail = context.continueOnFail();
	let stopped = false;
	const outcomes = await mapWithConcurrency(itemCount, concurrency, async (itemIndex) => {
		// After a failure without Continue On Fail, items not yet started are not started at all.
		if (stopped) return { itemIndex, result: [] as INodeExecutionData[] };
		try {
			return { itemIndex, result: await operation(itemIndex) };
		} catch (error) {
			if (!continueOnFail) {
				stopped = true;
				return { itemIndex, error: error as Error };
			}
			return { itemIndex, result: { json: errorItemJson(error as Error) } };
		}
	});
	const failure = outcomes.find((outcome) => 'error' in outcome && outcome.error);
	if (failure && 'error' in failure && failure.error) {
		const { error, itemIndex } = failure;
		if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
		throw new NodeOperationError(context.getNode(), error, { itemIndex });
	}
	return outcomes.flatMap(({ itemIndex, result }) =>
		(Array.isArray(result) ? result : result ? [result] : []).map((item) => ({
			...item,
			pairedItem: { item: itemIndex },
		})),
	);
}
