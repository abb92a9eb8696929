import { WebhookContext, parseIncomingMessage } from 'n8n-core';
import {
	Node,
	NodeHelpers,
	UnexpectedError,
	jsonParse,
	type CloseFunction,
	type IDataObject,
	type IHttpRequestMethods,
	type INode,
	type IRunExecutionData,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

/** The request as n8n hands it to `webhook()`: an IncomingMessage with express' additions. */
export type WebhookRequest = IncomingMessage & {
	body: unknown;
	rawBody?: Buffer;
	readRawBody: () => Promise<void>;
	query: Record<string, string | string[] | undefined>;
	params: Record<string, string>;
	path: string;
	contentType?: string;
	encoding?: BufferEncoding;
};

/** The response with the express methods nodes use (`status().json()`, `send`, `set`, `end`). */
export type WebhookResponse = ServerResponse & {
	status: (code: number) => WebhookResponse;
	json: (body: unknown) => WebhookResponse;
	send: (body?: unknown) => WebhookResponse;
	set: (field: string, value: string) => WebhookResponse;
	header: (field: string, value: string) => WebhookResponse;
	type: (contentType: string) => WebhookResponse;
	sendStatus: (code: number) => WebhookResponse;
};

/**
 * Adds what n8n's `rawBodyReader` middleware and express add to the request, and parses the body
 * like n8n's `parseBody` (JSON, urlencoded, text; multipart is left unread). The raw bytes stay in
 * `rawBody` for signature checks.
 */
export async function toWebhookRequest(req: IncomingMessage): Promise<WebhookRequest> {
	const request = req as WebhookRequest;
	parseIncomingMessage(request);
	const url = new URL(req.url ?? '/', 'http://localhost');
	request.path = url.pathname;
	request.query = parseQueryString(url.search.slice(1));
	request.params = {};
	request.readRawBody = async () => {
		if (request.rawBody) return;
		let stream: Readable = request;
		const contentEncoding = request.headers['content-encoding'];
		if (contentEncoding === 'gzip') stream = request.pipe(createGunzip());
		if (contentEncoding === 'deflate') stream = request.pipe(createInflate());
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		request.rawBody = Buffer.concat(chunks);
	};

	if (!request.contentType?.startsWith('multipart/')) {
		await request.readRawBody();
		const { rawBody, contentType, encoding } = request;
		if (rawBody?.length) {
			const text = () => rawBody.toString(encoding);
			if (contentType === 'application/json') request.body = jsonParse(text());
			else if (contentType === 'application/x-www-form-urlencoded') {
				request.body = parseQueryString(text());
			} else if (contentType === 'text/plain') request.body = text();
		}
	}
	request.body ??= {};
	return request;
}

/** Adds the express response methods on top of Node's real ServerResponse. */
export function toWebhookResponse(res: ServerResponse): WebhookResponse {
	const response = res as WebhookResponse;
	response.status = (code) => {
		response.statusCode = code;
		return response;
	};
	response.set = (field, value) => {
		response.setHeader(field, value);
		return response;
	};
	response.header = response.set;
	response.type = (contentType) => response.set('Content-Type', contentType);
	response.json = (body) => {
		if (!response.hasHeader('Content-Type')) {
			response.setHeader('Content-Type', 'application/json; charset=utf-8');
		}
		response.end(JSON.stringify(body));
		return response;
	};
	response.send = (body) => {
		if (body === undefined || body === null) response.end();
		else if (Buffer.isBuffer(body)) {
			if (!response.hasHeader('Content-Type')) {
				response.setHeader('Content-Type', 'application/octet-stream');
			}
			response.end(body);
		} else if (typeof body === 'string') {
			if (!response.hasHeader('Content-Type')) {
				response.setHeader('Content-Type', 'text/html; charset=utf-8');
			}
			response.end(body);
		} else response.json(body);
		return response;
	};
	response.sendStatus = (code) => response.status(code).send(String(code));
	return response;
}

/**
 * The webhooks a node registers, with their path and method evaluated like n8n's
 * WebhookService.getNodeWebhooks (restart webhooks included).
 */
export function getNodeWebhooks(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	mode: WorkflowExecuteMode,
): IWebhookData[] {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const webhooks: IWebhookData[] = [];
	for (const description of nodeType.description.webhooks ?? []) {
		const evaluate = <T>(value: unknown, fallback: T) =>
			workflow.expression.getSimpleParameterValue(
				node,
				value as string,
				mode,
				{},
				undefined,
				fallback as string,
			) as T;

		const nodePath = String(evaluate<string>(description.path, '')).replace(/^\/|\/$/g, '');
		const isFullPath = evaluate<boolean>(description.isFullPath, false);
		const restartWebhook = evaluate<boolean>(description.restartWebhook, false);
		const path = NodeHelpers.getNodeWebhookPath(
			workflow.id,
			node,
			nodePath,
			isFullPath,
			restartWebhook,
		);
		const methods = evaluate<string | string[]>(description.httpMethod, 'GET');
		for (const httpMethod of Array.isArray(methods) ? methods : [methods]) {
			webhooks.push({
				httpMethod: httpMethod as IHttpRequestMethods,
				node: node.name,
				path,
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
				webhookId: node.webhookId,
			});
		}
	}
	return webhooks;
}

export interface WebhookInvocation {
	workflow: Workflow;
	node: INode;
	webhookData: IWebhookData;
	additionalData: IWorkflowExecuteAdditionalData;
	mode: WorkflowExecuteMode;
	runExecutionData: IRunExecutionData | null;
	request: WebhookRequest;
	response: WebhookResponse;
}

export interface WebhookOutcome {
	result?: IWebhookResponseData;
	error?: Error;
}

/** Runs `webhook()` in a real WebhookContext, as n8n's WebhookService.runWebhook does. */
export async function invokeWebhook(invocation: WebhookInvocation): Promise<WebhookOutcome> {
	const { workflow, node, webhookData, mode, runExecutionData } = invocation;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.webhook) {
		return { error: new UnexpectedError(`Node type "${node.type}" has no webhook() method`) };
	}
	const additionalData: IWorkflowExecuteAdditionalData = {
		...invocation.additionalData,
		httpRequest: invocation.request as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
		httpResponse: invocation.response as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
	};
	const closeFunctions: CloseFunction[] = [];
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		mode,
		webhookData,
		closeFunctions,
		runExecutionData,
	);
	try {
		const result =
			nodeType instanceof Node
				? await nodeType.webhook(context)
				: await nodeType.webhook.call(context);
		return { result };
	} catch (caught) {
		return { error: caught instanceof Error ? caught : new Error(String(caught)) };
	}
}

