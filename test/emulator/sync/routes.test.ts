import { emulatorForFile, lipsyncBody, request, syncClient, waitForTerminal } from '../testkit';

/** Auth (§8.2), list/count/delete/download (§8.5), estimates, models, errors. */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
});
beforeEach(() => ctx.emu.admin.configureSync({ concurrencyByPlan: { creator: 100 } as never }));

describe('authentication', () => {
	it('401 with the two documented bodies', async () => {
		const missing = await request(`${ctx.emu.syncBaseUrl}/v2/models`);
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({
			message: 'Either Cookie or x-api-key header must be provided',
			error: 'Unauthorized',
			statusCode: 401,
		});
		const wrong = await request(`${ctx.emu.syncBaseUrl}/v2/models`, {
			headers: { 'x-api-key': 'sk_nope' },
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({ message: 'Unauthorized', statusCode: 401 });
	});

	it('serves GET /v2/errors without a key, covering every code the emulator emits', async () => {
		const res = await request(`${ctx.emu.syncBaseUrl}/v2/errors`);
		expect(res.status).toBe(200);
		const codes = (res.body as Array<{ code: string; message: string; suggestion: string }>).map(
			(e) => e.code,
		);
		for (const code of [
			'generation_input_validation_failed',
			'concurrency_limit_reached',
			'rate_limit_exceeded',
			'generation_plan_duration_exceeded',
			'dubbing_duration_exceeded',
			'generation_input_dub_audio_conflict',
			'generation_input_audio_invalid',
			'generation_not_found',
			'asset_not_found',
			'INVALID_IDEMPOTENCY_KEY',
			'IDEMPOTENCY_KEY_REUSED',
		]) {
			expect(codes).toContain(code);
		}
		expect(res.body[0]).toEqual({
			code: expect.any(String),
			message: expect.any(String),
			suggestion: expect.any(String),
		});
	});

	it('404s unknown routes like Nest does, without asking for a key', async () => {
		const res = await request(`${ctx.emu.syncBaseUrl}/v2/voices`);
		expect(res.status).toBe(404);
		expect(res.body).toEqual({
			message: 'Cannot GET /v2/voices',
			error: 'Not Found',
			statusCode: 404,
		});
		expect((await request(`${ctx.emu.syncBaseUrl}/v2/generate`)).status).toBe(404); // GET list is /v2/generations
	});
});

describe('GET /v2/generations', () => {
	async function seed() {
		const a = await ctx.sync.post('/v2/generate', lipsyncBody(), {
			'x-emulator-outcome': 'FAILED',
		});
		const b = await ctx.sync.post('/v2/generate', lipsyncBody());
		const c = await ctx.sync.post('/v2/generate', lipsyncBody());
		await Promise.all([a, b, c].map((g) => waitForTerminal(ctx.emu, g.body.id)));
		return [a.body.id, b.body.id, c.body.id] as string[];
	}

	it('returns a bare array, newest first, filtered by status and ids in every list syntax', async () => {
		const [a, b, c] = await seed();
		const all = await ctx.sync.get('/v2/generations');
		expect(all.body.map((g: { id: string }) => g.id)).toEqual([c, b, a]);
		for (const query of [
			'status=COMPLETED',
			'status=%5B%22COMPLETED%22%5D',
			'status=COMPLETED&status=PROCESSING',
			'status=COMPLETED,PENDING',
		]) {
			const res = await ctx.sync.get(`/v2/generations?${query}`);
			expect(res.body.map((g: { id: string }) => g.id)).toEqual([c, b]);
		}
		const byIds = await ctx.sync.get(`/v2/generations?ids=${a},${c}`);
		expect(byIds.body.map((g: { id: string }) => g.id)).toEqual([c, a]);
		const json = await ctx.sync.get(
			`/v2/generations?ids=${encodeURIComponent(JSON.stringify([b]))}`,
		);
		expect(json.body.map((g: { id: string }) => g.id)).toEqual([b]);
		expect((await ctx.sync.get('/v2/generations?status=DONE')).status).toBe(400);
		// Another org sees nothing.
		expect((await syncClient(ctx.emu, 'sk_test_sync_scale').get('/v2/generations')).body).toEqual(
			[],
		);
	});

	it('pages with limit and cursor', async () => {
		const [a, b, c] = await seed();
		const page1 = await ctx.sync.get('/v2/generations?limit=2');
		expect(page1.body.map((g: { id: string }) => g.id)).toEqual([c, b]);
		const page2 = await ctx.sync.get(`/v2/generations?limit=2&cursor=${b}`);
		expect(page2.body.map((g: { id: string }) => g.id)).toEqual([a]);
		expect((await ctx.sync.get('/v2/generations?limit=2&cursor=unknown')).body).toEqual([]);
		for (const bad of ['limit=0', 'limit=101', 'limit=x', `cursor=${a}`]) {
			expect((await ctx.sync.get(`/v2/generations?${bad}`)).status).toBe(400);
		}
	});

	it('counts with GET /v2/generations/count', async () => {
		await seed();
		expect((await ctx.sync.get('/v2/generations/count')).body).toEqual({ count: 3 });
		expect((await ctx.sync.get('/v2/generations/count?status=FAILED')).body).toEqual({ count: 1 });
	});
});

describe('DELETE and download', () => {
	it('409 while processing, 200 with the object when terminal, 404 afterwards', async () => {
		const created = await ctx.sync.post('/v2/generate', lipsyncBody());
		const early = await ctx.sync.delete(`/v2/generations/${created.body.id}`);
		expect(early.status).toBe(409);
		expect(early.body.errorCode).toBe('generation_not_deletable_while_processing');
		await waitForTerminal(ctx.emu, created.body.id);
		const download = await request(
			`${ctx.emu.syncBaseUrl}/v2/generations/${created.body.id}/download`,
			{
				headers: { 'x-api-key': ctx.emu.syncApiKey },
			},
		);
		expect(download.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(download.text).toBe(`${ctx.emu.storageBaseUrl}/outputs/${created.body.id}.mp4`);
		const deleted = await ctx.sync.delete(`/v2/generations/${created.body.id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body.id).toBe(created.body.id);
		expect((await ctx.sync.get(`/v2/generate/${created.body.id}`)).status).toBe(404);
		expect((await ctx.sync.delete(`/v2/generations/${created.body.id}`)).status).toBe(404);
	});
});

describe('cost estimates and models', () => {
	it('POST /v2/analyze/cost validates like create and answers an array, creating nothing', async () => {
		const res = await ctx.sync.post('/v2/analyze/cost', lipsyncBody());
		expect(res.status).toBe(201);
		expect(res.body).toEqual([{ estimatedFrameCount: 250, estimatedGenerationCost: 0.5 }]);
		expect(
			(await ctx.sync.post('/v2/analyze/cost', { model: 'lipsync-2', input: [] })).status,
		).toBe(400);
		expect(ctx.emu.admin.counters().generationsCreated).toBe(0);
	});

	it('POST /v2/generations/estimate and its alias', async () => {
		for (const path of ['/v2/generations/estimate', '/v2/generate/estimate-cost']) {
			const res = await ctx.sync.post(path, { model: 'sync-3', duration: 10 });
			expect(res.status).toBe(200);
			expect(res.body).toEqual({
				estimatedFrameCount: 300,
				estimatedGenerationCost: 1.596,
				estimatedCredits: null,
			});
		}
		expect(
			(
				await ctx.sync.post('/v2/generations/estimate', {
					model: 'lipsync-2',
					duration: 2,
					fps: 25,
				})
			).body.estimatedFrameCount,
		).toBe(50);
		for (const bad of [
			{ duration: 3 },
			{ model: 'lipsync-2', duration: 0 },
			{ model: 'lipsync-2', duration: 3, fps: -1 },
			{ model: 'x', duration: 1 },
		]) {
			const res = await ctx.sync.post('/v2/generations/estimate', bad);
			expect(res.status).toBe(400);
			expect(Array.isArray(res.body.message)).toBe(true);
		}
	});

	it('GET /v2/models lists the five models', async () => {
		const res = await ctx.sync.get('/v2/models');
		expect(res.body.map((m: { name: string }) => m.name)).toEqual([
			'lipsync-2',
			'lipsync-1.9.0-beta',
			'lipsync-2-pro',
			'react-1',
			'sync-3',
		]);
		expect(res.body.find((m: { name: string }) => m.name === 'react-1').type).toBe('react');
	});
});
