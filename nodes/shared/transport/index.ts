import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestLabel } from './response';
import { readResponse, requestFailure } from './response';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, withRetries } from './retry';
import type { ApiResponse, RawResponse, VendorDefinition } from './types';

export type { ApiResponse, VendorDefinition, VendorErrorFields } from './types';
export { suggestionFor } from './errors';
export { parseResponse } from './parseResponse';

export type ApiContext =
	| IExecuteFunctions
	| IWebhookFunctions
	| IHookFunctions
	| ILoadOptionsFunctions;

/** n8n's binary stream type, named without importing `stream` (not allowed in community nodes). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

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
	/**
	 * The request changes nothing at the vendor (a POST that only computes an answer, such as an
	 * estimate), so it is retried after an uncertain failure (5xx, timeout) like a GET.
	 */
	safe?: boolean;
	timeoutMs?: number;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Calls a vendor API with the node's credential: base URL from the credential, authentication by
 * n8n, retries with backoff for transient failures, and vendor errors mapped to NodeApiError.
 */
export async function apiRequest<T = unknown>(
	this: ApiContext,
	vendor: VendorDefinition,
	options: ApiRequestOptions,
): Promise<ApiResponse<T>> {
	const { credentialType } = vendor;
	const credentials = await this.getCredentials(credentialType, options.itemIndex);
	const baseURL = vendor.baseUrl(credentials);
	if (/^https?:\/\//i.test(options.path)) {
		if (!options.path.startsWith(`${baseURL}/`)) {
			return (await signedUrlRequest.call(this, vendor, options.path, options)) as ApiResponse<T>;
		}
		options = { ...options, path: options.path.slice(baseURL.length) };
	}
	const url = `${baseURL}${options.path}`;
	return await send<T>(
		this,
		vendor,
		options,
		// Every secret of the credential, so that none of them can leak into errors or logs.
		vendor.secretFields
			.map((key) => credentials[key])
			.filter((value): value is string => typeof value === 'string' && value.length >= 4),
		async (body) =>
			(await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentialType,
				requestOptions({ ...options, url }, body),
			)) as RawResponse,
	);
}

/**
 * Calls a pre-signed URL (a generation's output, an upload target). These URLs carry their own
 * authorisation, so no credential is sent: the API key never reaches the storage host.
 */
export async function signedUrlRequest<T = unknown>(
	this: ApiContext,
	vendor: VendorDefinition,
	url: string,
	options: Omit<ApiRequestOptions, 'path' | 'idempotencyKey'>,
): Promise<ApiResponse<T>> {
	// n8n adds the execution's cancel signal only to authenticated requests; add it here too.
	const abortSignal = cancelSignal(this);
	const path = new URL(url).pathname;
	return await send<T>(
		this,
		vendor,
		{ ...options, path },
		[],
		async (body) =>
			(await this.helpers.httpRequest({
				...requestOptions({ ...options, url }, body),
				abortSignal,
			})) as RawResponse,
	);
}

/** Sends a request through the retry loop, reading each response or failure. */
async function send<T>(
	context: ApiContext,
	vendor: VendorDefinition,
	options: ApiRequestOptions,
	secrets: string[],
	transmit: (body: RequestBody | undefined) => Promise<RawResponse>,
): Promise<ApiResponse<T>> {
	const method = options.method.toUpperCase();
	const oneShot = typeof options.body !== 'function' && isStreamedBody(options.body);
	const label: RequestLabel = {
		vendor,
		method,
		path: options.path,
		itemIndex: options.itemIndex,
		secrets,
		json: (options.response ?? 'json') === 'json',
	};
	const signal = cancelSignal(context);
	return await withRetries<T>({
		vendor,
		execution: context,
		policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
		replayable:
			!oneShot &&
			(Boolean(options.safe) ||
				!['POST', 'PATCH'].includes(method) ||
				Boolean(options.idempotencyKey)),
		oneShot,
		signal,
		attempt: async () => {
			let raw: RawResponse;
			try {
				const body = typeof options.body === 'function' ? await options.body() : options.body;
				raw = await transmit(body);
			} catch (error) {
				return { failure: requestFailure(context.getNode(), error as Error, label) };
			}
			return await readResponse<T>(context.getNode(), raw, label);
		},
		checkCancelled: () => {
			if (signal?.aborted) {
				throw new NodeOperationError(context.getNode(), 'The execution was cancelled', {
					itemIndex: options.itemIndex,
				});
			}
		},
		onRetry: (reason, delayMs) =>
			context.logger.debug('Retrying API request', {
				vendor: vendor.displayName,
				method,
				path: options.path,
				reason,
				delayMs,
			}),
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

function cancelSignal(context: ApiContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}
