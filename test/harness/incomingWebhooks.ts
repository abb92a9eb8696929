import { WAITING_TOKEN_QUERY_PARAM, generateUrlSignature, prepareUrlForSigning } from 'n8n-core';
import type {
	IDataObject,
	INode,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { CredentialsByType } from './credentials';
import type { WebhookEndpoint } from './endpoint';
import type { ListenWebhookOptions } from './options';
import { toWebhookCall, type WaitingExecution } from './waiting';
import {
	getNodeWebhooks,
	invokeWebhook,
	responseCodeOf,
	sendDefaultResponse,
	toWebhookRequest,
	toWebhookResponse,
} from './webhook';
import { createWorkflow, savedStaticData } from './workflow';

/**
 * Requests the harness server receives for nodes' `webhook()`: a trigger's production URL (n8n's
 * LiveWebhooks) and a waiting execution's resume URL (n8n's WaitingWebhooks).
 */

/** What the handlers need of the harness. */
export interface WebhookHost {
	/** The harness instance URL, e.g. http://127.0.0.1:4321/ */
	readonly baseUrl: string;
	/** Registered trigger webhooks by path. */
	readonly endpoints: ReadonlyMap<string, WebhookEndpoint>;
	readonly workflowId: string;
	readonly running: ReadonlySet<string>;
	readonly waiting: ReadonlyMap<string, WaitingExecution>;
	/** The workflow static data as saved so far. */
	readonly staticData: IDataObject;
	saveStaticData(data: IDataObject): void;
	readonly hmacSignatureSecret: string;
	additionalData(
		executionId: string | undefined,
		credentials: CredentialsByType,
	): IWorkflowExecuteAdditionalData;
}

/** Routes a request to the harness server: a waiting execution's resume URL or a trigger's URL. */
export async function routeHarnessRequest(
	host: WebhookHost,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const { pathname } = new URL(req.url ?? '/', host.baseUrl);
	const [root, ...rest] = pathname.split('/').filter(Boolean).map(decodeURIComponent);
	if (root === 'webhook-waiting' && rest.length > 0) {
		return await resumeWaitingExecution(host, req, res, rest[0], rest.slice(1).join('/'));
	}
	if (root === 'webhook') {
		const path = rest.join('/');
		const endpoint = host.endpoints.get(path);
		if (endpoint && endpoint.method === req.method) return await endpoint.handle(req, res);
		return reply(res, 404, `The requested webhook "${req.method} ${path}" is not registered.`);
	}
	reply(res, 404, `Cannot ${req.method} ${pathname}`);
}

/** n8n's LiveWebhooks: one request to a trigger's production URL. */
export async function handleTriggerRequest(
	host: WebhookHost,
	endpoint: WebhookEndpoint,
	options: ListenWebhookOptions,
	node: INode,
	webhook: IWebhookData,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const mode = options.mode ?? 'webhook';
	const workflow = createWorkflow(
		host.workflowId,
		structuredClone(node),
		options.node,
		host.staticData,
	);
	const workflowNode = Object.values(workflow.nodes)[0];
	// A new execution only gets its id after webhook() returned, so there is none yet.
	const additionalData = host.additionalData(undefined, options.credentials ?? {});
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
		host.saveStaticData(savedStaticData(workflow));
	}
}

/** n8n's WaitingWebhooks: continue a waiting execution through the node's `webhook()`. */
export async function resumeWaitingExecution(
	host: WebhookHost,
	req: IncomingMessage,
	res: ServerResponse,
	executionId: string,
	suffix: string,
): Promise<void> {
	const waiting = host.waiting.get(executionId);
	if (host.running.has(executionId) || waiting?.status === 'running') {
		return reply(res, 409, `The execution "${executionId}" is running already.`);
	}
	if (!waiting) return reply(res, 404, `The execution "${executionId}" does not exist.`);
	if (waiting.status === 'finished') {
		return reply(res, 409, `The execution "${executionId}" has finished already.`);
	}

	const { saved } = waiting;
	// The node is disabled so that the continuing execution does not start the wait again.
	const node: INode = { ...structuredClone(saved.node), disabled: true };
	const workflow = createWorkflow(host.workflowId, node, saved.nodeType, host.staticData);
	const workflowNode = Object.values(workflow.nodes)[0];
	const additionalData = host.additionalData(executionId, saved.credentials);
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
	if (saved.runExecutionData.validateSignature && !hasValidSignature(host, req)) {
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
	if (saved.mode !== 'manual') host.saveStaticData(savedStaticData(workflow));
	waiting.finish({ output: workflowData, call, timedOut: false });
}

/** Same check as n8n for resume URLs of nodes that called `setSignatureValidationRequired()`. */
function hasValidSignature(host: WebhookHost, req: IncomingMessage): boolean {
	const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
	const token = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM);
	if (!token) return false;
	url.searchParams.delete(WAITING_TOKEN_QUERY_PARAM);
	const expected = generateUrlSignature(prepareUrlForSigning(url), host.hmacSignatureSecret);
	return (
		token.length === expected.length && timingSafeEqual(Buffer.from(token), Buffer.from(expected))
	);
}

function reply(res: ServerResponse, code: number, message: string) {
	res.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify({ code, message }));
}
