import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import type { Vendor } from '../vendors';
import { VENDORS } from '../vendors';

/** A vendor's error response, reduced to what a user needs to act on it. */
export interface VendorError {
	vendor: Vendor;
	httpCode: number;
	message: string;
	/** The vendor's machine-readable code (Sync `errorCode`, ElevenLabs `detail.status|code`). */
	code?: string;
	suggestion?: string;
	/** The request field the vendor blamed, when it said. */
	field?: string;
	/** A retry hint carried in the body (Sync `retryAfterSeconds`). */
	retryAfterMs?: number;
	/** The parsed body, kept for the error's details view. */
	body: JsonObject;
}

const syncErrorBody = z
	.object({
		message: z.union([z.string(), z.array(z.string())]).optional(),
		error: z.string().optional(),
		errorCode: z.string().optional(),
		error_code: z.string().optional(),
		suggestion: z.string().optional(),
		field: z.string().optional(),
		retryAfterSeconds: z.number().nonnegative().optional(),
	})
	.passthrough();

const elevenLabsDetailObject = z
	.object({
		status: z.string().optional(),
		code: z.string().optional(),
		message: z.string().optional(),
		param: z.string().optional(),
		data: z.record(z.unknown()).optional(),
	})
	.passthrough();

const elevenLabsValidationItem = z
	.object({
		loc: z.array(z.union([z.string(), z.number()])).default([]),
		msg: z.string(),
		type: z.string().optional(),
	})
	.passthrough();

const elevenLabsErrorBody = z
	.object({
		detail: z.union([elevenLabsDetailObject, z.array(elevenLabsValidationItem), z.string()]),
	})
	.passthrough();

/** What to tell the user when the vendor gave no suggestion of its own. */
const SUGGESTIONS: Record<string, string> = {
	concurrency_limit_reached:
		'Your Sync plan runs a limited number of generations at once. Lower "Max Concurrent Jobs", wait for running jobs, or upgrade the plan.',
	rate_limit_exceeded: 'Too many requests in a short time. Wait a minute, or spread the work out.',
	free_tier_generations_exhausted:
		'The free generations of this month are used up. Upgrade the Sync plan.',
	account_payment_required: 'Sync needs a payment method or an unpaid invoice settled.',
	plan_feature_unavailable:
		'Your Sync plan does not include this feature (batch needs Scale or Enterprise).',
	generation_plan_duration_exceeded:
		'The video is longer than your Sync plan allows. Trim it or upgrade the plan.',
	dubbing_duration_exceeded: 'The video is too long for dubbing. Trim it or split it into parts.',
	elevenlabs_quota_exceeded:
		'The ElevenLabs quota behind Sync dubbing and voices is used up. Try again later or contact Sync support.',
	elevenlabs_service_unavailable:
		'ElevenLabs, which Sync uses for dubbing and voices, is unavailable. Try again in a few minutes.',
	account_on_hold: 'The Sync account is on hold. Check billing in the Sync dashboard.',
	generation_model_duration_exceeded:
		'The video is longer than this model accepts. Trim it or pick another model.',
	generation_input_dub_audio_conflict:
		'Dubbing makes its own voice track from the video; remove audio and text inputs.',
	generation_input_audio_invalid:
		'Sync could not use the speech in this media. Check that the video has a clear voice track.',
	generation_text_length_exceeded: 'Shorten the script to fewer than 5,000 characters.',
	generation_not_deletable_while_processing:
		'Only finished generations (COMPLETED, FAILED or REJECTED) can be deleted. Wait until it has finished, then delete it.',
	generation_input_video_inaccessible: 'Make sure the video URL is public and reachable by Sync.',
	generation_input_audio_inaccessible: 'Make sure the audio URL is public and reachable by Sync.',
	IDEMPOTENCY_KEY_REUSED:
		'This item was already submitted in this run with different inputs (for example a binary uploaded again by "Retry On Fail"). The first generation exists: find it with Get Many instead of submitting again.',
	IDEMPOTENCY_OUTCOME_UNKNOWN:
		'Sync could not tell whether the generation was created. Run the node again: the same Idempotency-Key makes the retry safe.',
	INVALID_IDEMPOTENCY_KEY:
		'Sync refused the Idempotency-Key the node sent. Please report this as a bug of the node.',
	bad_prompt: 'Rephrase the description without artist or band names or copyrighted lyrics.',
	output_format_not_allowed:
		'This output format needs a higher ElevenLabs tier (MP3 192 kbps: Creator; PCM 44.1 kHz: Pro). Pick another format or upgrade.',
	subscription_required: 'Video to Music needs a paid ElevenLabs plan.',
	limited_access: 'Video to Music needs a paid ElevenLabs plan.',
	concurrent_limit_exceeded:
		'ElevenLabs music allows only 2–3 requests at once on most plans. Run fewer in parallel.',
	too_many_concurrent_requests:
		'ElevenLabs music allows only 2–3 requests at once on most plans. Run fewer in parallel.',
	system_busy: 'ElevenLabs is busy. Try again in a little while.',
};

