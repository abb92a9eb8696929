import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { composeSoundtrack } from '../../elevenLabs/api/music';
import { storeStreamedResponse, storedSize } from '../../shared/binary';
import type { ApiResponse } from '../../shared/transport';
import { itemChecks, itemLabel } from '../../shared/validation';
import { SoundtrackForm } from '../../elevenLabs/api/musicForm';
import { outputFile } from '../../elevenLabs/parameters/outputFormats';
import type { SoundtrackSettings } from './settings';
import { readSettings } from './settings';
import type { VideoInput } from './videos';
import { planVideos } from './videos';

/** One soundtrack request, checked; `run` fetches URL videos, uploads, composes and stores. */
export type PreparedSoundtrack = () => Promise<INodeExecutionData>;

/**
 * Checks the settings (from the first item: one request serves all given items) and the videos of
 * the given items, without sending anything.
 */
export async function prepareSoundtrack(
	context: IExecuteFunctions,
	itemIndices: number[],
): Promise<PreparedSoundtrack> {
	const settings = readSettings(itemChecks(context, itemIndices[0]));
	const planned = await planVideos(context, itemIndices, settings.timeoutMs);
	return async () => {
		const videos = await planned.collect();
		const form = new SoundtrackForm(settings, videos);
		try {
			const response = await composeSoundtrack(context, {
				buildForm: form.build,
				outputFormat: settings.format.value,
				timeoutMs: settings.timeoutMs,
				itemIndex: itemIndices[0],
			});
			return await storeSoundtrack(context, settings, videos, itemIndices, response);
		} catch (error) {
			throw explainPlanError(context, error as Error, settings, itemIndices);
		} finally {
			form.close();
		}
	};
}

async function storeSoundtrack(
	context: IExecuteFunctions,
	settings: SoundtrackSettings,
	videos: VideoInput[],
	itemIndices: number[],
	response: ApiResponse<unknown>,
): Promise<INodeExecutionData> {
	const separateTracks = settings.flags.separate_tracks === true;
	const file = outputFile(settings.format, separateTracks);
	const baseName = videos[0].fileName.replace(/\.[^.]+$/, '') || 'video';
	const fileName = `${baseName}-soundtrack.${file.extension}`;
	const binary = await storeStreamedResponse(context, response, {
		fileName,
		mimeType: file.mimeType,
		keepMimeType: true,
		what: 'The soundtrack from ElevenLabs',
		retryHint: 'The generation may have been billed; run the node again to retry.',
		itemIndex: itemIndices[0],
	});
	const bytes = await storedSize(context, binary);
	const requestId = response.headers['x-request-id'] ?? response.headers['request-id'];
	const json: IDataObject = {
		fileName,
		mimeType: file.mimeType,
		bytes: bytes ?? null,
		// ElevenLabs composes music as long as the videos together.
		durationSeconds: totalDuration(videos),
		outputFormat: settings.format.value,
		model: settings.model,
		separateTracks,
		videoCount: videos.length,
		videos: videos.map((video) => ({
			fileName: video.fileName,
			source: video.source,
			bytes: video.size,
			durationSeconds: video.durationSeconds ?? null,
			...(itemIndices.length > 1 ? { itemIndex: video.itemIndex } : {}),
		})),
		requestId: typeof requestId === 'string' ? requestId : null,
		contentType: response.headers['content-type'] ?? null,
	};
	if (settings.description !== undefined) json.description = settings.description;
	if (settings.tags.length > 0) json.tags = settings.tags;
	return { json, binary: { [settings.binaryPropertyOutput]: binary } };
}

/** Seconds of all videos together, or null when the length of one is unknown. */
function totalDuration(videos: VideoInput[]): number | null {
	if (videos.some((video) => typeof video.durationSeconds !== 'number')) return null;
	const total = videos.reduce((sum, video) => sum + (video.durationSeconds ?? 0), 0);
	return Math.round(total * 1000) / 1000;
}

/**
 * ElevenLabs' plan errors name neither the plan nor the format: say which plan the chosen output
 * format needs. Every other error passes through unchanged.
 */
function explainPlanError(
	context: IExecuteFunctions,
	error: Error,
	settings: SoundtrackSettings,
	itemIndices: number[],
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (!(error instanceof NodeApiError)) {
		return new NodeOperationError(context.getNode(), error, { itemIndex: itemIndices[0] });
	}
	const code = error.context.vendorErrorCode as string | undefined;
	const { format } = settings;
	const formatNeeds = `The output format "${format.name}" (${format.value}) needs the ${format.plan} plan or above`;
	if (code === 'output_format_not_allowed') {
		error.description = `Error code: ${code}. ${formatNeeds}. Pick another output format (every MP3 up to 128 kbps, Opus and PCM other than 44.1 kHz work on any paid plan) or upgrade the ElevenLabs plan. ${itemLabel(itemIndices)}`;
	} else if (code === 'subscription_required' || code === 'limited_access') {
		const formatNote = format.plan === 'Starter' ? '' : ` ${formatNeeds}.`;
		error.description = `Error code: ${code}. Video To Music needs a paid ElevenLabs plan (Starter or above).${formatNote} ${itemLabel(itemIndices)}`;
	}
	return error;
}