/** HTTP status a webhook answers with by default (the description's `responseCode`, else 200). */
export function responseCodeOf(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	mode: WorkflowExecuteMode,
): number {
	const code = workflow.expression.getSimpleParameterValue(
		node,
		description.responseCode as string | undefined,
		mode,
		{},
		undefined,
		'200',
	);
	return Number(code) || 200;
}

/**
 * Answers the request the way n8n does for `responseMode: 'onReceived'` once `webhook()` returned
 * (webhook-helpers.ts: handleImmediateWebhookResponse + the onReceived response). Nothing is
 * written when the node answered itself (`noWebhookResponse`).
 */
export function sendDefaultResponse(
	response: WebhookResponse,
	outcome: WebhookOutcome,
	responseCode: number,
) {
	if (response.headersSent || response.writableEnded) return;
	if (outcome.error) {
		response.status(500).json({ code: 0, message: 'Error in workflow' });
		return;
	}
	const result = outcome.result ?? {};
	if (result.noWebhookResponse === true) return;

	let body: unknown = result.webhookResponse;
	if (body === undefined) {
		body =
			result.workflowData === undefined
				? { message: 'Webhook call received' }
				: { message: 'Workflow was started' };
	}
	response.status(responseCode);
	if (typeof body === 'string') response.send(body);
	else response.json(body as IDataObject);
}
