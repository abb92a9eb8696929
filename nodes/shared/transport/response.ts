import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactText, redactValue } from '../redact';
import type { VendorError } from './errors';
import { parseVendorError, vendorApiError } from './errors';
import { classifyNetworkError, classifyResponse, retryAfterHeaderMs } from './retry';
import type { Failure, Outcome, RawResponse, VendorDefinition } from './types';

/** What a request was, for messages. */
export interface RequestLabel {
	vendor: VendorDefinition;
	method: string;
	path: string;
	itemIndex?: number;
	/** Every secret of the credential: redacted from anything that reaches the user. */
	secrets: string[];
	/** Read a success body as JSON (otherwise text or stream, left as it is). */
	json: boolean;
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A response turned into the parsed body, or into a Failure (status, redirect, broken JSON). */
export async function readResponse<T>(
	node: INode,
	raw: RawResponse,
	request: RequestLabel,
): Promise<Outcome<T>> {
	if (raw.statusCode >= 300 && raw.statusCode < 400) {
		// Redirects are not followed for streamed uploads: a redirect means the body went nowhere,
		// so it must not pass for success.
		return { failure: { kind: 'fatal', error: () => unexpectedRedirect(node, raw, request) } };
	}
	if (raw.statusCode >= 400) {
		const vendorError = await readVendorError(request, raw);
		return {
			failure: {
				kind: classifyResponse(vendorError, request.vendor.concurrencyCodes),
				hintMs: retryAfterHeaderMs(raw.headers['retry-after']) ?? vendorError.retryAfterMs,
				error: () => vendorApiError(node, vendorError, request.itemIndex),
			},
		};
	}
	let { body } = raw;
	if (request.json && typeof body === 'string' && body.trim()) {
		try {
			body = JSON.parse(body);
		} catch {
			return { failure: { kind: 'server', error: () => malformedJson(node, raw, request) } };
		}
	}
	return { response: { body: body as T, headers: raw.headers, statusCode: raw.statusCode } };
}

/** A request that threw before any response (socket errors, timeouts) as a Failure. */
export function requestFailure(node: INode, error: Error, request: RequestLabel): Failure {
	const code = networkErrorCode(error);
	const kind = classifyNetworkError(code, error.message);
	return { kind, error: () => networkError(node, error, code, kind === 'unsent', request) };
}

async function readVendorError(request: RequestLabel, raw: RawResponse): Promise<VendorError> {
	let body = raw.body;
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
	const { vendor, ...said } = parseVendorError(request.vendor, raw.statusCode, body);
	return { ...redactValue(said, request.secrets), vendor };
}

/** An error body that came as a stream (downloads): the first 64 KB, the rest drained. */
async function readSmallStream(stream: AsyncIterable<Buffer>): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		if (size < MAX_ERROR_BODY_BYTES) chunks.push(Buffer.from(chunk));
		size += chunk.length;
	}
	return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES);
}

function unexpectedRedirect(node: INode, raw: RawResponse, request: RequestLabel) {
	const location = String(raw.headers.location ?? '');
	return new NodeApiError(
		node,
		{ location },
		{
			message: `${request.vendor.displayName} answered with a redirect (HTTP ${raw.statusCode})`,
			description: `${request.method} ${request.path} was redirected to ${location || 'an unknown location'}; streamed uploads are not sent again to another address. Check the base URL in the credential.`,
			httpCode: String(raw.statusCode),
			itemIndex: request.itemIndex,
		},
	);
}

function malformedJson(node: INode, raw: RawResponse, request: RequestLabel) {
	return new NodeApiError(
		node,
		{ body: redactText(String(raw.body).slice(0, 500), request.secrets) },
		{
			message: `${request.vendor.displayName} returned a response that is not valid JSON`,
			description: `${request.method} ${request.path} answered HTTP ${raw.statusCode} with a malformed body.`,
			httpCode: String(raw.statusCode),
			itemIndex: request.itemIndex,
		},
	);
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

/**
 * What is known after a request broke: never sent (nothing happened), or sent and the answer lost.
 * A lost answer to a create may mean the job exists and was charged for; the message says so.
 */
function networkError(
	node: INode,
	error: Error,
	code: string | undefined,
	unsent: boolean,
	request: RequestLabel,
): NodeApiError {
	const vendorName = request.vendor.displayName;
	const { secrets } = request;
	const problem = (code && NETWORK_PROBLEMS[code]) || 'network error';
	const creates = request.method === 'POST' || request.method === 'PATCH';
	const message = unsent
		? `Could not reach ${vendorName} (${problem})`
		: creates
			? `${vendorName} received the request but its answer was lost (${problem})`
			: `Lost the connection to ${vendorName} (${problem})`;
	const consequence = unsent
		? 'Nothing was sent.'
		: creates
			? `${vendorName} may have done the work and charged for it; check before running the node again.`
			: 'Nothing was changed by this request.';
	// Only the message and code travel on: the original error holds request headers (the API key).
	// The code is not under `code`: NodeApiError would swap our message for a generic one.
	return new NodeApiError(
		node,
		{ networkErrorCode: code ?? 'UNKNOWN', detail: redactText(error.message ?? '', secrets) },
		{
			message,
			description: redactText(
				`${request.method} ${request.path} failed${code ? ` with ${code}` : ''}: ${error.message}. ${consequence} Check the base URL in the credential and the network.`,
				secrets,
			),
			itemIndex: request.itemIndex,
		},
	);
}
