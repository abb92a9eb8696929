import { startEmulator, type Emulator } from '../index';
import { audioUrl, lipsyncBody, request, syncClient, videoUrl } from '../testkit';

/** Every rule of reference §8.4 against `POST /v2/generate` (JSON), in the documented order. */

let emu: Emulator;
let sync: ReturnType<typeof syncClient>;

beforeAll(async () => {
	emu = await startEmulator({
		sync: {
			createRateLimitPerMin: 10_000,
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		},
	});
	sync = syncClient(emu);
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.admin.reset();
	emu.admin.configureSync({
		createRateLimitPerMin: 10_000,
		concurrencyByPlan: { creator: 1000 } as never,
	});
});

const video = { type: 'video', url: videoUrl };
const audio = { type: 'audio', url: audioUrl };
const text = {
	type: 'text',
	provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hello there' },
};

interface Case {
	name: string;
	body: unknown;
	status: number;
	errorCode?: string;
	message?: RegExp;
	/** 400s from class-validator carry `message: string[]`. */
	arrayMessage?: boolean;
}

const cases: Case[] = [
	{ name: 'body is not an object', body: [1, 2], status: 400, message: /JSON object/ },
	{
		name: 'model missing',
		body: { input: [video, audio] },
		status: 400,
		arrayMessage: true,
		message: /model should not be empty/,
	},
	{
		name: 'model unknown',
		body: lipsyncBody({ model: 'lipsync-9' }),
		status: 400,
		errorCode: 'generation_unsupported_model',
		arrayMessage: true,
		message:
			/model must be one of the following values: lipsync-2, lipsync-1.9.0-beta, lipsync-2-pro, react-1, sync-3/,
	},
	{
		name: 'input missing',
		body: { model: 'lipsync-2' },
		status: 400,
		arrayMessage: true,
		message: /input must be an array/,
	},
	{
		name: 'input empty',
		body: { model: 'lipsync-2', input: [] },
		status: 400,
		arrayMessage: true,
		message: /input should not be empty/,
	},
	{
		name: 'unknown input type',
		body: { model: 'lipsync-2', input: [video, { type: 'midi', url: audioUrl }] },
		status: 400,
		arrayMessage: true,
		message: /input\.1\.type must be one of the following values: video, image, audio, text/,
	},
	{
		name: 'media item without url or assetId',
		body: { model: 'lipsync-2', input: [{ type: 'video' }, audio] },
		status: 422,
		errorCode: 'generation_input_validation_failed',
		message: /input\[0\] \(video\) must have either url or assetId/,
	},
	{
		name: 'malformed assetId',
		body: { model: 'lipsync-2', input: [{ type: 'video', assetId: 'abc' }, audio] },
		status: 400,
		errorCode: 'invalid_asset_id_format',
	},
	{
		name: 'unknown assetId',
		body: {
			model: 'lipsync-2',
			input: [{ type: 'video', assetId: '2b1f4a36-0c2e-4bd8-9d55-1e0b1b2c3d4e' }, audio],
		},
		status: 404,
		errorCode: 'asset_not_found',
	},
	{
		name: 'text item without provider fields',
		body: { model: 'lipsync-2', input: [video, { type: 'text', provider: { name: 'azure' } }] },
		status: 400,
		arrayMessage: true,
		message: /provider\.name must be one of the following values: elevenlabs/,
	},
	{
		name: 'script of 5000 characters',
		body: {
			model: 'lipsync-2',
			input: [
				video,
				{ type: 'text', provider: { name: 'elevenlabs', voiceId: 'v', script: 'a'.repeat(5000) } },
			],
		},
		status: 422,
		errorCode: 'generation_text_length_exceeded',
	},
	{
		name: 'no visual input',
		body: { model: 'lipsync-2', input: [audio] },
		status: 422,
		errorCode: 'generation_video_missing',
	},
	{
		name: 'two visual inputs',
		body: {
			model: 'sync-3',
			input: [video, { type: 'image', url: 'https://media.example.com/a.png' }, audio],
		},
		status: 422,
		errorCode: 'generation_input_too_many_visual',
	},
	{
		name: 'image with a model other than sync-3',
		body: {
			model: 'lipsync-2',
			input: [{ type: 'image', url: 'https://media.example.com/a.png' }, audio],
		},
		status: 422,
		errorCode: 'generation_unsupported_model',
	},
	{
		name: 'no audio, text or dubParams',
		body: { model: 'lipsync-2', input: [video] },
		status: 422,
		errorCode: 'generation_audio_missing',
	},
	{
		name: 'dubParams together with audio',
		body: lipsyncBody({ dubParams: { providerName: 'elevenlabs', targetLang: 'es' } }),
		status: 422,
		errorCode: 'generation_input_dub_audio_conflict',
	},
	{
		name: 'unknown dub target language',
		body: { model: 'lipsync-2', input: [video], dubParams: { targetLang: 'xx' } },
		status: 400,
		arrayMessage: true,
		message: /dubParams\.targetLang must be one of the following values: en, gu/,
	},
	{
		name: 'unknown dub source language',
		body: {
			model: 'lipsync-2',
			input: [video],
			dubParams: { targetLang: 'es', sourceLang: 'klingon' },
		},
		status: 400,
		message: /dubParams\.sourceLang must be one of the following values: auto, en/,
	},
	{
		name: 'sync_mode outside the enum',
		body: lipsyncBody({ options: { sync_mode: 'stretch' } }),
		status: 400,
		message:
			/options\.sync_mode must be one of the following values: bounce, loop, cut_off, silence, remap/,
	},
	{
		name: 'model_mode outside the enum',
		body: lipsyncBody({ options: { model_mode: 'body' } }),
		status: 400,
		message: /model_mode/,
	},
	{
		name: 'prompt outside the enum',
		body: lipsyncBody({ options: { prompt: 'bored' } }),
		status: 400,
		message: /options\.prompt/,
	},
	{
		name: 'temperature above 1',
		body: lipsyncBody({ options: { temperature: 1.5 } }),
		status: 400,
		message: /temperature/,
	},
	{
		name: 'segments with a voice input lacking refId',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }, { type: 'audio', url: audioUrl }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'segments with duplicate refIds',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }, { ...audio, refId: 'a' }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
		message: /Duplicate refId/,
	},
	{
		name: 'segment refId matching no input',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'b' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'segment startTime after endTime',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }],
			segments: [{ startTime: 5, endTime: 1, audioInput: { refId: 'a' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'audio crop with only a start',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a', startTime: 2 } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'two voices without segments',
		body: { model: 'lipsync-2', input: [video, audio, text] },
		status: 422,
		errorCode: 'generation_input_validation_failed',
	},
	{
		name: 'outputFileName with an extension',
		body: lipsyncBody({ outputFileName: 'clip.mp4' }),
		status: 400,
		message: /outputFileName/,
	},
	{
		name: 'unknown projectId',
		body: lipsyncBody({ projectId: '7c0e1a9e-1111-4222-8333-444455556666' }),
		status: 422,
		errorCode: 'project_not_found',
	},
	{
		name: 'webhookUrl not a URL',
		body: lipsyncBody({ webhookUrl: 'not a url' }),
		status: 400,
		message: /webhookUrl/,
	},
];

describe('POST /v2/generate validation', () => {
	it.each(cases)('$name → $status', async (c) => {
		const res = await sync.post('/v2/generate', c.body);
		expect(res.status).toBe(c.status);
		expect(res.body.statusCode).toBe(c.status);
		expect(typeof res.body.error).toBe('string');
		expect(typeof res.body.errorCode).toBe('string');
		if (c.errorCode) expect(res.body.errorCode).toBe(c.errorCode);
		if (c.arrayMessage) expect(Array.isArray(res.body.message)).toBe(true);
		if (c.message) {
			const message = Array.isArray(res.body.message)
				? res.body.message.join('\n')
				: res.body.message;
			expect(message).toMatch(c.message);
		}
		expect(emu.admin.counters().generationsCreated).toBe(0);
	});

	it('checks in the documented order: input shape before arity before options', async () => {
		// Unknown type (400) wins over missing audio (422) and a bad option (400 later in the list).
		const res = await sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [{ type: 'x' }],
			options: { sync_mode: 'x' },
		});
		expect(res.status).toBe(400);
		expect(res.body.message.join()).toMatch(/type must be one of/);
		// Missing audio (422) is reported before the bad option.
		const second = await sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [video],
			options: { sync_mode: 'x' },
		});
		expect(second.body.errorCode).toBe('generation_audio_missing');
	});

	it('answers broken JSON with a 400 string message', async () => {
		const res = await request(`${emu.syncBaseUrl}/v2/generate`, {
			method: 'POST',
			headers: { 'x-api-key': emu.syncApiKey, 'content-type': 'application/json' },
			body: '{"model": ',
		});
		expect(res.status).toBe(400);
		expect(typeof res.body.message).toBe('string');
	});

	it('accepts every valid shape: text input, segments, dub, sync-3 image, unknown option keys', async () => {
		const valid = [
			{
				model: 'lipsync-2',
				input: [video, text],
				options: { sync_mode: 'cut_off', temperature: 0.3, shiny_new_option: 1 },
			},
			{
				model: 'lipsync-2-pro',
				input: [video, { ...audio, refId: 'a' }, { ...text, refId: 'b' }],
				segments: [
					{ startTime: 0, endTime: 4, audioInput: { refId: 'a' } },
					{ startTime: 4, endTime: 4, audioInput: { refId: 'b', startTime: 1, endTime: 2 } },
				],
			},
			{
				model: 'lipsync-2',
				input: [video],
				dubParams: { providerName: 'elevenlabs', targetLang: 'fil', sourceLang: 'auto' },
			},
			{
				model: 'sync-3',
				input: [{ type: 'image', url: 'https://media.example.com/a.png' }, audio],
			},
			{ model: 'react-1', input: [video, audio], options: { model_mode: 'head', prompt: 'happy' } },
		];
		for (const body of valid) {
			const res = await sync.post('/v2/generate', body);
			expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
			expect(res.body.status).toBe('PENDING');
		}
		const created = emu.admin.generations();
		expect(created[0].options).toEqual({
			sync_mode: 'cut_off',
			temperature: 0.3,
			shiny_new_option: 1,
		});
		expect(emu.admin.counters().generationsCreated).toBe(valid.length);
	});

	it('ignores audio next to dubParams when configured to', async () => {
		emu.admin.configureSync({ dubAudioConflict: 'ignore' });
		const res = await sync.post('/v2/generate', lipsyncBody({ dubParams: { targetLang: 'de' } }));
		expect(res.status).toBe(201);
		expect(res.body.dubParams).toEqual({ targetLang: 'de' });
	});

	it('rejects plain-http webhooks only when requireHttpsWebhooks is on', async () => {
		expect(
			(await sync.post('/v2/generate', lipsyncBody({ webhookUrl: 'http://127.0.0.1:5678/hook' })))
				.status,
		).toBe(201);
		emu.admin.configureSync({ requireHttpsWebhooks: true });
		const res = await sync.post(
			'/v2/generate',
			lipsyncBody({ webhookUrl: 'http://127.0.0.1:5678/hook' }),
		);
		expect(res.status).toBe(400);
		expect(res.body.field).toBe('webhookUrl');
	});

	it('402 when the output would be longer than the plan allows', async () => {
		const free = syncClient(emu, 'sk_test_sync_free');
		const long = `${audioUrl}?duration=45`;
		const res = await free.post(
			'/v2/generate',
			lipsyncBody({ input: [video, { type: 'audio', url: long }] }),
		);
		expect(res.status).toBe(402);
		expect(res.body.errorCode).toBe('generation_plan_duration_exceeded');
		// cut_off keeps min(video, audio) = 10 s default video, inside the free 20 s.
		const ok = await free.post(
			'/v2/generate',
			lipsyncBody({
				input: [video, { type: 'audio', url: long }],
				options: { sync_mode: 'cut_off' },
			}),
		);
		expect(ok.status).toBe(201);
	});

	it('422 dubbing_duration_exceeded for a video longer than dubbing allows', async () => {
		emu.admin.configureSync({ maxDubbingDurationSeconds: 60 });
		const res = await sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [{ type: 'video', url: `${videoUrl}?duration=120` }],
			dubParams: { targetLang: 'es' },
		});
		expect(res.status).toBe(422);
		expect(res.body.errorCode).toBe('dubbing_duration_exceeded');
	});

	it('402 free_tier_generations_exhausted once the free quota is used', async () => {
		emu.admin.configureSync({
			freeTierGenerationLimit: 1,
			concurrencyByPlan: { free: 10 } as never,
		});
		const free = syncClient(emu, 'sk_test_sync_free');
		expect((await free.post('/v2/generate', lipsyncBody())).status).toBe(201);
		const res = await free.post('/v2/generate', lipsyncBody());
		expect(res.status).toBe(402);
		expect(res.body.errorCode).toBe('free_tier_generations_exhausted');
	});
});
