import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { ElevenLabsConfig } from './config';

/**
 * ElevenLabs response shapes (reference §6): custom errors are `{"detail": {...}}` objects,
 * FastAPI schema errors `{"detail": [items]}` with 422. Every response is JSON and carries an
 * `x-request-id`.
 */

/** One pydantic-v2 style validation item. */
export interface ValidationItem {
	type: string;
	loc: Array<string | number>;
	msg: string;
	input: unknown;
	ctx?: Record<string, unknown>;
}

export interface CustomError {
	status: number;
	code: string;
	message: string;
	data?: Record<string, unknown>;
	/** Request field the error is about (new envelope only). */
	param?: string;
}

/** `type` of the new envelope per HTTP status [inferred: the full list is not published]. */
const ERROR_TYPES: Record<number, string> = {
	400: 'invalid_request',
	401: 'authentication_error',
	402: 'payment_required',
	403: 'authorization_error',
	404: 'not_found',
	422: 'validation_error',
	429: 'rate_limit_error',
};

export function newRequestId(): string {
	return randomBytes(16).toString('hex');
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	requestId: string,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'Content-Type': 'application/json',
		'Content-Length': String(Buffer.byteLength(text)),
		'x-request-id': requestId,
	});
	res.end(text);
}

/** The `detail` object of a custom error in the configured envelope. */
export function errorDetail(
	error: CustomError,
	config: Pick<ElevenLabsConfig, 'errorEnvelope'>,
	requestId: string,
): Record<string, unknown> {
	if (config.errorEnvelope === 'new') {
		return {
			type:
				ERROR_TYPES[error.status] ?? (error.status >= 500 ? 'service_error' : 'invalid_request'),
			code: error.code,
			message: error.message,
			status: error.code,
			request_id: requestId,
			param: error.param ?? null,
			...(error.data ? { data: error.data } : {}),
		};
	}
	const detail: Record<string, unknown> = { status: error.code, message: error.message };
	// The spec's 401 and 429 bodies carry `code` (401 also `type`) for forward compatibility.
	if (error.status === 401 || error.status === 429) detail.code = error.code;
	if (error.status === 401) detail.type = ERROR_TYPES[401];
	if (error.data) detail.data = error.data;
	return detail;
}

export function sendError(
	res: ServerResponse,
	error: CustomError,
	config: Pick<ElevenLabsConfig, 'errorEnvelope'>,
	requestId: string,
	headers: Record<string, string> = {},
): void {
	sendJson(
		res,
		error.status,
		{ detail: errorDetail(error, config, requestId) },
		requestId,
		headers,
	);
}

export function sendValidationErrors(
	res: ServerResponse,
	items: ValidationItem[],
	requestId: string,
	headers: Record<string, string> = {},
): void {
	sendJson(res, 422, { detail: items }, requestId, headers);
}

export const invalidApiKey: CustomError = {
	status: 401,
	code: 'invalid_api_key',
	message: 'Invalid API key',
};

export function missingPermission(permission: string): CustomError {
	return {
		status: 401,
		code: 'missing_permissions',
		message:
			`The API key you used is missing the permission ${permission} ` +
			'to execute this operation.',
	};
}
