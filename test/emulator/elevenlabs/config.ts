/**
 * Everything about the ElevenLabs emulator that tests may change. Plain data only: the core
 * server deep-clones and patches it (structuredClone), and exposes it over the admin API.
 * Defaults follow reference §8; items the real API leaves unknown are switches.
 */

export type Tier = 'free' | 'starter' | 'creator' | 'pro' | 'scale' | 'business' | 'enterprise';

/** Ascending plan order, for "X tier and above" gates. */
export const TIER_ORDER: readonly Tier[] = [
	'free',
	'starter',
	'creator',
	'pro',
	'scale',
	'business',
	'enterprise',
];

export function tierAtLeast(tier: Tier, minimum: Tier): boolean {
	return TIER_ORDER.indexOf(tier) >= TIER_ORDER.indexOf(minimum);
}

export type KeyProfile = {
	tier: Tier;
	/** The key has the music-generation permission (else 401 `missing_permissions` on music). */
	musicEnabled: boolean;
	/** The key may read `/v1/user*` (false = a music-only scoped key: 401 there, music works). */
	userEndpoints: boolean;
	/** Concurrent music generations allowed for this key. */
	concurrency: number;
	userId: string;
	firstName: string;
};

/** A type alias, not an interface, so it converts to Record<string, unknown> (patching). */
export type ElevenLabsConfig = {
	/** Key handed out by the core server as "the" ElevenLabs test key. */
	defaultApiKey: string;
	keys: Record<string, KeyProfile>;

	/**
	 * Error bodies: `legacy` `{detail:{status,message[,data]}}`, or `new`, which adds
	 * type/code/request_id/param.
	 */
	errorEnvelope: 'legacy' | 'new';
	/** Code of the 429 sent when a key exceeds its music concurrency. */
	concurrencyErrorCode: 'concurrent_limit_exceeded' | 'too_many_concurrent_requests';
	/** When true every music generation gets 429 `system_busy` (overload simulation). */
	systemBusy: boolean;
	/** Free tier on video-to-music: 403 `subscription_required` (spec) or 402 `limited_access`. */
	freeTierStatus: 402 | 403;

	/** Also accept file parts named `videos[]` (the docs' cURL sample; production refuses it). */
	acceptVideosBrackets: boolean;
	maxVideos: number;
	/** Combined upload size limit of all `videos` parts (209,715,200 = 200 MB). */
	maxTotalBytes: number;
	/** Combined duration limit read from each MP4's mvhd (or the `x-fake-duration-s` header). */
	maxTotalDurationSeconds: number;
	/** Honour the `x-fake-duration-s` request header as the combined video duration. */
	honourFakeDurationHeader: boolean;
	/** 1000 (OAS) or 4100 (JS SDK 2.72+ doc text). */
	descriptionMaxLength: number;
	maxTags: number;
	/** Also accept one `tags` field holding a JSON array string (the Python SDK's encoding). */
	acceptJsonTags: boolean;
	/** Allowed `model_id` values; drop `music_v2_5` to emulate the OAS 2026-08 enum. */
	modelIds: string[];
	defaultModelId: string;
	defaultOutputFormat: string;
	/** `sign_with_c2pa=true` with a non-MP3 format: `ignore` it (default) or `reject` with 422. */
	c2paNonMp3: 'ignore' | 'reject';

	/** Case-insensitive terms (e.g. artist names) → 400 `bad_prompt` with a prompt suggestion. */
	blockedTerms: string[];
	/** Case-insensitive terms → 400 `bad_prompt` without a suggestion ("harmful" content). */
	harmfulTerms: string[];

	/** Simulated generation time before the first audio byte (holds a concurrency slot). */
	generationDelayMs: number;
};

export const elevenLabsTestKeys: Record<string, KeyProfile> = {
	sk_test_el_creator: profile('creator', 'user_creator'),
	sk_test_el_free: profile('free', 'user_free'),
	sk_test_el_starter: profile('starter', 'user_starter'),
	sk_test_el_pro: profile('pro', 'user_pro'),
	sk_test_el_scale: { ...profile('scale', 'user_scale'), concurrency: 3 },
	sk_test_el_music_only: { ...profile('creator', 'user_music_only'), userEndpoints: false },
	sk_test_el_no_music: { ...profile('creator', 'user_no_music'), musicEnabled: false },
};

function profile(tier: Tier, userId: string): KeyProfile {
	return {
		tier,
		musicEnabled: true,
		userEndpoints: true,
		concurrency: 2,
		userId,
		firstName: 'Test',
	};
}

export const defaultElevenLabsConfig: ElevenLabsConfig = {
	defaultApiKey: 'sk_test_el_creator',
	keys: elevenLabsTestKeys,
	errorEnvelope: 'legacy',
	concurrencyErrorCode: 'concurrent_limit_exceeded',
	systemBusy: false,
	freeTierStatus: 403,
	acceptVideosBrackets: false,
	maxVideos: 10,
	maxTotalBytes: 209_715_200,
	maxTotalDurationSeconds: 600,
	honourFakeDurationHeader: true,
	descriptionMaxLength: 1000,
	maxTags: 10,
	acceptJsonTags: true,
	modelIds: ['music_v1', 'music_v2', 'music_v2_5'],
	defaultModelId: 'music_v1',
	defaultOutputFormat: 'mp3_44100_128',
	c2paNonMp3: 'ignore',
	blockedTerms: ['hans zimmer', 'the beatles', 'taylor swift'],
	harmfulTerms: ['emulator-harmful-term'],
	generationDelayMs: 0,
};

/** A fresh deep copy of the defaults, for tests that build their own handler context. */
export function createElevenLabsConfig(patch: Partial<ElevenLabsConfig> = {}): ElevenLabsConfig {
	return { ...structuredClone(defaultElevenLabsConfig), ...patch };
}
