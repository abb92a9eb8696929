import { ExecuteContext } from 'n8n-core';
import {
	Node,
	UnexpectedError,
	createRunExecutionData,
	type CloseFunction,
	type IExecuteData,
	type INode,
	type INodeExecutionData,
	type IRunExecutionData,
	type ITaskDataConnections,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export interface ExecuteNodeOptions {
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
	mode: WorkflowExecuteMode;
	items: INodeExecutionData[];
	abortSignal?: AbortSignal;
	/**
	 * The node setting "Retry On Fail": how often WorkflowExecute runs the node in all while it
	 * throws, each time in a new context over the same run data (default 1: no retry).
	 */
	maxTries?: number;
}

export interface ExecuteOutcome {
	output: INodeExecutionData[][] | null;
	error?: Error;
	/** Set when the node called `putExecutionToWait`. */
	waitTill?: Date;
	hints: NodeExecutionHint[];
	/** The context the node ran in (e.g. to compute its signed resume URL afterwards). */
	context: ExecuteContext;
	runExecutionData: IRunExecutionData;
}

/**
 * Runs `execute()` of the workflow's single node the way n8n-core's WorkflowExecute.executeNode
 * does: a real ExecuteContext over the input items, then the node's close functions.
 */
export async function executeNode(options: ExecuteNodeOptions): Promise<ExecuteOutcome> {
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeDataOf(options)] },
	});
	let outcome: ExecuteOutcome;
	let tries = 0;
	do {
		outcome = await executeOnce(options, runExecutionData);
		tries += 1;
	} while (outcome.error && tries < (options.maxTries ?? 1));
	return outcome;
}

function executeDataOf({ node, items }: ExecuteNodeOptions): IExecuteData {
	return { node, data: { main: [items] }, source: null };
}

async function executeOnce(
	options: ExecuteNodeOptions,
	runExecutionData: IRunExecutionData,
): Promise<ExecuteOutcome> {
	const { workflow, node, additionalData, mode, items, abortSignal } = options;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.execute) {
		throw new UnexpectedError(`Node type "${node.type}" has no execute() method`);
	}

	const executeData = executeDataOf(options);
	const inputData = executeData.data as ITaskDataConnections;
	const closeFunctions: CloseFunction[] = [];
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		runExecutionData,
		0,
		items,
		inputData,
		executeData,
		closeFunctions,
		abortSignal,
	);

	let output: INodeExecutionData[][] | null = null;
	let error: Error | undefined;
	try {
		const result =
			nodeType instanceof Node
				? await nodeType.execute(context)
				: await nodeType.execute.call(context);
		output = result as INodeExecutionData[][] | null;
	} catch (caught) {
		error = caught instanceof Error ? caught : new Error(String(caught));
	}

	const closing = await Promise.allSettled(closeFunctions.map(async (close) => await close()));
	const closeError = closing.find((settled) => settled.status === 'rejected');
	if (!error && closeError) error = (closeError as PromiseRejectedResult).reason as Error;

	// n8n records the wait on the run data; WorkflowExecute then stops and saves the execution.
	const waitTill = runExecutionData.waitTill ?? undefined;
	return { output, error, waitTill, hints: context.hints, context, runExecutionData };
}
