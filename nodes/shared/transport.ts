import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleepWithAbort } from 'n8n-workflow';

import type { BinaryStream } from './binary';
import type { VendorError } from './errors';
import { parseVendorError, vendorApiError } from './errors';
import { redactText, redactValue } from './redact';
import type { FailureKind, RetryPolicy } from './retry';
import {
	DEFAULT_RETRY_POLICY,
	backoffDelayMs,
	classifyNetworkError,
	classifyResponse,
	isRetryable,
	retryAfterHeaderMs,
} from './retry';
import type { Vendor } from './vendors';
import { VENDORS, credentialSecrets } from './vendors';

export type ApiContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

export type RequestBody = IDataObject | IDataObject[] | FormData | Buffer | BinaryStream | string;

export interface ApiRequestOptions {
	method: IHttpRequestMethods;
	/**
	 * Path under the vendor's base URL, e.g. `/v2/generate`, or an absolute URL the vendor returned.
	 * An absolute URL gets the credential only when it lies under the credential's base URL.
	 */
	path: string;
	qs?: IDataObject;
	/**
	 * A one-shot body (a stream or a form holding streams is sent once and never retried), or a
	 * function that builds a fresh body for every attempt, which makes retrying possible.
	 */
	body?: RequestBody | (() => RequestBody | Promise<RequestBody>);
	headers?: Record<string, string>;
	/** How to read a successful response. Default `json`. */
	response?: 'json' | 'text' | 'stream';
	/**
	 * Sent as the `Idempotency-Key` header. A POST is retried after an uncertain failure only when
	 * it carries one, because the vendor then replays the first result instead of creating a second job.
	 */
	idempotencyKey?: string;
	timeoutMs?: number;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
}

export interface ApiResponse<T> {
	body: T;
	headers: IDataObject;
	statusCode: number;
}

interface RawResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

