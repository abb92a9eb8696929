import { STATUS_CODES } from 'node:http';

import { catalogEntry } from './errorCatalog';

/** Error thrown by Sync route handlers; rendered as the 2026 Nest-style body. */
export class SyncHttpError extends Error {
	constructor(
		readonly status: number,
		readonly errorCode: string | undefined,
		readonly messages: string | string[],
		readonly extra: Record<string, unknown> = {},
		readonly headers: Record<string, string> = {},
	) {
		super(Array.isArray(messages) ? messages.join('; ') : messages);
	}

	body(): Record<string, unknown> {
		return syncErrorBody(this.status, this.errorCode, this.messages, this.extra);
	}
}

/** `{statusCode, error, errorCode, message, suggestion?, field?, ...}` */
export function syncErrorBody(
	status: number,
	errorCode: string | undefined,
	message: string | string[],
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		statusCode: status,
		error: STATUS_CODES[status] ?? 'Error',
	};
	if (errorCode) body.errorCode = errorCode;
	body.message = message;
	const suggestion = errorCode ? catalogEntry(errorCode).suggestion : undefined;
	if (suggestion && extra.suggestion === undefined) body.suggestion = suggestion;
	return { ...body, ...extra };
}

/** Shorthands used throughout the validators. */
export const badRequest = (
	messages: string | string[],
	errorCode = 'generation_input_validation_failed',
	extra?: Record<string, unknown>,
) => new SyncHttpError(400, errorCode, messages, extra);

export const unprocessable = (
	errorCode: string,
	message: string,
	extra?: Record<string, unknown>,
) => new SyncHttpError(422, errorCode, message, extra);
