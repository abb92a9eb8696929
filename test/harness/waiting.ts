import type {
	INode,
	INodeExecutionData,
	INodeType,
	IVersionedNodeType,
	IRunExecutionData,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import type { IncomingHttpHeaders } from 'node:http';

import type { CredentialsByType } from './credentials';

/** One HTTP request that reached a node's `webhook()`. */
export interface WebhookCall {
	method: string;
	path: string;
	query: Record<string, string | string[] | undefined>;
	headers: IncomingHttpHeaders;
	rawBody?: Buffer;
	/** What `webhook()` returned (undefined when it threw). */
	webhookResponse?: unknown;
	workflowData?: INodeExecutionData[][];
	noWebhookResponse?: boolean;
	/** What `webhook()` threw. */
	error?: Error;
}

export interface ResumeResult {
	/** The node's output once the execution continues: what `webhook()` returned, or on timeout
	 * the node's input items unchanged (n8n resumes a timed-out wait with the node disabled). */
	output: INodeExecutionData[][] | null;
	/** The resume call that continued the execution; undefined when the wait timed out. */
	call?: WebhookCall;
	timedOut: boolean;
}

/** What n8n keeps in its database for an execution that is waiting. */
export interface SavedWaitState {
	nodeType: INodeType | IVersionedNodeType;
	node: INode;
	items: INodeExecutionData[];
	runExecutionData: IRunExecutionData;
	credentials: CredentialsByType;
	mode: WorkflowExecuteMode;
}

/**
 * An execution paused by `putExecutionToWait`. Every request to its resume URL runs the node's
 * `webhook()`; the first one returning `workflowData` continues (finishes) the execution. Until
 * then it keeps waiting, as in n8n.
 */
export class WaitingExecution {
	status: 'waiting' | 'running' | 'finished' = 'waiting';

	/** Every request the resume URL received, in order. */
	readonly calls: WebhookCall[] = [];

	private result?: ResumeResult;

	private readonly waiters: Array<(result: ResumeResult) => void> = [];

	constructor(
		readonly executionId: string,
		readonly nodeId: string,
		readonly waitTill: Date,
		/** What `getSignedResumeUrl()` gave the node: `.../webhook-waiting/<id>/<nodeId>?signature=` */
		readonly resumeUrl: string,
		readonly saved: SavedWaitState,
	) {}

	/** Resolves once a resume call continued the execution (or the wait was expired). */
	async resumed(timeoutMs = 10_000): Promise<ResumeResult> {
		if (this.result) return this.result;
		return await new Promise<ResumeResult>((resolve, reject) => {
			const timer = setTimeout(() => {
				const index = this.waiters.indexOf(done);
				if (index >= 0) this.waiters.splice(index, 1);
				reject(
					new Error(
						`Execution ${this.executionId} was not resumed within ${timeoutMs} ms ` +
							`(${this.calls.length} call(s) to its resume URL)`,
					),
				);
			}, timeoutMs);
			const done = (result: ResumeResult) => {
				clearTimeout(timer);
				resolve(result);
			};
			this.waiters.push(done);
		});
	}

	/** Simulates the wait time running out: the node outputs its input items unchanged. */
	expire(): ResumeResult {
		if (this.status !== 'waiting') {
			throw new Error(`Execution ${this.executionId} is ${this.status}, it cannot time out`);
		}
		return this.finish({ output: [this.saved.items], timedOut: true });
	}

	finish(result: ResumeResult): ResumeResult {
		this.status = 'finished';
		this.result = result;
		for (const waiter of this.waiters.splice(0)) waiter(result);
		return result;
	}
}

export function toWebhookCall(
	request: {
		method?: string;
		path: string;
		query: WebhookCall['query'];
		headers: IncomingHttpHeaders;
		rawBody?: Buffer;
	},
	outcome: { result?: IWebhookResponseData; error?: Error },
): WebhookCall {
	return {
		method: request.method ?? 'GET',
		path: request.path,
		query: request.query,
		headers: request.headers,
		rawBody: request.rawBody,
		webhookResponse: outcome.result?.webhookResponse,
		workflowData: outcome.result?.workflowData,
		noWebhookResponse: outcome.result?.noWebhookResponse,
		error: outcome.error,
	};
}
