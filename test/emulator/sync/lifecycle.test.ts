import { emulatorForFile, lipsyncBody, syncClient, videoUrl, waitForTerminal } from '../testkit';

/** State machine (§8.3), long-poll and progress, outcome hooks, output files. */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 60, processingMs: 150, batchPendingMs: 10 } },
});

describe('generation state machine', () => {
	it('goes PENDING → PROCESSING → COMPLETED with a playable output served without the key', async () => {
		const created = await ctx.sync.post('/v2/generate', lipsyncBody());
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			status: 'PENDING',
			model: 'lipsync-2',
			outputUrl: null,
			outputDuration: null,
			error: null,
			errorCode: null,
			webhookUrl: null,
		});
		const seen = new Set<string>();
		let last;
		for (let i = 0; i < 200; i++) {
			last = await ctx.sync.get(`/v2/generate/${created.body.id}`);
			seen.add(last.body.status);
			if (last.body.status === 'COMPLETED') break;
			await new Promise((r) => setTimeout(r, 10));
		}
		expect([...seen]).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
		expect(last!.body.outputUrl).toBe(`${ctx.emu.storageBaseUrl}/outputs/${created.body.id}.mp4`);
		expect(last!.body.outputDuration).toBeGreaterThan(0);

		const file = await fetch(last!.body.outputUrl);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await file.arrayBuffer());
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(ctx.emu.admin.counters().requestsWithApiKeyOnStorage).toBe(0);

		// Same object under the 2026 org-scoped path.
		const orgScoped = await ctx.sync.get(`/v2/generations/${created.body.id}`);
		expect(orgScoped.body).toEqual(last!.body);
	});

	it('names the output after outputFileName', async () => {
		const created = await ctx.sync.post(
			'/v2/generate',
			lipsyncBody({ outputFileName: 'greeting_v1' }),
		);
		const done = await waitForTerminal(ctx.emu, created.body.id);
		expect(done.body.outputUrl).toBe(`${ctx.emu.storageBaseUrl}/outputs/greeting_v1.mp4`);
		expect(done.body.outputFileName).toBe('greeting_v1');
		expect((await fetch(done.body.outputUrl)).status).toBe(200);
	});

	it('fails on an input URL containing "fail", rejects on "reject"', async () => {
		const failing = await ctx.sync.post(
			'/v2/generate',
			lipsyncBody({
				input: [
					{ type: 'video', url: 'https://x.example/fail.mp4' },
					{ type: 'audio', url: 'https://x.example/a.wav' },
				],
			}),
		);
		const rejected = await ctx.sync.post(
			'/v2/generate',
			lipsyncBody({
				input: [
					{ type: 'video', url: videoUrl },
					{ type: 'audio', url: 'https://x.example/reject.wav' },
				],
			}),
		);
		const failed = await waitForTerminal(ctx.emu, failing.body.id);
		expect(failed.body).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_video_inaccessible',
			outputUrl: null,
		});
		expect(typeof failed.body.error).toBe('string');
		const rej = await waitForTerminal(ctx.emu, rejected.body.id);
		expect(rej.body).toMatchObject({ status: 'REJECTED', errorCode: 'plan_feature_unavailable' });
		// Output of a failed generation does not exist.
		expect((await fetch(`${ctx.emu.storageBaseUrl}/outputs/${failing.body.id}.mp4`)).status).toBe(
			404,
		);
	});

	it('follows x-emulator-outcome, then queued admin outcomes', async () => {
		const viaHeader = await ctx.sync.post('/v2/generate', lipsyncBody(), {
			'x-emulator-outcome': 'FAILED:generation_pipeline_failed',
		});
		ctx.emu.admin.setNextOutcome('REJECTED', 'account_on_hold');
		const queued = await ctx.sync.post('/v2/generate', lipsyncBody());
		const normal = await ctx.sync.post('/v2/generate', lipsyncBody());
		expect((await waitForTerminal(ctx.emu, viaHeader.body.id)).body.errorCode).toBe(
			'generation_pipeline_failed',
		);
		expect((await waitForTerminal(ctx.emu, queued.body.id)).body).toMatchObject({
			status: 'REJECTED',
			errorCode: 'account_on_hold',
		});
		expect((await waitForTerminal(ctx.emu, normal.body.id)).body.status).toBe('COMPLETED');
	});

	it('fails a dub of a video without speech with generation_input_audio_invalid', async () => {
		const res = await ctx.sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [{ type: 'video', url: 'https://x.example/nospeech.mp4' }],
			dubParams: { providerName: 'elevenlabs', targetLang: 'es' },
		});
		expect(res.status).toBe(201);
		const done = await waitForTerminal(ctx.emu, res.body.id);
		expect(done.body).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_audio_invalid',
		});
		expect(done.body.error).toMatch(/speech/);
	});

	it('spells the error code as configured (camel, snake, both)', async () => {
		const res = await ctx.sync.post('/v2/generate', lipsyncBody(), {
			'x-emulator-outcome': 'FAILED',
		});
		await waitForTerminal(ctx.emu, res.body.id);
		const get = () => ctx.sync.get(`/v2/generate/${res.body.id}`);
		expect(Object.keys((await get()).body)).toContain('errorCode');
		expect(Object.keys((await get()).body)).not.toContain('error_code');
		ctx.emu.admin.configureSync({ errorCodeCasing: 'snake' });
		expect((await get()).body.error_code).toBe('generation_pipeline_failed');
		expect(Object.keys((await get()).body)).not.toContain('errorCode');
		ctx.emu.admin.configureSync({ errorCodeCasing: 'both' });
		expect((await get()).body).toMatchObject({
			errorCode: 'generation_pipeline_failed',
			error_code: 'generation_pipeline_failed',
		});
	});

	it('holds generations while timing is null and finishes them on admin demand', async () => {
		ctx.emu.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		const res = await ctx.sync.post('/v2/generate', lipsyncBody());
		await new Promise((r) => setTimeout(r, 50));
		expect((await ctx.sync.get(`/v2/generate/${res.body.id}`)).body.status).toBe('PENDING');
		expect(
			ctx.emu.admin.finishGeneration(res.body.id, 'FAILED', 'generation_input_video_invalid'),
		).toBe(true);
		const after = await ctx.sync.get(`/v2/generate/${res.body.id}`);
		expect(after.body).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_video_invalid',
		});
		// Terminal states never change.
		expect(ctx.emu.admin.finishGeneration(res.body.id, 'COMPLETED')).toBe(false);
	});
});

