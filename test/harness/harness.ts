import { LoadOptionsContext } from 'n8n-core';
import type {
	IBinaryData,
	ICredentialType,
	IDataObject,
	INodeListSearchResult,
	INodeType,
} from 'n8n-workflow';
import type { Readable } from 'node:stream';

import { BinaryStore, inlineBinary } from './binary';
import { HarnessCredentialsHelper, type CredentialsByType } from './credentials';
import { WebhookEndpoint } from './endpoint';
import { acquireEnvironment, releaseEnvironment, type HarnessEnvironment } from './environment';
import { executeNode } from './execute';
import { handleTriggerRequest, routeHarnessRequest, type WebhookHost } from './incomingWebhooks';
import { formatLogLines, type LogLine } from './log-capture';
import {
	nodeSetupOf,
	type ListenWebhookOptions,
	type ListSearchOptions,
	type NodeHarnessOptions,
	type RunNodeOptions,
	type RunNodeResult,
	type RunWebhookOptions,
	type RunWebhookResult,
} from './options';
import { HarnessServer, sendHttp } from './server';
import { WaitingExecution } from './waiting';
import { getNodeWebhooks } from './webhook';
import { createAdditionalData, createNode, createWorkflow, savedStaticData } from './workflow';

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
		harness.server = await HarnessServer.start(
			async (req, res) => await routeHarnessRequest(harness.webhookHost(), req, res),
		);
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
			createNode(nodeSetupOf(options)),
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
			createNode(nodeSetupOf(options)),
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
		const node = createNode(nodeSetupOf(options));
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
			async (req, res) =>
				await handleTriggerRequest(this.webhookHost(), endpoint, options, node, webhook, req, res),
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

	// ---- building blocks ---------------------------------------------------------------------

	/** The harness as the webhook handlers see it, with the static data as saved right now. */
	private webhookHost(): WebhookHost {
		return {
			baseUrl: this.baseUrl,
			workflowId: this.workflowId,
			endpoints: this.endpoints,
			running: this.running,
			waiting: this.waiting,
			staticData: this.staticData,
			saveStaticData: (data) => (this.staticData = data),
			hmacSignatureSecret: this.environment.instanceSettings.hmacSignatureSecret,
			additionalData: (executionId, credentials) => this.additionalData(executionId, credentials),
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
