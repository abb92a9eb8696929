import type { IncomingMessage, ServerResponse } from 'node:http';

import { drain, sendJson } from './http';
import { s3Error } from './storage';
import { syncErrorBody } from './sync/errors';

/** Error responses in each vendor's style, for injected faults and the server's own refusals. */

export type Vendor = 'sync' | 'elevenlabs' | 'storage';

const syncDefaultCodes: Record<number, string> = {
	400: 'generation_input_validation_failed',
	402: 'account_payment_required',
	403: 'asset_forbidden',
	404: 'generation_not_found',
	409: 'generation_conflict',
	413: 'generation_input_validation_failed',
	422: 'generation_input_validation_failed',
	429: 'rate_limit_exceeded',
	500: 'internal_error',
	502: 'controller_dependency_error',
	503: 'generation_infra_service_unavailable',
	504: 'controller_timeout',
};

const elevenLabsDefaultCodes: Record<number, string> = {
	400: 'invalid_parameters',
	401: 'invalid_api_key',
	402: 'limited_access',
	403: 'subscription_required',
	422: 'invalid_parameters',
	429: 'rate_limit_exceeded',
	500: 'internal_server_error',
	503: 'system_busy',
};

const s3DefaultCodes: Record<number, string> = {
	400: 'InvalidRequest',
	403: 'AccessDenied',
	404: 'NoSuchKey',
	500: 'InternalError',
	503: 'SlowDown',
};

/** An error response in the style of the given vendor. */
export async function sendVendorError(
	req: IncomingMessage,
	res: ServerResponse,
	vendor: Vendor,
	status: number,
	errorCode?: string,
	message?: string,
	extra: Record<string, unknown> = {},
	headers: Record<string, string> = {},
): Promise<void> {
	if (vendor === 'storage') {
		for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
		await s3Error(
			req,
			res,
			status,
			errorCode ?? s3DefaultCodes[status] ?? 'InternalError',
			message ?? 'Injected fault',
		);
		return;
	}
	await drain(req);
	if (vendor === 'sync') {
		if (status === 401 && !errorCode) {
			sendJson(res, 401, { message: message ?? 'Unauthorized', statusCode: 401 }, headers);
			return;
		}
		const code =
			errorCode ?? syncDefaultCodes[status] ?? (status >= 500 ? 'internal_error' : undefined);
		sendJson(
			res,
			status,
			syncErrorBody(status, code, message ?? defaultMessage(status), extra),
			headers,
		);
		return;
	}
	const code =
		errorCode ??
		elevenLabsDefaultCodes[status] ??
		(status >= 500 ? 'internal_server_error' : 'error');
	sendJson(
		res,
		status,
		{ detail: { status: code, code, message: message ?? defaultMessage(status), ...extra } },
		headers,
	);
}

function defaultMessage(status: number): string {
	if (status === 429) return 'Too many requests, please retry later.';
	if (status >= 500) return 'Injected server error';
	return 'Injected error';
}
