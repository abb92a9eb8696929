import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { items, useSyncDub } from './setup';

/** Sync Dub: the errors users meet, each with Sync's code and what to do about it. */
const env = useSyncDub();

const NO_SPEECH_URL = 'https://media.example.com/nospeech_b-roll.mp4';

describe('Sync Dub errors', () => {
	it('a video without speech ends FAILED with the code and a suggestion', async () => {
		const { error } = await env.run({ targetLanguage: 'es', videoUrl: NO_SPEECH_URL });
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toMatch(
			/^Sync Labs generation [0-9a-f-]+ ended FAILED: No speech was detected/,
		);
		expect(apiError.description).toMatch(/^Error code: generation_input_audio_invalid\. /);
		expect(apiError.description).toMatch(/voice track/);
		expect(apiError.context).toMatchObject({
			status: 'FAILED',
			vendorErrorCode: 'generation_input_audio_invalid',
			generationId: env.emulator.admin.generations()[0].id,
		});
	});

	it('a video too long for dubbing is refused with dubbing_duration_exceeded', async () => {
		env.emulator.admin.configureSync({ maxDubbingDurationSeconds: 30 });
		const { error } = await env.run({
			targetLanguage: 'es',
			videoUrl: 'https://media.example.com/keynote.mp4?duration=45',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.httpCode).toBe('422');
		expect(apiError.message).toMatch(
			/^Sync Labs: The video lasts 45 s; dubbing accepts at most 30 s/,
		);
		expect(apiError.description).toMatch(/Error code: dubbing_duration_exceeded\./);
		expect(apiError.context.suggestion).toEqual(expect.any(String));
		expect(env.emulator.admin.counters().generationsCreated).toBe(0);
	});

	it('a video longer than the plan allows is a 402 with generation_plan_duration_exceeded', async () => {
		const { error } = await env.run({
			targetLanguage: 'es',
			videoUrl: 'https://media.example.com/keynote.mp4?duration=400',
		});
		const apiError = error as NodeApiError;
		expect(apiError).toBeInstanceOf(NodeApiError);
		expect(apiError.httpCode).toBe('402');
		expect(apiError.description).toMatch(/Error code: generation_plan_duration_exceeded\./);
		expect(apiError.context.suggestion).toMatch(/upgrade/i);
		// Not retried: a plan limit does not go away by itself.
		expect(env.createRequests()).toBe(1);
	});

	it('exhausted free generations are a 402 with free_tier_generations_exhausted', async () => {
		env.emulator.admin.configureSync({ freeTierGenerationLimit: 0 });
		const { error } = await env.run({ targetLanguage: 'es' }, { apiKey: 'sk_test_sync_free' });
		const apiError = error as NodeApiError;
		expect(apiError.httpCode).toBe('402');
		expect(apiError.description).toMatch(/Error code: free_tier_generations_exhausted\./);
		// Sync's own suggestion, when it sends one, is what the user sees.
		expect(apiError.context.suggestion).toMatch(/upgrade/i);
		expect(apiError.description).toContain(apiError.context.suggestion as string);
	});

	it('a full plan (429 concurrency_limit_reached) queues the extra item until a slot frees up', async () => {
		// Hobbyist runs one generation at a time; the node is set to two.
		const { output, error } = await env.run(
			{
				targetLanguage: '={{ $json.target }}',
				downloadOutput: false,
				options: { maxConcurrentJobs: 2 },
			},
			{ items: items({ target: 'es' }, { target: 'fr' }), apiKey: 'sk_test_sync_hobbyist' },
		);
		expect(error).toBeUndefined();
		expect(output![0].map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED']);
		const counters = env.emulator.admin.counters();
		expect(counters.generationsCreated).toBe(2);
		expect(counters.requests['POST /v2/generate']).toBeGreaterThan(2);
	});

	it('a rate limit (429 rate_limit_exceeded) is retried after Retry-After', async () => {
		env.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'POST',
			path: '^/v2/generate$',
			kind: 'rateLimit',
			retryAfterSeconds: 1,
		});
		const { output, error } = await env.run({ targetLanguage: 'es', completion: 'none' });
		expect(error).toBeUndefined();
		expect(output![0][0].json.status).toBe('PENDING');
		expect(env.createRequests()).toBe(2);
	});

	it("Sync's generation_input_dub_audio_conflict is explained", async () => {
		env.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'POST',
			path: '^/v2/generate$',
			kind: 'status',
			status: 422,
			errorCode: 'generation_input_dub_audio_conflict',
			message: 'Audio or text inputs cannot be combined with dubParams',
		});
		const { error } = await env.run({ targetLanguage: 'es' });
		const apiError = error as NodeApiError;
		expect(apiError).toBeInstanceOf(NodeApiError);
		expect(apiError.description).toMatch(/Error code: generation_input_dub_audio_conflict\./);
		expect(apiError.context.vendorErrorCode).toBe('generation_input_dub_audio_conflict');
		expect(apiError.context.suggestion).toMatch(/audio/i);
	});

	it('audio or text inputs in Additional Body Fields are refused before submitting, with the reason', async () => {
		for (const input of [
			[{ type: 'audio', url: 'https://media.example.com/voice.wav' }],
			[{ type: 'text', provider: { name: 'elevenlabs', voiceId: 'v', script: 'Hola' } }],
		]) {
			const { error } = await env.run({
				targetLanguage: 'es',
				options: { additionalBodyFields: JSON.stringify({ input }) },
			});
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error!.message).toBe(
				`"Additional Body Fields (JSON)" adds ${input[0].type} input, which cannot be combined with dubbing (item 0)`,
			);
			const { description } = error as NodeOperationError;
			expect(description).toMatch(/takes its voice track from the speech in the video/);
			expect(description).toMatch(/generation_input_dub_audio_conflict/);
			expect(description).toMatch(/Lipsync Generation/);
		}
		const segments = await env.run({
			targetLanguage: 'es',
			options: { additionalBodyFields: { segments: [] } as never },
		});
		expect(segments.error!.message).toMatch(/adds segments, which cannot be combined with dubbing/);
		expect(env.emulator.admin.counters().requests).toEqual({});
	});

	it('with Continue On Fail, each failure is an error item paired with its input', async () => {
		env.emulator.admin.configureSync({ maxDubbingDurationSeconds: 30 });
		const { output, error } = await env.run(
			{
				targetLanguage: '={{ $json.target }}',
				videoUrl: '={{ $json.url }}',
				downloadOutput: false,
			},
			{
				items: items(
					{ target: 'es', url: 'https://media.example.com/ok.mp4' },
					{ target: 'es', url: NO_SPEECH_URL },
					{ target: 'Dothraki', url: 'https://media.example.com/ok.mp4' },
					{ target: 'fr', url: 'https://media.example.com/long.mp4?duration=45' },
					{ target: 'de', url: 'https://media.example.com/ok-2.mp4' },
				),
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		const outputs = output![0];
		expect(outputs.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(outputs[0].json.status).toBe('COMPLETED');
		expect(outputs[1].json).toMatchObject({
			error: expect.stringMatching(/ended FAILED/),
			vendorErrorCode: 'generation_input_audio_invalid',
			status: 'FAILED',
			generationId: expect.any(String),
			suggestion: expect.stringMatching(/voice track/),
		});
		expect(outputs[2].json.error).toMatch(/"Dothraki" \(item 2\)/);
		expect(outputs[3].json).toMatchObject({
			httpCode: '422',
			vendorErrorCode: 'dubbing_duration_exceeded',
			suggestion: expect.any(String),
		});
		expect(outputs[4].json.status).toBe('COMPLETED');
		expect(env.emulator.admin.counters().generationsCreated).toBe(3);
	});
});
