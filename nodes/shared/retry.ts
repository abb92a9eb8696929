import type { VendorError } from './errors';

/** Bounds on how long and how often a request is retried. */
export interface RetryPolicy {
	/** Attempts in all for transient failures (5xx, rate limits, dropped connections). */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/**
	 * Transient failures and rate limits stop being retried once this much time has passed. Rate
	 * limits are counted per minute, so this is kept above a minute.
	 */
	maxElapsedMs: number;
	/** How long to keep waiting for a free slot when the plan's concurrency limit is reached. */
	slotWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxElapsedMs: 150_000,
	slotWaitMs: 600_000,
};

/**
 * Why an attempt failed, as far as retrying is concerned.
 * - `concurrency`: the plan's in-flight limit; nothing was created, wait for a slot.
 * - `rate_limit`: too many requests; nothing was created, back off.
 * - `server`: 5xx or 408; the request may have been processed.
 * - `unsent`: the connection was never made, so the server never saw the request.
 * - `network`: the connection broke; the request may have been processed.
 * - `fatal`: retrying cannot help.
 */
export type FailureKind = 'concurrency' | 'rate_limit' | 'server' | 'unsent' | 'network' | 'fatal';

const CONCURRENCY_CODES = new Set([
	'concurrency_limit_reached',
	'concurrent_limit_exceeded',
	'too_many_concurrent_requests',
]);

const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
	'ERR_BAD_RESPONSE',
]);

export function classifyResponse(error: Pick<VendorError, 'httpCode' | 'code'>): FailureKind {
	if (error.httpCode === 429) {
		return error.code && CONCURRENCY_CODES.has(error.code) ? 'concurrency' : 'rate_limit';
	}
	if (error.httpCode === 408 || error.httpCode >= 500) return 'server';
	return 'fatal';
}

export function classifyNetworkError(code: string | undefined, message = ''): FailureKind {
	if (code && UNSENT_CODES.has(code)) return 'unsent';
	if ((code && NETWORK_CODES.has(code)) || /socket hang up|aborted|timeout/i.test(message)) {
		return 'network';
	}
	return 'fatal';
}

/**
 * Whether a failure may be retried. A request that may have been processed is retried only when
 * replaying it is harmless (a read, or a create that carries an Idempotency-Key).
 */
export function isRetryable(kind: FailureKind, replayable: boolean): boolean {
	switch (kind) {
		case 'concurrency':
		case 'rate_limit':
		case 'unsent':
			return true;
		case 'server':
		case 'network':
			return replayable;
		default:
			return false;
	}
}

/** Exponential backoff with jitter: between half and all of base × 2^(attempt-1), capped. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Reads a Retry-After header (seconds or an HTTP date) in milliseconds. */
export function retryAfterHeaderMs(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