const STATUS_SUGGESTIONS: Record<number, string> = {
	402: 'The account needs a paid plan or has run out of credit.',
	403: 'The account or key is not allowed to do this.',
	404: 'Check the id: the resource does not exist or belongs to another account.',
	413: 'The upload is too large for this endpoint.',
	429: 'Too many requests. Wait a little and try again.',
};

function parseSyncError(httpCode: number, body: unknown): VendorError {
	const parsed = syncErrorBody.safeParse(body);
	if (!parsed.success) return genericError('syncLabs', httpCode, body);
	const { message, error, errorCode, error_code, suggestion, field, retryAfterSeconds } =
		parsed.data;
	const text = Array.isArray(message) ? message.join('; ') : message;
	return {
		vendor: 'syncLabs',
		httpCode,
		message: text || error || `HTTP ${httpCode}`,
		code: errorCode ?? error_code,
		suggestion,
		field,
		retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
		body: parsed.data as JsonObject,
	};
}

function parseElevenLabsError(httpCode: number, body: unknown): VendorError {
	const parsed = elevenLabsErrorBody.safeParse(body);
	if (!parsed.success) return genericError('elevenLabs', httpCode, body);
	const { detail } = parsed.data;
	const base = { vendor: 'elevenLabs' as const, httpCode, body: parsed.data as JsonObject };
	if (typeof detail === 'string') return { ...base, message: detail };
	if (Array.isArray(detail)) {
		// FastAPI validation: name each field from its location, e.g. body.description.
		const fields = detail.map((item) => item.loc.filter((part) => part !== 'body').join('.'));
		return {
			...base,
			message: detail.map((item, index) => `${fields[index] || 'request'}: ${item.msg}`).join('; '),
			code: detail[0]?.type ? 'validation_error' : undefined,
			field: fields[0] || undefined,
		};
	}
	const promptSuggestion = detail.data?.prompt_suggestion;
	return {
		...base,
		message: detail.message || detail.status || detail.code || `HTTP ${httpCode}`,
		code: detail.code ?? detail.status,
		field: detail.param,
		suggestion:
			typeof promptSuggestion === 'string'
				? `ElevenLabs suggests this description instead: "${promptSuggestion}"`
				: undefined,
	};
}

function genericError(vendor: Vendor, httpCode: number, body: unknown): VendorError {
	const text = typeof body === 'string' ? body.slice(0, 500) : '';
	return {
		vendor,
		httpCode,
		message: text.trim() || `HTTP ${httpCode}`,
		body: (typeof body === 'object' && body !== null ? body : { body: text }) as JsonObject,
	};
}

/** Turns an error response body (already parsed JSON, or text) into a VendorError. */
export function parseVendorError(vendor: Vendor, httpCode: number, body: unknown): VendorError {
	return vendor === 'syncLabs'
		? parseSyncError(httpCode, body)
		: parseElevenLabsError(httpCode, body);
}

/** The suggestion shown to the user: the vendor's own, else ours for the code, else for the status. */
export function suggestionFor(
	error: Pick<VendorError, 'vendor' | 'code' | 'suggestion' | 'httpCode'>,
) {
	if (error.suggestion) return error.suggestion;
	if (error.code && SUGGESTIONS[error.code]) return SUGGESTIONS[error.code];
	if (error.httpCode === 401) return VENDORS[error.vendor].keyHint;
	if (error.httpCode >= 500)
		return `${VENDORS[error.vendor].displayName} had a problem. Try again later.`;
	return STATUS_SUGGESTIONS[error.httpCode];
}

/** Builds the NodeApiError users see: vendor message first, then code, field and what to do. */
export function vendorApiError(node: INode, error: VendorError, itemIndex?: number): NodeApiError {
	const vendorName = VENDORS[error.vendor].displayName;
	const suggestion = suggestionFor(error);
	const description = [
		error.code ? `Error code: ${error.code}.` : undefined,
		error.field ? `Field: ${error.field}.` : undefined,
		suggestion,
	]
		.filter(Boolean)
		.join(' ');
	const apiError = new NodeApiError(node, error.body, {
		message: `${vendorName}: ${error.message}`,
		description,
		httpCode: String(error.httpCode),
		itemIndex,
	});
	apiError.context.vendorErrorCode = error.code;
	apiError.context.suggestion = suggestion;
	return apiError;
}
