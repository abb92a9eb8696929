import http from 'node:http';

import { emulatorForFile, lipsyncBody, request, syncClient, waitForTerminal } from '../testkit';

/** Idempotency-Key (§2.1.7), per-plan concurrency (§1.2) and request-rate limits (§1.1). */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 50, processingMs: 100, batchPendingMs: 10 } },
});

describe('Idempotency-Key', () => {
	it('replays the same generation for the same key and body, without a new job', async () => {
		const first = await ctx.sync.post('/v2/generate', lipsyncBody(), {
			'Idempotency-Key': 'order-42.v1',
		});
		const second = await ctx.sync.post('/v2/generate', lipsyncBody(), {
			'Idempotency-Key': 'order-42.v1',
		});
		expect(first.status).toBe(201);
		expect(second.status).toBe(201);
		expect(second.body.id).toBe(first.body.id);
		const counters = ctx.emu.admin.counters();
		expect(counters.generationsCreated).toBe(1);
		expect(counters.idempotentReplays).toBe(1);
		expect(counters.requests['POST /v2/generate']).toBe(2);
		// Key order does not matter; the replay reports the current state.
		await waitForTerminal(ctx.emu, first.body.id);
		const reordered = { input: lipsyncBody().input, model: 'lipsync-2' };
		const third = await ctx.sync.post('/v2/generate', reordered, {
			'Idempotency-Key': 'order-42.v1',
		});
		expect(third.body).toMatchObject({ id: first.body.id, status: 'COMPLETED' });
	});

	it('422 IDEMPOTENCY_KEY_REUSED for the same key with another body (code configurable)', async () => {
		await ctx.sync.post('/v2/generate', lipsyncBody(), { 'Idempotency-Key': 'k1' });
		const conflict = await ctx.sync.post('/v2/generate', lipsyncBody({ model: 'lipsync-2-pro' }), {
			'Idempotency-Key': 'k1',
		});
		expect(conflict.status).toBe(422);
		expect(conflict.body.errorCode).toBe('IDEMPOTENCY_KEY_REUSED');
		ctx.emu.admin.configureSync({
			idempotencyConflictErrorCode: 'IDEMPOTENCY_KEY_MISMATCH',
			idempotencyConflictStatus: 409,
		});
		const again = await ctx.sync.post('/v2/generate', lipsyncBody({ model: 'lipsync-2-pro' }), {
			'Idempotency-Key': 'k1',
		});
		expect(again.status).toBe(409);
		expect(again.body.errorCode).toBe('IDEMPOTENCY_KEY_MISMATCH');
		expect(ctx.emu.admin.counters().generationsCreated).toBe(1);
	});

	it('scopes keys to the organization', async () => {
		const a = await ctx.sync.post('/v2/generate', lipsyncBody(), { 'Idempotency-Key': 'shared' });
		const b = await syncClient(ctx.emu, 'sk_test_sync_scale').post('/v2/generate', lipsyncBody(), {
			'Idempotency-Key': 'shared',
		});
		expect(b.status).toBe(201);
		expect(b.body.id).not.toBe(a.body.id);
	});

	it('400 INVALID_IDEMPOTENCY_KEY for malformed, too long, empty or duplicated keys', async () => {
		for (const key of ['has space', 'x'.repeat(129), 'ümlaut', '']) {
			const res = await ctx.sync.post('/v2/generate', lipsyncBody(), { 'Idempotency-Key': key });
			expect(res.status).toBe(400);
			expect(res.body.errorCode).toBe('INVALID_IDEMPOTENCY_KEY');
		}
		// fetch joins repeated headers into one; send a real duplicate with node:http.
		const status = await new Promise<number>((resolve, reject) => {
			const req = http.request(`${ctx.emu.syncBaseUrl}/v2/generate`, {
				method: 'POST',
				headers: [
					['x-api-key', ctx.emu.syncApiKey],
					['content-type', 'application/json'],
					['idempotency-key', 'a'],
					['idempotency-key', 'b'],
				].flat(),
			});
			req.on('response', (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
			req.end(JSON.stringify(lipsyncBody()));
		});
		expect(status).toBe(400);
		expect(ctx.emu.admin.counters().generationsCreated).toBe(0);
	});
});

describe('concurrency', () => {
	it('429 concurrency_limit_reached with the documented fields once the plan is full', async () => {
		const free = syncClient(ctx.emu, 'sk_test_sync_free');
		const first = await free.post('/v2/generate', lipsyncBody());
		expect(first.status).toBe(201);
		const second = await free.post('/v2/generate', lipsyncBody());
		expect(second.status).toBe(429);
		expect(second.body).toMatchObject({
			statusCode: 429,
			error: 'Too Many Requests',
			errorCode: 'concurrency_limit_reached',
			activeGenerations: 1,
			concurrencyLimit: 1,
			upgradeUrl: expect.stringMatching(/^https:\/\//),
		});
		expect(second.body.retryAfterSeconds).toBeGreaterThanOrEqual(1);
		expect(second.headers.get('retry-after')).toBeNull();
		await waitForTerminal(ctx.emu, first.body.id, 'sk_test_sync_free');
		expect((await free.post('/v2/generate', lipsyncBody())).status).toBe(201);
	});

	it.each([
		['sk_test_sync_hobbyist', 1],
		['sk_test_sync_creator', 3],
		['sk_test_sync_growth', 6],
		['sk_test_sync_scale', 15],
		['sk_test_sync_enterprise', 50],
	])('%s allows %i running generations', async (key, limit) => {
		ctx.emu.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
			createRateLimitPerMin: 1000,
		});
		const client = syncClient(ctx.emu, key);
		for (let i = 0; i < limit; i++)
			expect((await client.post('/v2/generate', lipsyncBody())).status).toBe(201);
		const over = await client.post('/v2/generate', lipsyncBody());
		expect(over.status).toBe(429);
		expect(over.body.concurrencyLimit).toBe(limit);
	});

	it('follows the plan set at runtime for the default key', async () => {
		ctx.emu.admin.configureSync({
			plan: 'free',
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		expect((await ctx.sync.post('/v2/generate', lipsyncBody())).status).toBe(201);
		expect((await ctx.sync.post('/v2/generate', lipsyncBody())).status).toBe(429);
	});

	it('adds Retry-After on emulator 429s when configured', async () => {
		ctx.emu.admin.configureSync({ retryAfterHeaderOn429: true, plan: 'free' });
		await ctx.sync.post('/v2/generate', lipsyncBody());
		const over = await ctx.sync.post('/v2/generate', lipsyncBody());
		expect(Number(over.headers.get('retry-after'))).toBe(over.body.retryAfterSeconds);
	});
});

describe('request-rate limit', () => {
	it('429 rate_limit_exceeded after createRateLimitPerMin creates per key', async () => {
		ctx.emu.admin.configureSync({
			createRateLimitPerMin: 3,
			concurrencyByPlan: { creator: 100 } as never,
		});
		for (let i = 0; i < 3; i++)
			expect((await ctx.sync.post('/v2/generate', lipsyncBody())).status).toBe(201);
		const limited = await ctx.sync.post('/v2/generate', lipsyncBody());
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({
			statusCode: 429,
			error: 'Too Many Requests',
			errorCode: 'rate_limit_exceeded',
			message: expect.any(String),
			suggestion: expect.any(String),
		});
		// Other routes have their own bucket; another key is not affected.
		expect((await ctx.sync.get('/v2/generations')).status).toBe(200);
		expect(
			(await syncClient(ctx.emu, 'sk_test_sync_scale').post('/v2/generate', lipsyncBody())).status,
		).toBe(201);
	});

	it('limits other routes with otherRateLimitPerMin, and checks the rate before the body', async () => {
		ctx.emu.admin.configureSync({ otherRateLimitPerMin: 2, createRateLimitPerMin: 1 });
		await ctx.sync.get('/v2/models');
		await ctx.sync.get('/v2/models');
		expect((await ctx.sync.get('/v2/models')).body.errorCode).toBe('rate_limit_exceeded');
		await ctx.sync.post('/v2/generate', { nonsense: true });
		const res = await request(`${ctx.emu.syncBaseUrl}/v2/generate`, {
			method: 'POST',
			headers: { 'x-api-key': ctx.emu.syncApiKey },
			json: { nonsense: true },
		});
		expect(res.status).toBe(429);
	});
});