interface SendPlan {
	vendor: Vendor;
	options: ApiRequestOptions;
	secrets: string[];
	send: (body: RequestBody | undefined) => Promise<RawResponse>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Calls a vendor API with the node's credential: base URL from the credential, authentication by
 * n8n, retries with backoff for transient failures, and vendor errors mapped to NodeApiError.
 */
export async function apiRequest<T = unknown>(
	this: ApiContext,
	vendor: Vendor,
	options: ApiRequestOptions,
): Promise<ApiResponse<T>> {
	const { credentialType } = VENDORS[vendor];
	const credentials = await this.getCredentials(credentialType, options.itemIndex);
	const baseURL = VENDORS[vendor].baseUrl(credentials);
	if (/^https?:\/\//i.test(options.path)) {
		if (!options.path.startsWith(`${baseURL}/`)) {
			return (await signedUrlRequest.call(this, vendor, options.path, options)) as ApiResponse<T>;
		}
		options = { ...options, path: options.path.slice(baseURL.length) };
	}
	const send = async (body: RequestBody | undefined) =>
		(await this.helpers.httpRequestWithAuthentication.call(
			this,
			credentialType,
			requestOptions({ ...options, url: `${baseURL}${options.path}` }, body),
		)) as RawResponse;
	return await sendWithRetries<T>(this, { vendor, options, secrets: credentialSecrets(credentials), send });
}

/**
 * Calls a pre-signed URL (a generation's output, an upload target). These URLs carry their own
 * authorisation, so no credential is sent: the API key never reaches the storage host.
 */
export async function signedUrlRequest<T = unknown>(
	this: ApiContext,
	vendor: Vendor,
	url: string,
	options: Omit<ApiRequestOptions, 'path' | 'idempotencyKey'>,
): Promise<ApiResponse<T>> {
	// n8n adds the execution's cancel signal only to authenticated requests; add it here too.
	const abortSignal = cancelSignal(this);
	const send = async (body: RequestBody | undefined) =>
		(await this.helpers.httpRequest({ ...requestOptions({ ...options, url }, body), abortSignal })) as RawResponse;
	return await sendWithRetries<T>(this, {
		vendor,
		options: { ...options, path: new URL(url).pathname },
		secrets: [],
		send,
	});
}

function requestOptions(
	options: Omit<ApiRequestOptions, 'path'> & { url: string },
	body: RequestBody | undefined,
): IHttpRequestOptions {
	const headers: IDataObject = { ...options.headers };
	if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
	const response = options.response ?? 'json';
	return {
		method: options.method,
		url: options.url,
		qs: options.qs,
		headers,
		body: body as IHttpRequestOptions['body'],
		json: response === 'json',
		encoding: response === 'json' ? undefined : response,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		// The redirect follower keeps a copy of the whole request body so it can replay it after a
		// redirect: with a streamed upload that would put the entire file in memory.
		disableFollowRedirect: isStreamedBody(body),
	};
}

function isStreamedBody(body: unknown): boolean {
	if (body === undefined || body === null || typeof body !== 'object') return false;
	if (body instanceof FormData) return true;
	return typeof (body as { pipe?: unknown }).pipe === 'function';
}

function isOneShotBody(body: ApiRequestOptions['body']): boolean {
	return typeof body !== 'function' && isStreamedBody(body);
}

function cancelSignal(context: ApiContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

interface Failure {
	kind: FailureKind;
	hintMs?: number;
	error: () => NodeApiError;
}

/**
 * Rate limits count per API key, so when one request of an execution is refused, the requests
 * running beside it (many items at once) hold back too instead of spending the quota further.
 */
const rateLimitPauses = new WeakMap<object, Map<Vendor, number>>();

function pauseFor(context: ApiContext): Map<Vendor, number> {
	let pauses = rateLimitPauses.get(context);
	if (!pauses) rateLimitPauses.set(context, (pauses = new Map()));
	return pauses;
}

async function sendWithRetries<T>(context: ApiContext, plan: SendPlan): Promise<ApiResponse<T>> {
	const { vendor, options } = plan;
	const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const method = options.method.toUpperCase();
	const oneShot = isOneShotBody(options.body);
	const replayable =
		!oneShot && (!['POST', 'PATCH'].includes(method) || Boolean(options.idempotencyKey));
	const signal = cancelSignal(context);
	const pauses = pauseFor(context);
	const startedAt = Date.now();
	let transientAttempts = 0;
	let refusals = 0;
	let slotWaitStartedAt: number | undefined;

	for (;;) {
		throwIfCancelled(context, signal, options.itemIndex);
		const pausedForMs = (pauses.get(vendor) ?? 0) - Date.now();
		if (pausedForMs > 0) await sleepWithAbort(pausedForMs, signal);
		const outcome = await attempt<T>(context, plan);
		throwIfCancelled(context, signal, options.itemIndex);
		if ('response' in outcome) return outcome.response;
		const { failure } = outcome;

		const canRetry = !oneShot && isRetryable(failure.kind, replayable);
		let delayMs: number;
		if (failure.kind === 'concurrency' || failure.kind === 'rate_limit') {
			// Refused, so nothing was created: waiting is the whole remedy. The vendor's hint is the
			// least we wait; repeated refusals wait longer, so many items do not flood the API.
			refusals += 1;
			delayMs = Math.max(failure.hintMs ?? 0, backoffDelayMs(refusals, policy));
			let waitedMs = Date.now() - startedAt;
			let budgetMs = policy.maxElapsedMs;
			if (failure.kind === 'concurrency') {
				slotWaitStartedAt ??= Date.now();
				waitedMs = Date.now() - slotWaitStartedAt;
				budgetMs = policy.slotWaitMs;
			} else {
				pauses.set(vendor, Math.max(pauses.get(vendor) ?? 0, Date.now() + delayMs));
			}
			if (!canRetry || waitedMs + delayMs > budgetMs) throw failure.error();
		} else {
			transientAttempts += 1;
			delayMs = failure.hintMs ?? backoffDelayMs(transientAttempts, policy);
			const outOfBudget =
				transientAttempts >= policy.maxAttempts ||
				Date.now() - startedAt + delayMs > policy.maxElapsedMs;
			if (!canRetry || outOfBudget) throw failure.error();
		}
		context.logger.debug('Retrying API request', {
			vendor,
			method,
			path: options.path,
			reason: failure.kind,
			delayMs,
		});
		await sleepWithAbort(delayMs, signal);
	}
}

function throwIfCancelled(context: ApiContext, signal: AbortSignal | undefined, itemIndex?: number) {
	if (signal?.aborted) {
		throw new NodeOperationError(context.getNode(), 'The execution was cancelled', { itemIndex });
	}
}

/** One request: the parsed response, or why it failed and whether that is worth retrying. */
async function attempt<T>(
	context: ApiContext,
	plan: SendPlan,
): Promise<{ response: ApiResponse<T> } | { failure: Failure }> {
	const { vendor, options, secrets } = plan;
	let response: RawResponse;
	try {
		const body = typeof options.body === 'function' ? await options.body() : options.body;
		response = await plan.send(body);
	} catch (error) {
		const code = networkErrorCode(error);
		return {
			failure: {
				kind: classifyNetworkError(code, (error as Error).message),
				error: () => networkError(context, vendor, options, error as Error, code, secrets),
			},
		};
	}
	if (response.statusCode >= 300 && response.statusCode < 400) {
		// Redirects are not followed for streamed uploads (see requestOptions): a redirect here means
		// the body went nowhere, so it must not pass for success.
		return { failure: { kind: 'fatal', error: () => unexpectedRedirect(context, plan, response) } };
	}
	if (response.statusCode >= 400) {
		const vendorError = await readVendorError(vendor, response, secrets);
		return {
			failure: {
				kind: classifyResponse(vendorError),
				hintMs: retryAfterHeaderMs(response.headers['retry-after']) ?? vendorError.retryAfterMs,
				error: () => vendorApiError(context.getNode(), vendorError, options.itemIndex),
			},
		};
	}
	let { body } = response;
	if ((options.response ?? 'json') === 'json' && typeof body === 'string' && body.trim()) {
		try {
			body = JSON.parse(body);
		} catch {
			return { failure: { kind: 'server', error: () => malformedJsonError(context, plan, response) } };
		}
	}
	return { response: { body: body as T, headers: response.headers, statusCode: response.statusCode } };
}

function unexpectedRedirect(context: ApiContext, plan: SendPlan, response: RawResponse) {
	const { vendor, options } = plan;
	return new NodeApiError(
		context.getNode(),
		{ location: String(response.headers.location ?? '') },
		{
			message: `${VENDORS[vendor].displayName} answered with a redirect (HTTP ${response.statusCode})`,
			description: `${options.method} ${options.path} was redirected to ${String(response.headers.location ?? 'an unknown location')}; streamed uploads are not sent again to another address. Check the base URL in the credential.`,
			httpCode: String(response.statusCode),
			itemIndex: options.itemIndex,
		},
	);
}

function malformedJsonError(context: ApiContext, plan: SendPlan, response: RawResponse) {
	const { vendor, options, secrets } = plan;
	return new NodeApiError(
		context.getNode(),
		{ body: redactText(String(response.body).slice(0, 500), secrets) },
		{
			message: `${VENDORS[vendor].displayName} returned a response that is not valid JSON`,
			description: `${options.method} ${options.path} answered HTTP ${response.statusCode} with a malformed body.`,
			httpCode: String(response.statusCode),
			itemIndex: options.itemIndex,
		},
	);
}

async function readVendorError(
	vendor: Vendor,
	response: RawResponse,
	secrets: string[],
): Promise<VendorError> {
	let body = response.body;
	if (body && typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] === 'function') {
		body = await readSmallStream(body as AsyncIterable<Buffer>);
	}
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			// Not JSON (a proxy's HTML page, say): keep the text.
		}
	}
	return redactValue(parseVendorError(vendor, response.statusCode, body), secrets);
}

