import { pause } from '../pause';
import type { VendorError } from './errors';
import type { ApiResponse, Failure, FailureKind, Outcome, VendorDefinition } from './types';

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

const UNSENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
	'ERR_BAD_RESPONSE',
]);

/** A 429 is a full plan (wait for a slot) when its code is one of the vendor's concurrency codes. */
export function classifyResponse(
	error: Pick<VendorError, 'httpCode' | 'code'>,
	concurrencyCodes: readonly string[] = [],
): FailureKind {
	if (error.httpCode === 429) {
		return error.code && concurrencyCodes.includes(error.code) ? 'concurrency' : 'rate_limit';
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

/**
 * Rate limits count per API key, so when one request of an execution is refused, the requests
 * running beside it (many items at once) hold back too instead of spending the quota further.
 * Process-wide on purpose, but keyed weakly by the execution's context: it dies with the run.
 */
const rateLimitPauses = new WeakMap<object, Map<VendorDefinition, number>>();

function pausesOf(execution: object): Map<VendorDefinition, number> {
	let pauses = rateLimitPauses.get(execution);
	if (!pauses) rateLimitPauses.set(execution, (pauses = new Map()));
	return pauses;
}

/** One request's retry loop: how to try once, and what may be retried. */
export interface RetryPlan<T> {
	vendor: VendorDefinition;
	/** The execution's context (rate-limit pauses are shared per execution). */
	execution: object;
	policy: RetryPolicy;
	/** Whether a request that may already have been processed can be sent again harmlessly. */
	replayable: boolean;
	/** The body cannot be sent a second time at all (a stream handed over once). */
	oneShot: boolean;
	signal?: AbortSignal;
	attempt(): Promise<Outcome<T>>;
	/** Throws when the execution was cancelled. */
	checkCancelled(): void;
	onRetry(reason: FailureKind, delayMs: number): void;
}

/** How long to wait before the next attempt, and whether there is one. */
function nextDelay(
	failure: Failure,
	canRetry: boolean,
	state: {
		startedAt: number;
		transientAttempts: number;
		refusals: number;
		slotWaitStartedAt?: number;
	},
	policy: RetryPolicy,
): { delayMs: number; retry: boolean } {
	if (failure.kind === 'concurrency' || failure.kind === 'rate_limit') {
		// Refused, so nothing was created: waiting is the whole remedy. The vendor's hint is the
		// least we wait; repeated refusals wait longer, so many items do not flood the API.
		state.refusals += 1;
		const delayMs = Math.max(failure.hintMs ?? 0, backoffDelayMs(state.refusals, policy));
		let waitedMs = Date.now() - state.startedAt;
		let budgetMs = policy.maxElapsedMs;
		if (failure.kind === 'concurrency') {
			state.slotWaitStartedAt ??= Date.now();
			waitedMs = Date.now() - state.slotWaitStartedAt;
			budgetMs = policy.slotWaitMs;
		}
		return { delayMs, retry: canRetry && waitedMs + delayMs <= budgetMs };
	}
	state.transientAttempts += 1;
	const delayMs = failure.hintMs ?? backoffDelayMs(state.transientAttempts, policy);
	const outOfBudget =
		state.transientAttempts >= policy.maxAttempts ||
		Date.now() - state.startedAt + delayMs > policy.maxElapsedMs;
	return { delayMs, retry: canRetry && !outOfBudget };
}

/**
 * Tries a request until it succeeds or its failure is final: transient failures within the
 * policy's budget, refusals (429) within their own time budgets, honouring cancellation.
 */
export async function withRetries<T>(plan: RetryPlan<T>): Promise<ApiResponse<T>> {
	const pauses = pausesOf(plan.execution);
	const state = { startedAt: Date.now(), transientAttempts: 0, refusals: 0 };
	for (;;) {
		plan.checkCancelled();
		const pausedForMs = (pauses.get(plan.vendor) ?? 0) - Date.now();
		if (pausedForMs > 0) await pause(pausedForMs, plan.signal);
		const outcome = await plan.attempt();
		plan.checkCancelled();
		if ('response' in outcome) return outcome.response;
		const { failure } = outcome;
		const canRetry = !plan.oneShot && isRetryable(failure.kind, plan.replayable);
		const { delayMs, retry } = nextDelay(failure, canRetry, state, plan.policy);
		if (failure.kind === 'rate_limit') {
			pauses.set(plan.vendor, Math.max(pauses.get(plan.vendor) ?? 0, Date.now() + delayMs));
		}
		if (!retry) throw failure.error();
		plan.onRetry(failure.kind, delayMs);
		await pause(delayMs, plan.signal);
	}
}
