import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { storeStreamedResponse, storedSize } from '../shared/binary';
import { asNodeError, errorItem, runForEachItem } from '../shared/items';
import type { ApiResponse } from '../shared/transport';
import { apiRequest } from '../shared/transport';
import { SoundtrackForm } from './form';
import { itemLabel } from './checkLimits';
import { outputFile } from './outputFormats';
import type { SoundtrackSettings } from './validation';
import { readMaxConcurrentRequests, readSettings } from './validation';
import type { VideoInput } from './videos';
import { collectVideos } from './videos';

const ENDPOINT = '/v1/music/video-to-music';

/** Runs the node: one soundtrack per item, or one for all items with "Combine All Input Items". */
export async function executeVideoToMusic(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const itemCount = context.getInputData().length;
	const combine = context.getNodeParameter('combineItems', 0, false) as boolean;
	if (combine && itemCount > 0) return await runCombined(context, itemCount);
	const concurrency = readMaxConcurrentRequests(context);
	return await runForEachItem(context, async (itemIndex) => await soundtrackFor(context, [itemIndex]), concurrency);
}

/** One request for the videos of every item; its output (or error) is paired with all of them. */
async function runCombined(context: IExecuteFunctions, itemCount: number): Promise<INodeExecutionData[]> {
	const itemIndices = Array.from({ length: itemCount }, (_, index) => index);
	const pairedItem = itemIndices.map((item) => ({ item }));
	try {
		return [{ ...(await soundtrackFor(context, itemIndices)), pairedItem }];
	} catch (error) {
		const nodeError = asNodeError(context, error as Error, 0);
		if (context.continueOnFail()) return [{ ...errorItem(nodeError), pairedItem }];
		throw nodeError;
	}
}

/** Validates, checks the limits, uploads the videos and stores the soundtrack for the given items. */
async function soundtrackFor(context: IExecuteFunctions, itemIndices: number[]): Promise<INodeExecutionData> {
	const itemIndex = itemIndices[0];
	// Settings come from the first item (in combined mode the request is one call for all items).
	const settings = readSettings(context, itemIndex);
	const videos = await collectVideos(context, itemIndices, settings.timeoutMs);
	const form = new SoundtrackForm(settings, videos);
	try {
		const response = await apiRequest.call(context, 'elevenLabs', {
			method: 'POST',
			path: ENDPOINT,
			qs: { output_format: settings.format.value },
			body: form.build,
			response: 'stream',
			timeoutMs: settings.timeoutMs,
			itemIndex,
		});
		return await storeSoundtrack(context, settings, videos, itemIndices, response);
	} catch (error) {
		throw explainPlanError(context, error as Error, settings, itemIndices);
	} finally {
		form.close();
	}
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