async function readSmallStream(stream: AsyncIterable<Buffer>): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		if (size < MAX_ERROR_BODY_BYTES) chunks.push(Buffer.from(chunk));
		size += chunk.length;
	}
	return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES);
}

/** The system error code (ECONNRESET, ...) of a failed request, wherever n8n wrapped it. */
function networkErrorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth += 1) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		// n8n's request helpers wrap the socket error in a NodeApiError that keeps the code only
		// in httpCode (e.g. 'ECONNRESET'), without a cause.
		if (typeof current.httpCode === 'string' && /^E[A-Z_]+$/.test(current.httpCode)) {
			return current.httpCode;
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/** Socket codes in words: NodeApiError replaces any message that contains the raw code. */
const NETWORK_PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed while sending',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

function networkError(
	context: ApiContext,
	vendor: Vendor,
	options: ApiRequestOptions,
	error: Error,
	code: string | undefined,
	secrets: string[],
): NodeApiError {
	const vendorName = VENDORS[vendor].displayName;
	// Only the message and code travel on: the original error holds request headers (the API key).
	// The code is not under `code`: NodeApiError would swap our message for a generic one.
	return new NodeApiError(
		context.getNode(),
		{ networkErrorCode: code ?? 'UNKNOWN', detail: redactText(error.message ?? '', secrets) },
		{
			message: `Could not reach ${vendorName} (${(code && NETWORK_PROBLEMS[code]) || 'network error'})`,
			description: redactText(
				`${options.method} ${options.path} failed${code ? ` with ${code}` : ''}: ${error.message}. Check the base URL in the credential and the network.`,
				secrets,
			),
			itemIndex: options.itemIndex,
		},
	);
}
