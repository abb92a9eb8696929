import {
	LoadOptionsContext,
	WAITING_TOKEN_QUERY_PARAM,
	generateUrlSignature,
	prepareUrlForSigning,
} from 'n8n-core';
import type {
	IBinaryData,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
	IWebhookData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

import { BinaryStore, inlineBinary } from './binary';
import { HarnessCredentialsHelper, type CredentialsByType } from './credentials';
import { WebhookEndpoint } from './endpoint';
import { acquireEnvironment, releaseEnvironment, type HarnessEnvironment } from './environment';
import { executeNode } from './execute';
import { formatLogLines, type LogLine } from './log-capture';
import { HarnessServer, sendHttp, type HttpCall } from './server';
import { WaitingExecution, toWebhookCall, type WebhookCall } from './waiting';
import {
	getNodeWebhooks,
	invokeWebhook,
	responseCodeOf,
	sendDefaultResponse,
	toWebhookRequest,
	toWebhookResponse,
} from './webhook';
import {
	createAdditionalData,
	createNode,
	createWorkflow,
	savedStaticData,
	type NodeSetup,
} from './workflow';

export interface NodeHarnessOptions {
	/** Credential classes the nodes may use, e.g. `[new VideoDubSyncLabsApi()]`. */
	credentialTypes?: ICredentialType[];
}

interface NodeOptions {
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

/**
 * Runs nodes' real `execute()` / `webhook()` inside n8n-core's ExecuteContext / WebhookContext,
 * with real HTTP, the real binary data service and real credential authentication.
 */
export class NodeHarness {
	/** Every line nodes (and n8n-core) logged through `this.logger` while this harness ran. */
	readonly logs: LogLine[] = [];

	/**
	 * The workflow static data n8n would have saved (`getWorkflowStaticData`). As in n8n it is saved
	 * after production runs only (any mode but `manual`), and after a webhook call only when the call
	 * started an execution (returned `workflowData`).
	 */
	staticData: IDataObject = {};

	readonly binary: BinaryStore;

	private readonly workflowId = 'harnessWorkflow1';

	private executionCounter = 1000;

	private readonly running = new Set<string>();

	private readonly waiting = new Map<string, WaitingExecution>();

	private readonly endpoints = new Map<string, WebhookEndpoint>();

	private readonly stopListening: () => void;

	private server!: HarnessServer;

	private constructor(
		private readonly environment: HarnessEnvironment,
		private readonly credentialTypes: ICredentialType[],
	) {
		this.binary = new BinaryStore(environment.binaryDataService, this.workflowId);
		this.stopListening = environment.logger.listen((line) => this.logs.push(line));
	}

	static async start(options: NodeHarnessOptions = {}): Promise<NodeHarness> {
		const harness = new NodeHarness(await acquireEnvironment(), options.credentialTypes ?? []);
		harness.server = await HarnessServer.start(async (req, res) => await harness.route(req, res));
		return harness;
	}

	/** The harness "instance" URL (`getInstanceBaseUrl()`), e.g. http://127.0.0.1:4321/ */
	get baseUrl(): string {
		return this.server.baseUrl;
	}

	async close(): Promise<void> {
		this.stopListening();
		await this.server.close();
		await releaseEnvironment();
	}

	// ---- binary data -------------------------------------------------------------------------

	/** A stored input binary (has an `id`), streamed from a file. */
	async binaryFromFile(path: string, mimeType?: string, fileName?: string): Promise<IBinaryData> {
		return await this.binary.fromFile(path, mimeType, fileName);
	}

	/** A stored input binary (has an `id`). */
	async binaryFromBuffer(buffer: Buffer, mimeType: string, fileName?: string) {
		return await this.binary.fromBuffer(buffer, mimeType, fileName);
	}

	/** An inline binary without `id` (base64 `data`), as n8n 1.x memory mode delivers it. */
	inlineBinary(buffer: Buffer, mimeType: string, fileName?: string): IBinaryData {
		return inlineBinary(buffer, mimeType, fileName);
	}

	async readBinary(binary: IBinaryData): Promise<Buffer> {
		return await this.binary.read(binary);
	}

	async readBinaryStream(binary: IBinaryData): Promise<Readable> {
		return await this.binary.readStream(binary);
	}

	/** All logged lines as text, to check e.g. that no API key was ever logged. */
	logText(): string {
		return formatLogLines(this.logs);
	}

	// ---- execute() ---------------------------------------------------------------------------

	async runNode(options: RunNodeOptions): Promise<RunNodeResult> {
		const executionId = options.executionId ?? String(++this.executionCounter);
		const credentials = options.credentials ?? {};
		const mode = options.mode ?? 'manual';
		const workflow = createWorkflow(
			this.workflowId,
			createNode(this.nodeSetup(options)),
			options.node,
			this.staticData,
		);
		const node = Object.values(workflow.nodes)[0];
		const items = options.items ?? [{ json: {} }];

		this.running.add(executionId);
		const outcome = await executeNode({
			workflow,
			node,
			additionalData: this.additionalData(executionId, credentials),
			mode,
			items,
			abortSignal: options.abortSignal,
			maxTries: options.maxTries,
		}).finally(() => this.running.delete(executionId));

		if (mode !== 'manual') this.staticData = savedStaticData(workflow);

		let waiting: WaitingExecution | undefined;
		if (outcome.waitTill && !outcome.error) {
			waiting = new WaitingExecution(
				executionId,
				node.id,
				outcome.waitTill,
				outcome.context.getSignedResumeUrl(),
				{
					nodeType: options.node,
					node: structuredClone(node),
					items,
					runExecutionData: outcome.runExecutionData,
					credentials,
					mode,
				},
			);
			this.waiting.set(executionId, waiting);
		}

		return {
			output: outcome.output,
			error: outcome.error,
			waitTill: outcome.waitTill,
			waiting,
			hints: outcome.hints,
			executionId,
			node: structuredClone(node),
		};
	}

	// ---- methods.listSearch (resource locators) -------------------------------------------------

	/** What the editor gets when a user opens (or searches, or scrolls) a resource locator's list. */
	async listSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
		const workflow = createWorkflow(
			this.workflowId,
			createNode(this.nodeSetup(options)),
			options.node,
			{},
		);
		const node = Object.values(workflow.nodes)[0];
		const nodeType = options.node as INodeType;
		const search = nodeType.methods?.listSearch?.[options.method];
		if (!search)
			throw new Error(`Node "${node.name}" has no list search method "${options.method}"`);
		const context = new LoadOptionsContext(
			workflow,
			node,
			this.additionalData(undefined, options.credentials ?? {}),
			'',
		);
		return await search.call(context, options.filter, options.paginationToken);
	}

	/** The waiting execution with this id, if any. */
	getWaiting(executionId: string): WaitingExecution | undefined {
		return this.waiting.get(executionId);
	}

	// ---- webhook() (triggers) ----------------------------------------------------------------

	/**
	 * Registers the node's production webhook on the harness server, like activating a workflow.
	 * Anyone (a test, the emulator) can then call `endpoint.url`.
	 */
	listenWebhook(options: ListenWebhookOptions): WebhookEndpoint {
		const mode = options.mode ?? 'webhook';
		const node = createNode(this.nodeSetup(options));
		const webhookName = options.webhookName ?? 'default';

		const probe = createWorkflow(this.workflowId, structuredClone(node), options.node, {});
		const probeNode = Object.values(probe.nodes)[0];
		const probeData = this.additionalData(undefined, {});
		const webhook = getNodeWebhooks(probe, probeNode, probeData, mode).find(
			({ webhookDescription }) =>
				webhookDescription.name === webhookName && webhookDescription.restartWebhook !== true,
		);
		if (!webhook) throw new Error(`Node "${node.name}" has no webhook named "${webhookName}"`);

		const endpoint: WebhookEndpoint = new WebhookEndpoint(
			`${this.baseUrl}webhook/${webhook.path}`,
			webhook.httpMethod,
			webhook.path,
			async (req, res) => await this.trigger(endpoint, options, node, webhook, req, res),
			() => this.endpoints.delete(webhook.path),
		);
		this.endpoints.set(webhook.path, endpoint);
		return endpoint;
	}

	/** Sends one HTTP request to the node's webhook and returns what `webhook()` and HTTP gave. */
	async runWebhook(options: RunWebhookOptions): Promise<RunWebhookResult> {
		const endpoint = this.listenWebhook(options);
		try {
			const { query, ...call } = options.request ?? {};
			const url = new URL(endpoint.url);
			for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
			const reply = await sendHttp(url.toString(), { method: endpoint.method, ...call });
			if (reply.statusCode === 404 && endpoint.calls.length === 0) {
				throw new Error(`The request did not reach webhook(): ${reply.body}`);
			}
			const received = await endpoint.nextCall(5_000);
			return {
				...received,
				statusCode: reply.statusCode,
				responseBody: reply.body,
				responseJson: reply.json,
				responseHeaders: reply.headers,
			};
		} finally {
			endpoint.close();
		}
	}

	// ---- HTTP routing ------------------------------------------------------------------------

	private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { pathname } = new URL(req.url ?? '/', this.baseUrl);
		const [root, ...rest] = pathname.split('/').filter(Boolean).map(decodeURIComponent);
		if (root === 'webhook-waiting' && rest.length > 0) {
			return await this.resume(req, res, rest[0], rest.slice(1).join('/'));
		}
		if (root === 'webhook') {
			const path = rest.join('/');
			const endpoint = this.endpoints.get(path);
			if (endpoint && endpoint.method === req.method) return await endpoint.handle(req, res);
			return reply(res, 404, `The requested webhook "${req.method} ${path}" is not registered.`);
		}
		reply(res, 404, `Cannot ${req.method} ${pathname}`);
	}

	/** n8n's LiveWebhooks: one request to a trigger's production URL. */
	private async trigger(
		endpoint: WebhookEndpoint,
		options: ListenWebhookOptions,
		node: INode,
		webhook: IWebhookData,
		req: IncomingMessage,
		res: ServerResponse,
	): Promise<void> {
		const mode = options.mode ?? 'webhook';
		const workflow = createWorkflow(
			this.workflowId,
			structuredClone(node),
			options.node,
			this.staticData,
		);
		const workflowNode = Object.values(workflow.nodes)[0];
		// A new execution only gets its id after webhook() returned, so there is none yet.
		const additionalData = this.additionalData(undefined, options.credentials ?? {});
		const request = await toWebhookRequest(req);
		const response = toWebhookResponse(res);
		const outcome = await invokeWebhook({
			workflow,
			node: workflowNode,
			webhookData: { ...webhook, workflowExecuteAdditionalData: additionalData },
			additionalData,
			mode,
			runExecutionData: null,
			request,
			response,
		});
		endpoint.record(toWebhookCall(request, outcome));
		const { webhookDescription } = webhook;
		const responseCode = responseCodeOf(workflow, workflowNode, webhookDescription, mode);
		sendDefaultResponse(response, outcome, responseCode);
		// Static data is saved with the execution, and only a returned workflowData starts one.
		if (outcome.result?.workflowData !== undefined && mode !== 'manual') {
			this.staticData = savedStaticData(workflow);
		}
	}

	/** n8n's WaitingWebhooks: continue a waiting execution through the node's `webhook()`. */
	private async resume(
		req: IncomingMessage,
		res: ServerResponse,
		executionId: string,
		suffix: string,
	): Promise<void> {
		const waiting = this.waiting.get(executionId);
		if (this.running.has(executionId) || waiting?.status === 'running') {
			return reply(res, 409, `The execution "${executionId}" is running already.`);
		}
		if (!waiting) return reply(res, 404, `The execution "${executionId}" does not exist.`);
		if (waiting.status === 'finished') {
			return reply(res, 409, `The execution "${executionId}" has finished already.`);
		}

		const { saved } = waiting;
		// The node is disabled so that the continuing execution does not start the wait again.
		const node: INode = { ...structuredClone(saved.node), disabled: true };
		const workflow = createWorkflow(this.workflowId, node, saved.nodeType, this.staticData);
		const workflowNode = Object.values(workflow.nodes)[0];
		const additionalData = this.additionalData(executionId, saved.credentials);
		const webhook = getNodeWebhooks(workflow, workflowNode, additionalData, saved.mode).find(
			(candidate) =>
				candidate.httpMethod === req.method &&
				candidate.path === suffix &&
				candidate.webhookDescription.restartWebhook === true,
		);
		if (!webhook) {
			return reply(
				res,
				404,
				`The workflow for execution "${executionId}" does not contain a waiting webhook ` +
					'with a matching path/method.',
			);
		}
		if (saved.runExecutionData.validateSignature && !this.hasValidSignature(req)) {
			return reply(res, 401, 'Invalid token');
		}

		waiting.status = 'running';
		const runExecutionData = structuredClone(saved.runExecutionData);
		runExecutionData.waitTill = undefined;
		runExecutionData.executionData!.nodeExecutionStack[0].node = workflowNode;

		const request = await toWebhookRequest(req);
		const response = toWebhookResponse(res);
		const outcome = await invokeWebhook({
			workflow,
			node: workflowNode,
			webhookData: webhook,
			additionalData,
			mode: saved.mode,
			runExecutionData,
			request,
			response,
		});
		const call = toWebhookCall(request, outcome);
		waiting.calls.push(call);
		const { webhookDescription } = webhook;
		const responseCode = responseCodeOf(workflow, workflowNode, webhookDescription, saved.mode);
		sendDefaultResponse(response, outcome, responseCode);

		const workflowData = outcome.result?.workflowData;
		if (outcome.error || workflowData === undefined) {
			// Nothing was started, so n8n still has the execution as waiting.
			waiting.status = 'waiting';
			return;
		}
		if (saved.mode !== 'manual') this.staticData = savedStaticData(workflow);
		waiting.finish({ output: workflowData, call, timedOut: false });
	}

	/** Same check as n8n for resume URLs of nodes that called `setSignatureValidationRequired()`. */
	private hasValidSignature(req: IncomingMessage): boolean {
		const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
		const token = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM);
		if (!token) return false;
		url.searchParams.delete(WAITING_TOKEN_QUERY_PARAM);
		const expected = generateUrlSignature(
			prepareUrlForSigning(url),
			this.environment.instanceSettings.hmacSignatureSecret,
		);
		return (
			token.length === expected.length && timingSafeEqual(Buffer.from(token), Buffer.from(expected))
		);
	}

	// ---- building blocks ---------------------------------------------------------------------

	private nodeSetup(
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

	private additionalData(executionId: string | undefined, credentials: CredentialsByType) {
		const credentialsHelper = new HarnessCredentialsHelper(this.credentialTypes);
		credentialsHelper.setCredentials(credentials);
		return createAdditionalData({
			executionId,
			credentialsHelper,
			baseUrl: this.baseUrl,
		});
	}
}

function reply(res: ServerResponse, code: number, message: string) {
	res.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify({ code, message }));
}
