import type {
	ICredentialType,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import type { IncomingHttpHeaders } from 'node:http';

import type { CredentialsByType } from './credentials';
import type { HttpCall } from './server';
import type { WaitingExecution, WebhookCall } from './waiting';
import type { NodeSetup } from './workflow';

/** What the harness's methods take and return. */

export interface NodeHarnessOptions {
	/** Credential classes the nodes may use, e.g. `[new VideoDubSyncLabsApi()]`. */
	credentialTypes?: ICredentialType[];
}

export interface NodeOptions {
	/** The node class instance, e.g. `new LipsyncGeneration()`. */
	node: INodeType | IVersionedNodeType;
	/** Parameters as set in the editor; unset ones get their defaults like in n8n. */
	parameters?: INodeParameters;
	/** Decrypted credential values by credential type name, e.g. `{ videoDubSyncLabsApi: { apiKey } }`. */
	credentials?: CredentialsByType;
	nodeName?: string;
	/** The node's id; the same id in two runs plays the same workflow imported twice. */
	nodeId?: string;
	typeVersion?: number;
	mode?: WorkflowExecuteMode;
}

export interface RunNodeOptions extends NodeOptions {
	/** Input items; default one empty item. */
	items?: INodeExecutionData[];
	/** `true`: On Error "Continue (regular output)"; `'errorOutput'`: "Continue (error output)". */
	continueOnFail?: boolean | 'errorOutput';
	/** "Retry On Fail" with this many tries in all. */
	maxTries?: number;
	abortSignal?: AbortSignal;
	executionId?: string;
}

export interface RunNodeResult {
	/** What `execute()` returned (null when it threw). */
	output: INodeExecutionData[][] | null;
	/** What `execute()` threw. */
	error?: Error;
	/** Set when the node put the execution to wait; see `waiting`. */
	waitTill?: Date;
	waiting?: WaitingExecution;
	hints: NodeExecutionHint[];
	executionId: string;
	/** The node as it ran, parameters completed with defaults. */
	node: INode;
}

export interface ListSearchOptions extends NodeOptions {
	/** The `searchListMethod` of a resource locator's list mode, e.g. `searchModels`. */
	method: string;
	filter?: string;
	paginationToken?: string;
}

export interface ListenWebhookOptions extends NodeOptions {
	/** Which of the node's webhooks (description.webhooks[].name); default `default`. */
	webhookName?: string;
}

export interface RunWebhookOptions extends ListenWebhookOptions {
	request?: HttpCall & { query?: Record<string, string> };
}

export interface RunWebhookResult extends WebhookCall {
	statusCode: number;
	responseBody: string;
	/** `responseBody` parsed, when it is JSON. */
	responseJson?: unknown;
	responseHeaders: IncomingHttpHeaders;
}

/** The node as `createNode` builds it from a run's options. */
export function nodeSetupOf(
	options: NodeOptions & { continueOnFail?: boolean | 'errorOutput' },
): NodeSetup {
	return {
		nodeType: options.node,
		parameters: options.parameters,
		credentialTypes: Object.keys(options.credentials ?? {}),
		nodeName: options.nodeName,
		nodeId: options.nodeId,
		typeVersion: options.typeVersion,
		continueOnFail: options.continueOnFail,
	};
}
