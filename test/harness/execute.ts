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
	const { workflow, node, additionalData, mode, items, abortSignal } = options;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.execute) {
		throw new UnexpectedError(`Node type "${node.type}" has no execute() method`);
	}

	const inputData: ITaskDataConnections = { main: [items] };
	const executeData: IExecuteData = { node, data: inputData, source: null };
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});
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
