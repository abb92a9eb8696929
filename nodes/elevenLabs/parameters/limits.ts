import type { ParameterChecks } from '../../shared/validation';

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

/** A video as far as the limits care. */
export interface MeasuredVideo {
	/** What the user knows it by: a file name, a binary property or a URL. */
	label: string;
	itemIndex: number;
	size?: number;
	durationSeconds?: number;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} B`;
}

function describe(video: MeasuredVideo, withDuration: boolean): string {
	const details: string[] = [];
	if (video.size !== undefined) details.push(formatBytes(video.size));
	if (withDuration) {
		details.push(
			video.durationSeconds === undefined
				? 'duration unknown'
				: `${video.durationSeconds.toFixed(1)} s`,
		);
	}
	details.push(`item ${video.itemIndex}`);
	return `${video.label} (${details.join(', ')})`;
}

/**
 * The limits of one request over all its videos: 1 to 10 videos, at most 200 MB and, where the
 * durations are known, 600 seconds in all. Refused naming every video, before anything is sent.
 */
export class RequestLimits {
	/** `checks` name every item of the request in a refusal. */
	constructor(private readonly checks: ParameterChecks) {}

	private refuse(
		rule: string,
		videos: MeasuredVideo[],
		withDuration: boolean,
		advice: string,
	): never {
		this.checks.fail({
			field: 'Videos',
			rule,
			hint: `Videos: ${videos.map((video) => describe(video, withDuration)).join('; ')}. Nothing was sent to ElevenLabs. ${advice}`,
		});
	}

	count(videos: MeasuredVideo[]): void {
		if (videos.length === 0) {
			this.checks.fail({
				field: 'Videos',
				rule: 'are missing: Video To Music needs at least one video',
			});
		}
		if (videos.length > LIMITS.maxVideos) {
			this.refuse(
				`are too many: ${videos.length}, but ElevenLabs accepts at most ${LIMITS.maxVideos} per request`,
				videos,
				false,
				'Send fewer videos per request (turn off "Combine All Input Items", or split the list).',
			);
		}
	}

	size(videos: MeasuredVideo[]): void {
		const totalBytes = videos.reduce((sum, video) => sum + (video.size ?? 0), 0);
		if (totalBytes > LIMITS.maxTotalBytes) {
			this.refuse(
				`are ${formatBytes(totalBytes)} (${totalBytes.toLocaleString('en-US')} bytes) in all, but ElevenLabs accepts at most ${LIMITS.maxTotalMegabytes} MB (${LIMITS.maxTotalBytes.toLocaleString('en-US')} bytes) per request`,
				videos,
				false,
				'Compress or trim the videos (the music only needs the picture, so a low-bitrate copy works), or send fewer per request.',
			);
		}
	}

	duration(videos: MeasuredVideo[]): void {
		const totalSeconds = videos.reduce((sum, video) => sum + (video.durationSeconds ?? 0), 0);
		if (totalSeconds > LIMITS.maxTotalSeconds) {
			this.refuse(
				`last ${totalSeconds.toFixed(1)} seconds in all, but ElevenLabs accepts at most ${LIMITS.maxTotalSeconds} seconds per request`,
				videos,
				true,
				'Trim the videos or send fewer per request.',
			);
		}
	}
}
