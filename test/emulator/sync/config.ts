/** Runtime configuration of the Sync Labs part of the emulator (reference §8.1). */

export type SyncPlan = 'free' | 'hobbyist' | 'creator' | 'growth' | 'scale' | 'enterprise';
export const syncPlans: readonly SyncPlan[] = [
	'free',
	'hobbyist',
	'creator',
	'growth',
	'scale',
	'enterprise',
];

export interface SyncApiKeyProfile {
	/** Organization the key belongs to; generations, assets and batches are scoped to it. */
	orgId: string;
	/** Fixed plan of the key; when absent the key follows `SyncConfig.plan` (the default key). */
	plan?: SyncPlan;
}

export interface SyncTiming {
	/** Time a generation stays PENDING; `null` holds it there until `admin.finishGeneration`. */
	pendingMs: number | null;
	/** Time a generation stays PROCESSING; `null` holds it there until `admin.finishGeneration`. */
	processingMs: number | null;
	/** Time a batch stays PENDING before its child generations are created. */
	batchPendingMs: number;
}

export interface SyncConfig {
	apiKeys: Record<string, SyncApiKeyProfile>;
	/** Plan of every key without a fixed plan (i.e. the default key `sk_test_sync_creator`). */
	plan: SyncPlan;
	concurrencyByPlan: Record<SyncPlan, number>;
	/** Longest generation (seconds of output) each plan may create → 402 beyond. */
	maxDurationSecondsByPlan: Record<SyncPlan, number>;
	/** Concurrently running batches per plan; 0 = batch not available on the plan (402). */
	batchConcurrencyByPlan: Record<SyncPlan, number>;
	/** Free-plan generations allowed before 402 `free_tier_generations_exhausted`; null = off. */
	freeTierGenerationLimit: number | null;
	webhookSecret: string;
	timing: SyncTiming;
	/** Request-rate limits per API key, sliding 60 s window. */
	createRateLimitPerMin: number;
	otherRateLimitPerMin: number;
	uploadRateLimitPerMin: number;
	/** Spelling of the error code on Generation objects returned by the API (webhooks: always snake). */
	errorCodeCasing: 'camel' | 'snake' | 'both';
	/** Also send `X-Signature-Primary: <hex>` on webhooks. */
	sendXSignaturePrimary: boolean;
	/** Send a webhook when a generation ends REJECTED (undocumented upstream). */
	webhookOnRejected: boolean;
	/** Delays between webhook retries; [] = one attempt only (real retry policy is undocumented). */
	webhookRetryDelaysMs: number[];
	webhookTimeoutMs: number;
	/** Reject non-https webhook URLs with 400 (off so local n8n can be called back). */
	requireHttpsWebhooks: boolean;
	batchWebhookCasing: 'snake' | 'camel';
	/** Dubs into these target languages end FAILED (the other languages of a run complete). */
	failDubLanguages: string[];
	/** dubParams together with audio/text inputs: 422 `generation_input_dub_audio_conflict` or ignore. */
	dubAudioConflict: 'reject' | 'ignore';
	idempotencyConflictStatus: number;
	idempotencyConflictErrorCode: string;
	/** Duration assumed for input media the emulator cannot measure (URL hook `?duration=N` wins). */
	defaultMediaDurationSeconds: number;
	/** Longest video a dub accepts → 422 `dubbing_duration_exceeded`. */
	maxDubbingDurationSeconds: number;
	/**
	 * What a completed generation's video is made of: `input` = the job's own input video (an
	 * uploaded file, or a URL on 127.0.0.0/8), labelled with a subtitle track and title naming
	 * the model, the dub language and the generation; the labelled canned clip when the input is
	 * not a readable MP4. `canned` = the committed canned clip, byte for byte, for every output.
	 */
	outputVideo: 'input' | 'canned';
	/** Bounds of downloading a loopback input URL (the emulator fetches no other URLs). */
	inputFetchTimeoutMs: number;
	inputFetchMaxBytes: number;
	/**
	 * Serve every output padded with a trailing `free` box to exactly this many bytes (benchmarks);
	 * an output already bigger than that falls back to the (labelled) canned clip, padded.
	 */
	largeOutputBytes: number | null;
	/** Per-file cap of the multipart create form (20 MB in the 2025 docs). */
	multipartMaxFileBytes: number;
	/** Status for a multipart file over the cap: 413 (2025 docs) or 422 `file_size_exceeds_plan_limit`. */
	multipartOversizeStatus: 413 | 422;
	batchMinLines: number;
	batchMaxLines: number;
	batchMaxFileBytes: number;
	/** Project ids that exist (any org may use them). */
	projectIds: string[];
	/** Presigned PUT without Content-Length → 411, as S3 does. */
	uploadRequiresContentLength: boolean;
	uploadUrlExpiresInSeconds: number;
	/** Add a `Retry-After` header to emulator-generated 429s (concurrency and rate limit). */
	retryAfterHeaderOn429: boolean;
}

