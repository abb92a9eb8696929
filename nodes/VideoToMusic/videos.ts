import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BinaryInput, BinaryStream } from '../shared/binary';
import { binaryInput, downloadToBinary } from '../shared/binary';
import { mp4DurationSeconds } from './mp4Duration';
import { checkVideoCount, checkVideoTotals } from './checkLimits';
import { readVideoUrls, splitList } from './validation';

/** One video of a request: where it came from, its exact size and (if readable) its duration. */
export interface VideoInput extends BinaryInput {
	itemIndex: number;
	/** The binary property or URL it came from. */
	source: string;
	durationSeconds?: number;
}

const DEFAULT_VIDEO_TYPE = 'video/mp4';

/** Which binary properties of an item hold its videos. */
function binaryPropertyNames(context: IExecuteFunctions, itemIndex: number): string[] {
	const all = context.getNodeParameter('allBinaryProperties', itemIndex, false) as boolean;
	if (all) {
		const names = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
		if (names.length === 0) {
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex} has no binary properties to send as videos (item ${itemIndex})`, {
				itemIndex,
				description: 'Attach the videos as binary data first (e.g. Read/Write Files or HTTP Request with response format "File"), or switch "Video Source" to URLs.',
			});
		}
		return names;
	}
	const names = splitList(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	if (names.length === 0) {
		throw new NodeOperationError(context.getNode(), `"Input Binary Field(s)" must name at least one binary property (item ${itemIndex})`, { itemIndex });
	}
	return names;
}

/** A downloaded binary as a video input (the item does not hold it, so binaryInput cannot read it). */
async function storedVideo(
	context: IExecuteFunctions,
	binary: IBinaryData,
	itemIndex: number,
	url: string,
	fileName: string,
): Promise<VideoInput> {
	const size = binary.id
		? (await context.helpers.getBinaryMetadata(binary.id)).fileSize
		: Buffer.byteLength(binary.data, BINARY_ENCODING);
	return {
		itemIndex,
		source: url,
		propertyName: url,
		fileName: binary.fileName ?? fileName,
		mimeType: videoMimeType(binary.mimeType),
		size,
		open: async () =>
			binary.id
				? await context.helpers.getBinaryStream(binary.id, 256 * 1024)
				: Buffer.from(binary.data, BINARY_ENCODING),
	};
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
			vendor: 'elevenLabs',
			url,
			fileName,
			mimeType: DEFAULT_VIDEO_TYPE,
			itemIndex,
			timeoutMs,
		});
	} catch (error) {
		const reason = error instanceof NodeApiError || error instanceof NodeOperationError
			? [error.message, error.description].filter(Boolean).join(' ')
			: (error as Error).message;
		// The shared download names ElevenLabs as the vendor; here the host is the video's own.
		throw new NodeOperationError(
			context.getNode(),
			`Could not download video URL ${url} (item ${itemIndex})`,
			{
				itemIndex,
				description: `${reason.replace(/^ElevenLabs: /, 'The server answered: ')}. Nothing was sent to ElevenLabs. The URL must be public (no login) and point to the video file itself.`,
			},
		);
	}
	return await storedVideo(context, binary, itemIndex, url, fileName);
}

/** Reads the duration from the MP4 header when that is cheap; undefined otherwise. */
async function probeDuration(video: VideoInput): Promise<number | undefined> {
	const content = await video.open();
	try {
		return await mp4DurationSeconds(content as Buffer | AsyncIterable<Uint8Array>);
	} catch {
		return undefined; // Not a readable MP4 header: the duration is simply unknown.
	} finally {
		if (!Buffer.isBuffer(content)) (content as BinaryStream).destroy();
	}
}

/**
 * Collects the videos of the given items, in order, and checks the API limits (count, combined
 * size, combined duration where known) before anything is uploaded. URL videos are counted before
 * any download, and the size budget is checked after each download.
 */
export async function collectVideos(
	context: IExecuteFunctions,
	itemIndices: number[],
	timeoutMs: number,
): Promise<VideoInput[]> {
	const source = context.getNodeParameter('videoSource', itemIndices[0], 'binary') as string;
	const videos: VideoInput[] = [];
	if (source === 'url') {
		const urls = itemIndices.flatMap((itemIndex) =>
			readVideoUrls(context, itemIndex).map((url) => ({ url, itemIndex })),
		);
		checkVideoCount(context, urls.map(({ url, itemIndex }) => ({ label: url, itemIndex })), itemIndices);
		for (const [position, { url, itemIndex }] of urls.entries()) {
			videos.push(await downloadVideo(context, url, itemIndex, position, timeoutMs));
			checkVideoTotals(context, videos, itemIndices, { durations: false });
		}
	} else {
		const names = itemIndices.flatMap((itemIndex) =>
			binaryPropertyNames(context, itemIndex).map((name) => ({ name, itemIndex })),
		);
		checkVideoCount(context, names.map(({ name, itemIndex }) => ({ label: name, itemIndex })), itemIndices);
		for (const { name, itemIndex } of names) {
			const input = await binaryInput(context, itemIndex, name);
			videos.push({
				...input,
				itemIndex,
				source: name,
				mimeType: videoMimeType(input.mimeType),
			});
		}
		checkVideoTotals(context, videos, itemIndices, { durations: false });
	}
	for (const video of videos) video.durationSeconds = await probeDuration(video);
	checkVideoTotals(context, videos, itemIndices, { durations: true });
	return videos;
}
