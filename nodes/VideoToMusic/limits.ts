/** Limits of POST /v1/music/video-to-music (ElevenLabs OpenAPI) and of this node's own settings. */
export const LIMITS = {
	maxVideos: 10,
	/** 200 MB as the API counts it (MiB). */
	maxTotalBytes: 200 * 1024 * 1024,
	maxTotalMegabytes: 200,
	maxTotalSeconds: 600,
	minDescriptionLength: 1,
	maxDescriptionLength: 1000,
	maxTags: 10,
	maxConcurrentRequests: 10,
	defaultTimeoutSeconds: 600,
	maxTimeoutSeconds: 3600,
} as const;
