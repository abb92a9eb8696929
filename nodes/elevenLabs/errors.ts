import type { JsonObject } from 'n8n-workflow';
import { z } from 'zod';

import type { VendorDefinition, VendorErrorFields } from '../shared/transport';

/** ElevenLabs for the transport: where it lives, how it reports errors and what to suggest. */

const DEFAULT_BASE_URL = 'https://api.elevenlabs.io';

const detailObject = z
	.object({
		status: z.string().optional(),
		code: z.string().optional(),
		message: z.string().optional(),
		param: z.string().optional(),
		data: z.record(z.unknown()).optional(),
	})
	.passthrough();

const validationItem = z
	.object({
		loc: z.array(z.union([z.string(), z.number()])).default([]),
		msg: z.string(),
		type: z.string().optional(),
	})
	.passthrough();

const errorBody = z
	.object({
		detail: z.union([detailObject, z.array(validationItem), z.string()]),
	})
	.passthrough();

const TOO_MANY_AT_ONCE =
	'ElevenLabs music allows only 2–3 requests at once on most plans. Run fewer in parallel.';

/** What to tell the user when ElevenLabs gave no suggestion of its own. */
const SUGGESTIONS: Record<string, string> = {
	bad_prompt: 'Rephrase the description without artist or band names or copyrighted lyrics.',
	output_format_not_allowed:
		'This output format needs a higher ElevenLabs tier (MP3 192 kbps: Creator; PCM 44.1 kHz: Pro). Pick another format or upgrade.',
	subscription_required: 'Video to Music needs a paid ElevenLabs plan.',
	limited_access: 'Video to Music needs a paid ElevenLabs plan.',
	concurrent_limit_exceeded: TOO_MANY_AT_ONCE,
	too_many_concurrent_requests: TOO_MANY_AT_ONCE,
	system_busy: 'ElevenLabs is busy. Try again in a little while.',
};

function readError(httpCode: number, body: unknown): VendorErrorFields | undefined {
	const parsed = errorBody.safeParse(body);
	if (!parsed.success) return undefined;
	const { detail } = parsed.data;
	const base = { body: parsed.data as JsonObject };
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

export const ELEVEN_LABS: VendorDefinition = {
	credentialType: 'videoDubElevenLabsApi',
	displayName: 'ElevenLabs',
	// The region option's value is the host itself, or 'custom' for a free-form base URL.
	baseUrl: (credentials) => {
		const region = (credentials.region as string) || DEFAULT_BASE_URL;
		const url = region === 'custom' ? (credentials.baseUrl as string) : region;
		return url.trim().replace(/\/+$/, '');
	},
	secretFields: ['apiKey'],
	readError,
	concurrencyCodes: ['concurrent_limit_exceeded', 'too_many_concurrent_requests'],
	suggestions: SUGGESTIONS,
	keyHint: 'Check the API key in the ElevenLabs credential and that it has the Music permission.',
};
