import type { IDataObject, NodeApiError } from 'n8n-workflow';

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

/** A response as n8n's HTTP helper returns it with `returnFullResponse`. */
export interface RawResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

export interface ApiResponse<T> {
	body: T;
	headers: IDataObject;
	statusCode: number;
}

/** Why one attempt failed, whether retrying may help, and the error to show if it does not. */
export interface Failure {
	kind: FailureKind;
	/** The vendor's hint (Retry-After, `retryAfterSeconds`) of how long to wait. */
	hintMs?: number;
	error: () => NodeApiError;
}

export type Outcome<T> = { response: ApiResponse<T> } | { failure: Failure };
