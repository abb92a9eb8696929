import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import pLimit from 'p-limit';

/** What one input item produced: one output item, or several (e.g. a list operation). */
export type ItemResult = INodeExecutionData | INodeExecutionData[];

/** The result of running an operation for one item; `failed` is set for Continue On Fail errors. */
export interface ItemOutcome {
	itemIndex: number;
	/** Orders the outcomes of one item (several jobs per item); default 0. */
	order?: number;
	items: INodeExecutionData[];
	failed?: Error;
}

/** A unit of work for one input item; several tasks may share an item. */
export interface ItemTask {
	itemIndex: number;
	/** Orders the outcomes of one item's tasks. */
	order?: number;
}

/** Runs `task` for each index with at most `limit` running at once; results keep input order. */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const run = pLimit(Math.max(1, limit));
	return await Promise.all(
		Array.from({ length: count }, async (_, index) => await run(async () => await task(index))),
	);
}

/** The JSON of an error output item: the message plus what the error knows (code, ids, hints). */
function errorItemJson(error: Error): IDataObject {
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
 * The item Continue On Fail emits for a failed input item. "Continue" (regular output) gets the
 * detailed json. With "On Error: Continue (using error output)" n8n moves an item to the error
 * output only when its json holds `error` and at most `message` besides (n8n 2.8; newer n8n also
 * `details`), and it cuts the json of an item carrying `item.error` down to the message. So that
 * mode gets `error` (the message, as in the regular output) and `message`: everything else the
 * error knows (description, code, the job's language, its cost estimate…), nested.
 */
export function errorItem(error: Error): INodeExecutionData {
	const isNodeError = error instanceof NodeApiError || error instanceof NodeOperationError;
	const { error: message, ...details } = errorItemJson(error);
	if (isNodeError && error.node?.onError === 'continueErrorOutput') {
		return {
			json:
				Object.keys(details).length > 0 ? { error: message, message: details } : { error: message },
		};
	}
	return { json: { error: message, ...details } };
}

/** The outcome of a failed input item under Continue On Fail: one error item. */
export function failedOutcome(itemIndex: number, error: Error): ItemOutcome {
	return { itemIndex, items: [errorItem(error)], failed: error };
}

/** Keeps n8n's own errors as they are and wraps anything else, tagged with the item. */
export function asNodeError(context: { getNode(): INode }, error: Error, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/**
 * Runs an operation for each task (up to `concurrency` at once). With "Continue On Fail" a failing
 * task yields exactly one error item; otherwise the first failure stops the node and tasks not yet
 * started are never started.
 */
export async function runTasks<T extends ItemTask>(
	context: IExecuteFunctions,
	tasks: T[],
	concurrency: number,
	operation: (task: T) => Promise<ItemResult>,
): Promise<ItemOutcome[]> {
	const continueOnFail = context.continueOnFail();
	let firstError: Error | undefined;
	const outcomes = await mapWithConcurrency(tasks.length, concurrency, async (position) => {
		const task = tasks[position];
		const { itemIndex, order } = task;
		if (firstError) return { itemIndex, order, items: [] };
		try {
			const result = await operation(task);
			return { itemIndex, order, items: Array.isArray(result) ? result : [result] };
		} catch (error) {
			const nodeError = asNodeError(context, error as Error, itemIndex);
			if (continueOnFail) return { ...failedOutcome(itemIndex, nodeError), order };
			firstError ??= nodeError;
			return { itemIndex, order, items: [] };
		}
	});
	if (firstError) throw firstError;
	return outcomes;
}

/** `runTasks` with one task per given item. */
export async function runItems(
	context: IExecuteFunctions,
	itemIndices: number[],
	concurrency: number,
	operation: (itemIndex: number) => Promise<ItemResult>,
): Promise<ItemOutcome[]> {
	const tasks = itemIndices.map((itemIndex) => ({ itemIndex }));
	return await runTasks(
		context,
		tasks,
		concurrency,
		async ({ itemIndex }) => await operation(itemIndex),
	);
}

/** Flattens outcomes in input order, pairing every output item with its input item. */
export function pairedOutput(outcomes: ItemOutcome[]): INodeExecutionData[] {
	return [...outcomes]
		.sort((a, b) => a.itemIndex - b.itemIndex || (a.order ?? 0) - (b.order ?? 0))
		.flatMap(({ itemIndex, items }) =>
			items.map((item) => ({ ...item, pairedItem: { item: itemIndex } })),
		);
}

/**
 * The first pass of an operation that checks before it sends: `prepare` validates each item's
 * parameters (no requests), so a bad item stops the node before anything is sent. With Continue
 * On Fail a bad item becomes an error item (`rejected`) and the others go on.
 */
export async function prepareItems<T>(
	context: IExecuteFunctions,
	prepare: (itemIndex: number) => Promise<T>,
): Promise<{ prepared: Map<number, T>; rejected: ItemOutcome[] }> {
	const indices = context.getInputData().map((_, index) => index);
	const prepared = new Map<number, T>();
	const validation = await runItems(context, indices, 1, async (itemIndex) => {
		prepared.set(itemIndex, await prepare(itemIndex));
		return [];
	});
	return { prepared, rejected: validation.filter((outcome) => outcome.failed) };
}

/** The request part of an operation for one item, returned once its parameters were checked. */
export type PreparedTask = () => Promise<ItemResult>;

/** Checks every item first (`prepareItems`), then runs the prepared requests, outputs paired. */
export async function runPrepared(
	context: IExecuteFunctions,
	prepare: (itemIndex: number) => Promise<PreparedTask>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const { prepared, rejected } = await prepareItems(context, prepare);
	const outcomes = await runItems(
		context,
		[...prepared.keys()],
		concurrency,
		async (itemIndex) => await prepared.get(itemIndex)!(),
	);
	return pairedOutput([...rejected, ...outcomes]);
}

/**
 * One output for all input items (a batch, a combined request), paired with every one of them.
 * With Continue On Fail a failure is that one output's error item.
 */
export async function runForAllItems(
	context: IExecuteFunctions,
	run: () => Promise<INodeExecutionData>,
): Promise<INodeExecutionData[]> {
	const pairedItem = context.getInputData().map((_, item) => ({ item }));
	try {
		return [{ ...(await run()), pairedItem }];
	} catch (error) {
		const nodeError = asNodeError(context, error as Error, 0);
		if (!context.continueOnFail()) throw nodeError;
		return [{ ...errorItem(nodeError), pairedItem }];
	}
}
