import { z } from 'zod';

import type { ApiContext, ApiResponse, RequestBody } from '../../shared/transport';
import { apiRequest, parseResponse } from '../../shared/transport';
import { ELEVEN_LABS } from '../errors';

/** Typed access to the ElevenLabs endpoints the nodes use. */

/**
 * A streamed soundtrack: a stream read later, straight into n8n's store, and not a JSON or text
 * page (which a proxy or a changed API could answer with a 200).
 */
const soundtrackAnswer = z.object({
	contentType: z
		.string()
		.refine((type) => !/^(application\/json|text\/)/i.test(type), 'is not audio')
		.optional(),
	streamed: z.literal(true, { errorMap: () => ({ message: 'is not a stream' }) }),
});

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
	const response = await apiRequest.call(context, ELEVEN_LABS, {
		method: 'POST',
		path: '/v1/music/video-to-music',
		qs: { output_format: request.outputFormat },
		body: request.buildForm,
		response: 'stream',
		timeoutMs: request.timeoutMs,
		itemIndex: request.itemIndex,
	});
	const answer = {
		contentType: response.headers['content-type'],
		streamed:
			typeof (response.body as AsyncIterable<Buffer> | undefined)?.[Symbol.asyncIterator] ===
			'function',
	};
	// A refused answer is not read: close its stream before the error goes up.
	if (!soundtrackAnswer.safeParse(answer).success) {
		(response.body as { destroy?: () => void } | undefined)?.destroy?.();
	}
	parseResponse(
		context.getNode(),
		{
			vendor: ELEVEN_LABS,
			endpoint: 'POST /v1/music/video-to-music',
			schema: soundtrackAnswer,
			body: answer,
		},
		request.itemIndex,
	);
	return response;
}