describe('GET /v2/generate/{id} options', () => {
	it('long-polls with wait=true until the generation is terminal', async () => {
		const res = await ctx.sync.post('/v2/generate', lipsyncBody());
		const started = Date.now();
		const polled = await ctx.sync.get(`/v2/generate/${res.body.id}?wait=true&timeout=5`);
		expect(polled.status).toBe(200);
		expect(polled.body.status).toBe('COMPLETED');
		expect(Date.now() - started).toBeLessThan(2000);
		expect(polled.headers.get('retry-after')).toBe('2');
		expect(polled.headers.get('x-sync-wait-mode')).toBe('long_poll');
		expect(polled.headers.get('x-sync-wait-timeout-seconds')).toBe('5');
	});

	it('returns the non-terminal object with 200 when the wait times out', async () => {
		ctx.emu.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		const res = await ctx.sync.post('/v2/generate', lipsyncBody());
		const started = Date.now();
		const polled = await ctx.sync.get(`/v2/generate/${res.body.id}?wait=true&timeout=1`);
		expect(polled.status).toBe(200);
		expect(polled.body.status).toBe('PENDING');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('rejects timeout outside 1–10 and wait together with include=progress', async () => {
		const res = await ctx.sync.post('/v2/generate', lipsyncBody());
		for (const query of [
			'wait=true&timeout=0',
			'wait=true&timeout=11',
			'wait=true&timeout=abc',
			'wait=true&include=progress',
		]) {
			const bad = await ctx.sync.get(`/v2/generate/${res.body.id}?${query}`);
			expect(bad.status).toBe(400);
			expect(Array.isArray(bad.body.message)).toBe(true);
		}
	});

	it('adds progress_percent with include=progress', async () => {
		const res = await ctx.sync.post('/v2/generate', lipsyncBody());
		const pending = await ctx.sync.get(`/v2/generate/${res.body.id}?include=progress`);
		expect(pending.body.progress_percent).toBe(0);
		const plain = await ctx.sync.get(`/v2/generate/${res.body.id}`);
		expect(plain.body).not.toHaveProperty('progress_percent');
		const done = await waitForTerminal(ctx.emu, res.body.id);
		expect(done.body.status).toBe('COMPLETED');
		expect(
			(await ctx.sync.get(`/v2/generate/${res.body.id}?include=progress`)).body.progress_percent,
		).toBe(100);
	});

	it('404s unknown ids and ids of another organization, 400s malformed ids', async () => {
		const res = await ctx.sync.post('/v2/generate', lipsyncBody());
		const other = syncClient(ctx.emu, 'sk_test_sync_scale');
		const foreign = await other.get(`/v2/generate/${res.body.id}`);
		expect(foreign.status).toBe(404);
		expect(foreign.body.errorCode).toBe('generation_not_found');
		expect((await ctx.sync.get('/v2/generate/5f0e0e0e-0000-4000-8000-000000000000')).status).toBe(
			404,
		);
		expect((await ctx.sync.get('/v2/generate/not-a-uuid')).body.errorCode).toBe(
			'invalid_generation_id',
		);
	});
});