export const defaultSyncApiKey = 'sk_test_sync_creator';

export function defaultSyncConfig(): SyncConfig {
	const apiKeys: Record<string, SyncApiKeyProfile> = {
		[defaultSyncApiKey]: { orgId: 'org_test_default' },
	};
	for (const plan of syncPlans) {
		if (plan === 'creator') continue;
		apiKeys[`sk_test_sync_${plan}`] = { orgId: `org_test_${plan}`, plan };
	}
	return {
		apiKeys,
		plan: 'creator',
		concurrencyByPlan: { free: 1, hobbyist: 1, creator: 3, growth: 6, scale: 15, enterprise: 50 },
		maxDurationSecondsByPlan: {
			free: 20,
			hobbyist: 60,
			creator: 300,
			growth: 600,
			scale: 1800,
			enterprise: 7200,
		},
		batchConcurrencyByPlan: {
			free: 0,
			hobbyist: 0,
			creator: 0,
			growth: 0,
			scale: 3,
			enterprise: 10,
		},
		freeTierGenerationLimit: null,
		webhookSecret: 'whsec_test_emulator_0123456789abcdef',
		timing: { pendingMs: 150, processingMs: 400, batchPendingMs: 100 },
		createRateLimitPerMin: 60,
		otherRateLimitPerMin: 600,
		uploadRateLimitPerMin: 120,
		errorCodeCasing: 'camel',
		sendXSignaturePrimary: false,
		webhookOnRejected: false,
		webhookRetryDelaysMs: [],
		webhookTimeoutMs: 10_000,
		requireHttpsWebhooks: false,
		batchWebhookCasing: 'snake',
		dubAudioConflict: 'reject',
		failDubLanguages: [],
		idempotencyConflictStatus: 422,
		idempotencyConflictErrorCode: 'IDEMPOTENCY_KEY_REUSED',
		defaultMediaDurationSeconds: 10,
		maxDubbingDurationSeconds: 3600,
		outputVideo: 'input',
		inputFetchTimeoutMs: 30_000,
		inputFetchMaxBytes: 2 * 1024 ** 3,
		largeOutputBytes: null,
		multipartMaxFileBytes: 20 * 1024 * 1024,
		multipartOversizeStatus: 413,
		batchMinLines: 20,
		batchMaxLines: 500,
		batchMaxFileBytes: 5 * 1024 * 1024,
		projectIds: ['3f0c9a52-4c1e-4d7e-9a53-0d6d1c0b5e01'],
		uploadRequiresContentLength: true,
		uploadUrlExpiresInSeconds: 3600,
		retryAfterHeaderOn429: false,
	};
}

/**
 * Applies a partial patch: plain objects (timing, per-plan tables, apiKeys) are merged one level
 * deep so `{ timing: { processingMs: 50 } }` keeps the other timings; arrays and scalars replace.
 */
export function patchConfig<T extends object>(target: T, patch: Partial<T>): void {
	for (const [key, value] of Object.entries(patch) as Array<[keyof T, unknown]>) {
		if (value === undefined) continue;
		const current = target[key];
		if (isPlainObject(value) && isPlainObject(current)) {
			target[key] = { ...current, ...value } as T[keyof T];
		} else {
			target[key] = value as T[keyof T];
		}
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
