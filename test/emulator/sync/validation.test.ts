import { audioUrl, emulatorForFile, lipsyncBody, request, syncClient, videoUrl } from '../testkit';
import { audio, text, validationCases, video } from './validationCases';

/** Every rule of reference §8.4 against `POST /v2/generate` (JSON), in the documented order. */

const ctx = emulatorForFile({
	sync: {
		createRateLimitPerMin: 10_000,
		timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
	},
});
beforeEach(() =>
	ctx.emu.admin.configureSync({
		createRateLimitPerMin: 10_000,
		concurrencyByPlan: { creator: 1000 } as never,
	}),
);

describe('POST /v2/generate validation', () => {
	it.each(validationCases)('$name → $status', async (c) => {
		const res = await ctx.sync.post('/v2/generate', c.body);
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
		expect(ctx.emu.admin.counters().generationsCreated).toBe(0);
	});

	it('checks in the documented order: input shape before arity before options', async () => {
		// Unknown type (400) wins over missing audio (422) and a bad option (400 later in the list).
		const res = await ctx.sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [{ type: 'x' }],
			options: { sync_mode: 'x' },
		});
		expect(res.status).toBe(400);
		expect(res.body.message.join()).toMatch(/type must be one of/);
		// Missing audio (422) is reported before the bad option.
		const second = await ctx.sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [video],
			options: { sync_mode: 'x' },
		});
		expect(second.body.errorCode).toBe('generation_audio_missing');
	});

	it('answers broken JSON with a 400 string message', async () => {
		const res = await request(`${ctx.emu.syncBaseUrl}/v2/generate`, {
			method: 'POST',
			headers: { 'x-api-key': ctx.emu.syncApiKey, 'content-type': 'application/json' },
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
			const res = await ctx.sync.post('/v2/generate', body);
			expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
			expect(res.body.status).toBe('PENDING');
		}
		const created = ctx.emu.admin.generations();
		expect(created[0].options).toEqual({
			sync_mode: 'cut_off',
			temperature: 0.3,
			shiny_new_option: 1,
		});
		expect(ctx.emu.admin.counters().generationsCreated).toBe(valid.length);
	});

	it('ignores audio next to dubParams when configured to', async () => {
		ctx.emu.admin.configureSync({ dubAudioConflict: 'ignore' });
		const res = await ctx.sync.post(
			'/v2/generate',
			lipsyncBody({ dubParams: { targetLang: 'de' } }),
		);
		expect(res.status).toBe(201);
		expect(res.body.dubParams).toEqual({ targetLang: 'de' });
	});

	it('rejects plain-http webhooks only when requireHttpsWebhooks is on', async () => {
		expect(
			(
				await ctx.sync.post(
					'/v2/generate',
					lipsyncBody({ webhookUrl: 'http://127.0.0.1:5678/hook' }),
				)
			).status,
		).toBe(201);
		ctx.emu.admin.configureSync({ requireHttpsWebhooks: true });
		const res = await ctx.sync.post(
			'/v2/generate',
			lipsyncBody({ webhookUrl: 'http://127.0.0.1:5678/hook' }),
		);
		expect(res.status).toBe(400);
		expect(res.body.field).toBe('webhookUrl');
	});

	it('402 when the output would be longer than the plan allows', async () => {
		const free = syncClient(ctx.emu, 'sk_test_sync_free');
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
		ctx.emu.admin.configureSync({ maxDubbingDurationSeconds: 60 });
		const res = await ctx.sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [{ type: 'video', url: `${videoUrl}?duration=120` }],
			dubParams: { targetLang: 'es' },
		});
		expect(res.status).toBe(422);
		expect(res.body.errorCode).toBe('dubbing_duration_exceeded');
	});

	it('402 free_tier_generations_exhausted once the free quota is used', async () => {
		ctx.emu.admin.configureSync({
			freeTierGenerationLimit: 1,
			concurrencyByPlan: { free: 10 } as never,
		});
		const free = syncClient(ctx.emu, 'sk_test_sync_free');
		expect((await free.post('/v2/generate', lipsyncBody())).status).toBe(201);
		const res = await free.post('/v2/generate', lipsyncBody());
		expect(res.status).toBe(402);
		expect(res.body.errorCode).toBe('free_tier_generations_exhausted');
	});
});
