import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BinaryInput } from '../../shared/binary';
import {
	binaryInput,
	checkMediaFile,
	downloadToBinary,
	mp4Duration,
	storedBinaryInput,
} from '../../shared/binary';
import type { ParameterChecks } from '../../shared/validation';
import { itemChecks, requestChecks } from '../../shared/validation';
import { ELEVEN_LABS } from '../../elevenLabs/errors';
import { RequestLimits } from '../../elevenLabs/parameters/limits';
import { readVideoUrls, splitList } from './settings';

/** One video of a request: where it came from, its exact size and (if readable) its duration. */
export interface VideoInput extends BinaryInput {
	itemIndex: number;
	/** The binary property or URL it came from. */
	source: string;
	durationSeconds?: number;
}

/** The videos of a request, checked; `collect` fetches URL videos and gives them all. */
export interface PlannedVideos {
	collect(): Promise<VideoInput[]>;
}

const DEFAULT_VIDEO_TYPE = 'video/mp4';
const VIDEO_SOURCES = ['binary', 'url'] as const;

/**
 * Checks the videos of the given items (one request) without sending anything: binaries exist,
 * are videos and fit the limits (count, size, duration where the MP4 header tells it); URLs are
 * http(s) and fit the count. URL videos are downloaded only by `collect`, each checked against
 * the size budget as it arrives.
 */
export async function planVideos(
	context: IExecuteFunctions,
	itemIndices: number[],
	timeoutMs: number,
): Promise<PlannedVideos> {
	const limits = new RequestLimits(requestChecks(context, itemIndices));
	const first = itemChecks(context, itemIndices[0]);
	const source = first.oneOf(first.read('videoSource', 'binary'), 'Video Source', VIDEO_SOURCES);
	if (source === 'url') {
		const urls = itemIndices.flatMap((itemIndex) =>
			readVideoUrls(itemChecks(context, itemIndex)).map((url) => ({ url, itemIndex })),
		);
		limits.count(urls.map(({ url, itemIndex }) => ({ label: url, itemIndex })));
		return {
			collect: async () => {
				const videos: VideoInput[] = [];
				for (const [position, { url, itemIndex }] of urls.entries()) {
					videos.push(await downloadVideo(context, url, itemIndex, position, timeoutMs));
					limits.size(videos.map(measured));
				}
				await measureDurations(videos, limits);
				return videos;
			},
		};
	}
	const named = itemIndices.flatMap((itemIndex) => {
		const checks = itemChecks(context, itemIndex);
		return binaryPropertyNames(context, checks).map((name) => ({ name, checks }));
	});
	limits.count(
		named.map(({ name, checks }) => ({ label: name, itemIndex: checks.itemIndex ?? 0 })),
	);
	const videos: VideoInput[] = [];
	for (const { name, checks } of named) {
		const input = await binaryInput(context, checks.itemIndex ?? 0, name);
		checkMediaFile(checks, input, 'video');
		videos.push({
			...input,
			itemIndex: checks.itemIndex ?? 0,
			source: name,
			mimeType: videoMimeType(input.mimeType),
		});
	}
	limits.size(videos.map(measured));
	await measureDurations(videos, limits);
	return { collect: async () => videos };
}

const measured = (video: VideoInput) => ({
	label: video.fileName,
	itemIndex: video.itemIndex,
	size: video.size,
	durationSeconds: video.durationSeconds,
});

async function measureDurations(videos: VideoInput[], limits: RequestLimits): Promise<void> {
	for (const video of videos) video.durationSeconds = await mp4Duration(video);
	limits.duration(videos.map(measured));
}

/** Which binary properties of an item hold its videos. */
function binaryPropertyNames(context: IExecuteFunctions, checks: ParameterChecks): string[] {
	const itemIndex = checks.itemIndex ?? 0;
	if (
		checks.boolean(checks.read('allBinaryProperties', false), 'Use All Binary Properties', false)
	) {
		const names = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
		if (names.length === 0) {
			checks.fail({
				field: 'Use All Binary Properties',
				rule: 'found no binary properties to send as videos',
				hint: 'Attach the videos as binary data first (e.g. Read/Write Files or HTTP Request with response format "File"), or switch "Video Source" to URLs.',
			});
		}
		return names;
	}
	const names = splitList(checks.read('binaryPropertyName', 'data'));
	if (names.length === 0) {
		checks.fail({ field: 'Input Binary Field', rule: 'must name at least one binary property' });
	}
	return names;
}

/** The part's Content-Type: the binary's own, unless it says nothing useful. */
function videoMimeType(mimeType: string | undefined): string {
	return mimeType && mimeType !== 'application/octet-stream' ? mimeType : DEFAULT_VIDEO_TYPE;
}

function fileNameFromUrl(url: string, position: number): string {
	const last = new URL(url).pathname.split('/').filter(Boolean).pop();
	const name = last ? decodeURIComponent(last) : '';
	return /\.[a-z0-9]{2,4}$/i.test(name) ? name : `video-${position + 1}.mp4`;
}

/**
 * Downloads a video URL into n8n's binary store, streamed. The API takes files only, and a stored
 * copy has an exact size (checked before upload) and can be re-read when a retry rebuilds the form.
 * No credential is sent to the video's host.
 */
async function downloadVideo(
	context: IExecuteFunctions,
	url: string,
	itemIndex: number,
	position: number,
	timeoutMs: number,
): Promise<VideoInput> {
	const fileName = fileNameFromUrl(url, position);
	let binary: IBinaryData;
	try {
		binary = await downloadToBinary(context, {
			vendor: ELEVEN_LABS,
			url,
			fileName,
			mimeType: DEFAULT_VIDEO_TYPE,
			itemIndex,
			timeoutMs,
		});
	} catch (error) {
		const reason =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? [error.message, error.description].filter(Boolean).join(' ')
				: (error as Error).message;
		// The shared download names ElevenLabs as the vendor; here the host is the video's own.
		throw new NodeApiError(
			context.getNode(),
			{ url, reason },
			{
				message: `Could not download video URL ${url} (item ${itemIndex})`,
				description: `${reason.replace(/^ElevenLabs: /, 'The server answered: ')}. Nothing was sent to ElevenLabs. The URL must be public (no login) and point to the video file itself.`,
				itemIndex,
			},
		);
	}
	const input = await storedBinaryInput(context, binary, url, itemIndex);
	return {
		...input,
		itemIndex,
		source: url,
		fileName: binary.fileName ?? fileName,
		mimeType: videoMimeType(binary.mimeType),
	};
}
