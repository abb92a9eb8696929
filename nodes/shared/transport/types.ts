import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	JsonObject,
	NodeApiError,
} from 'n8n-workflow';

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

/** What a vendor said in an error body, reduced to what a user needs to act on it. */
export interface VendorErrorFields {
	message: string;
	/** The vendor's machine-readable code. */
	code?: string;
	suggestion?: string;
	/** The request field the vendor blamed, when it said. */
	field?: string;
	/** A retry hint carried in the body. */
	retryAfterMs?: number;
	/** The parsed body, kept for the error's details view. */
	body: JsonObject;
}

/** Everything the transport needs to know about one vendor's API (see `<vendor>/errors.ts`). */
export interface VendorDefinition {
	/** Name of the credential type (credentials/*.credentials.ts). */
	credentialType: string;
	displayName: string;
	/** Base URL without the version prefix; paths like /v2/generate are appended. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** Credential fields whose values must never reach an error or a log. */
	secretFields: readonly string[];
	/** Reads an error body (parsed JSON, or text); undefined when it is not in the vendor's shape. */
	readError(httpCode: number, body: unknown): VendorErrorFields | undefined;
	/** Codes of a 429 that mean "all slots are busy, wait for one" rather than a rate limit. */
	concurrencyCodes: readonly string[];
	/** What to tell the user for an error code when the vendor gave no suggestion of its own. */
	suggestions: Readonly<Record<string, string>>;
	/** Where to point the user when the key is rejected. */
	keyHint: string;
}

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
	/** The vendor's hint (Retry-After, a body field) of how long to wait. */
	hintMs?: number;
	error: () => NodeApiError;
}

export type Outcome<T> = { response: ApiResponse<T> } | { failure: Failure };
