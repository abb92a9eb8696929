import type { ApiContext, ApiResponse, RequestBody } from '../shared/transport';
import { apiRequest } from '../shared/transport';
import { ELEVEN_LABS } from './errors';

/** Typed access to the ElevenLabs endpoints the nodes use. */

/**
 * POST /v1/music/video-to-music: a multipart form of videos and settings in, the soundtrack out
 * as a stream (never buffered). `buildForm` is called for every attempt, so a refused request
 * (429) can be sent again with fresh streams.
 */
export async function composeSoundtrack(
	context: ApiContext,
	request: {
		buildForm: () => Promise<RequestBody>;
		outputFormat: string;
		timeoutMs: number;
		itemIndex?: number;
	},
): Promise<ApiResponse<unknown>> {
	return await apiRequest.call(context, ELEVEN_LABS, {
		method: 'POST',
		path: '/v1/music/video-to-music',
		qs: { output_format: request.outputFormat },
		body: request.buildForm,
		response: 'stream',
		timeoutMs: request.timeoutMs,
		itemIndex: request.itemIndex,
	});
}
