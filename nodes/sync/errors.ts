import type { JsonObject } from 'n8n-workflow';
import { z } from 'zod';

import type { VendorDefinition } from '../shared/transport';

/** Sync Labs for the transport: where it lives, how it reports errors and what to suggest. */

const DEFAULT_BASE_URL = 'https://api.sync.so';

const withoutTrailingSlash = (url: string) => url.trim().replace(/\/+$/, '');

const errorBody = z
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

/** What to tell the user when Sync gave no suggestion of its own. */
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
};

export const SYNC_LABS: VendorDefinition = {
	credentialType: 'videoDubSyncLabsApi',
	displayName: 'Sync Labs',
	baseUrl: (credentials) =>
		withoutTrailingSlash((credentials.baseUrl as string) || DEFAULT_BASE_URL),
	secretFields: ['apiKey', 'webhookSecret'],
	readError(httpCode, body) {
		const parsed = errorBody.safeParse(body);
		if (!parsed.success) return undefined;
		const { message, error, errorCode, error_code, suggestion, field, retryAfterSeconds } =
			parsed.data;
		const text = Array.isArray(message) ? message.join('; ') : message;
		return {
			message: text || error || `HTTP ${httpCode}`,
			code: errorCode ?? error_code,
			suggestion,
			field,
			retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
			body: parsed.data as JsonObject,
		};
	},
	concurrencyCodes: ['concurrency_limit_reached'],
	suggestions: SUGGESTIONS,
	keyHint: 'Check the API key in the Sync Labs credential (sync.so/keys).',
};

/** True when the Sync base URL is Sync's production API (used to refuse unreachable webhook URLs). */
export function isSyncProduction(baseUrl: string): boolean {
	return /^https:\/\/api\.sync\.so$/i.test(withoutTrailingSlash(baseUrl));
}
