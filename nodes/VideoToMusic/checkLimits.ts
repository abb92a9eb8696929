import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LIMITS } from './limits';

interface CountedVideo {
	label: string;
	itemIndex: number;
}

interface MeasuredVideo {
	fileName: string;
	size: number;
	itemIndex: number;
	durationSeconds?: number;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} B`;
}

/** "(item 2)" or "(items 0, 1, 2)": how this package points at input items in messages. */
export function itemLabel(itemIndices: number[]): string {
	return itemIndices.length === 1 ? `(item ${itemIndices[0]})` : `(items ${itemIndices.join(', ')})`;
}

function describeVideo(video: MeasuredVideo, withDuration: boolean): string {
	const details = [formatBytes(video.size)];
	if (withDuration) {
		details.push(
			video.durationSeconds === undefined ? 'duration unknown' : `${video.durationSeconds.toFixed(1)} s`,
		);
	}
	details.push(`item ${video.itemIndex}`);
	return `${video.fileName} (${details.join(', ')})`;
}

function limitError(
	context: IExecuteFunctions,
	message: string,
	videos: string[],
	advice: string,
	itemIndices: number[],
) {
	return new NodeOperationError(context.getNode(), `${message} ${itemLabel(itemIndices)}`, {
		itemIndex: itemIndices[0],
		description: `Videos: ${videos.join('; ')}. Nothing was sent to ElevenLabs. ${advice}`,
	});
}

/** 1 to 10 videos per request. */
export function checkVideoCount(
	context: IExecuteFunctions,
	videos: CountedVideo[],
	itemIndices: number[],
): void {
	if (videos.length === 0) {
		throw new NodeOperationError(
			context.getNode(),
			`No videos to send ${itemLabel(itemIndices)}`,
			{ itemIndex: itemIndices[0], description: 'Video To Music needs at least one video.' },
		);
	}
	if (videos.length > LIMITS.maxVideos) {
		throw limitError(
			context,
			`Too many videos: ${videos.length}, but ElevenLabs accepts at most ${LIMITS.maxVideos} per request`,
			videos.map((video) => `${video.label} (item ${video.itemIndex})`),
			'Send fewer videos per request (turn off "Combine All Input Items", or split the list).',
			itemIndices,
		);
	}
}

/** At most 200 MB in all, and 600 seconds in all as far as the durations are known. */
export function checkVideoTotals(
	context: IExecuteFunctions,
	videos: MeasuredVideo[],
	itemIndices: number[],
	{ durations }: { durations: boolean },
): void {
	const totalBytes = videos.reduce((sum, video) => sum + video.size, 0);
	if (totalBytes > LIMITS.maxTotalBytes) {
		throw limitError(
			context,
			`The videos are ${formatBytes(totalBytes)} (${totalBytes.toLocaleString('en-US')} bytes) in all, but ElevenLabs accepts at most ${LIMITS.maxTotalMegabytes} MB (${LIMITS.maxTotalBytes.toLocaleString('en-US')} bytes) per request`,
			videos.map((video) => describeVideo(video, false)),
			'Compress or trim the videos (the music only needs the picture, so a low-bitrate copy works), or send fewer per request.',
			itemIndices,
		);
	}
	if (!durations) return;
	const totalSeconds = videos.reduce((sum, video) => sum + (video.durationSeconds ?? 0), 0);
	if (totalSeconds > LIMITS.maxTotalSeconds) {
		throw limitError(
			context,
			`The videos last ${totalSeconds.toFixed(1)} seconds in all, but ElevenLabs accepts at most ${LIMITS.maxTotalSeconds} seconds per request`,
			videos.map((video) => describeVideo(video, true)),
			'Trim the videos or send fewer per request.',
			itemIndices,
		);
	}
}
