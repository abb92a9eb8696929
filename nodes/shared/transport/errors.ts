import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { VendorDefinition, VendorErrorFields } from './types';

/** A vendor's error response: what it said, and who said it with which status. */
export interface VendorError extends VendorErrorFields {
	vendor: VendorDefinition;
	httpCode: number;
}

const STATUS_SUGGESTIONS: Record<number, string> = {
	402: 'The account needs a paid plan or has run out of credit.',
	403: 'The account or key is not allowed to do this.',
	404: 'Check the id: the resource does not exist or belongs to another account.',
	413: 'The upload is too large for this endpoint.',
	429: 'Too many requests. Wait a little and try again.',
};

/** Turns an error response body (already parsed JSON, or text) into a VendorError. */
export function parseVendorError(
	vendor: VendorDefinition,
	httpCode: number,
	body: unknown,
): VendorError {
	const fields = vendor.readError(httpCode, body);
	if (fields) return { ...fields, vendor, httpCode };
	const text = typeof body === 'string' ? body.slice(0, 500) : '';
	return {
		vendor,
		httpCode,
		message: text.trim() || `HTTP ${httpCode}`,
		body: (typeof body === 'object' && body !== null ? body : { body: text }) as JsonObject,
	};
}

/** The suggestion shown to the user: the vendor's own, else ours for the code, else for the status. */
export function suggestionFor(
	error: Pick<VendorError, 'vendor' | 'code' | 'suggestion' | 'httpCode'>,
) {
	if (error.suggestion) return error.suggestion;
	if (error.code && error.vendor.suggestions[error.code])
		return error.vendor.suggestions[error.code];
	if (error.httpCode === 401) return error.vendor.keyHint;
	if (error.httpCode >= 500) return `${error.vendor.displayName} had a problem. Try again later.`;
	return STATUS_SUGGESTIONS[error.httpCode];
}

/** Builds the NodeApiError users see: vendor message first, then code, field and what to do. */
export function vendorApiError(node: INode, error: VendorError, itemIndex?: number): NodeApiError {
	const suggestion = suggestionFor(error);
	const description = [
		error.code ? `Error code: ${error.code}.` : undefined,
		error.field ? `Field: ${error.field}.` : undefined,
		suggestion,
	]
		.filter(Boolean)
		.join(' ');
	const apiError = new NodeApiError(node, error.body, {
		message: `${error.vendor.displayName}: ${error.message}`,
		description,
		httpCode: String(error.httpCode),
		itemIndex,
	});
	apiError.context.vendorErrorCode = error.code;
	apiError.context.suggestion = suggestion;
	return apiError;
}
