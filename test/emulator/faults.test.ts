import { completedOutputUrl, emulatorForFile, lipsyncBody, request } from './testkit';

/** Fault injection: injected statuses in each vendor's shape, resets, delays, truncation. */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
});

describe('fault injection', () => {
	it('answers an injected status with the Sync error body, for the next N matching requests only', async () => {
		ctx.emu.admin.injectFault({
			vendor: 'sync',
			method: 'GET',
			path: '^/v2/models$',
			kind: 'status',
			status: 503,
			times: 2,
		});
		const first = await ctx.sync.get('/v2/models');
		expect(first.status).toBe(503);
		expect(first.body).toMatchObject({
			statusCode: 503,
			error: 'Service Unavailable',
			errorCode: 'generation_infra_service_unavailable',
		});
		expect((await ctx.sync.get('/v2/models')).status).toBe(503);
		expect((await ctx.sync.get('/v2/models')).status).toBe(200);
		// Non-matching method/path/vendor are untouched.
		ctx.emu.admin.injectFault({ vendor: 'elevenlabs', kind: 'status', status: 500 });
		expect((await ctx.sync.get('/v2/models')).status).toBe(200);
		expect(ctx.emu.admin.faults()).toHaveLength(1);
		ctx.emu.admin.clearFaults();
		expect(ctx.emu.admin.faults()).toEqual([]);
	});

	it('uses the vendor error shapes (ElevenLabs detail object, S3 XML)', async () => {
		ctx.emu.admin.injectFault({
			vendor: 'elevenlabs',
			kind: 'status',
			status: 500,
			message: 'boom',
		});
		const eleven = await request(`${ctx.emu.elevenLabsBaseUrl}/v1/user`, {
			headers: { 'xi-api-key': ctx.emu.elevenLabsApiKey },
		});
		expect(eleven.status).toBe(500);
		expect(eleven.body).toEqual({
			detail: { status: 'internal_server_error', code: 'internal_server_error', message: 'boom' },
		});
		ctx.emu.admin.injectFault({ vendor: 'storage', kind: 'status', status: 503 });
		const storage = await request(`${ctx.emu.storageBaseUrl}/outputs/x.mp4`);
		expect(storage.status).toBe(503);
		expect(storage.text).toContain('<Code>SlowDown</Code>');
	});

	it('rate-limit faults carry Retry-After and retryAfterSeconds', async () => {
		ctx.emu.admin.injectFault({ path: '^/v2/generate$', kind: 'rateLimit', retryAfterSeconds: 7 });
		const res = await ctx.sync.post('/v2/generate', lipsyncBody());
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('7');
		expect(res.body).toMatchObject({
			errorCode: 'rate_limit_exceeded',
			retryAfterSeconds: 7,
			error: 'Too Many Requests',
		});
		expect(ctx.emu.admin.counters().generationsCreated).toBe(0);
	});

	it('resets the connection before the body is read, and nothing is created', async () => {
		ctx.emu.admin.injectFault({ method: 'POST', path: '^/v2/generate$', kind: 'reset' });
		await expect(ctx.sync.post('/v2/generate', lipsyncBody())).rejects.toThrow();
		expect(ctx.emu.admin.counters().generationsCreated).toBe(0);
		expect(ctx.emu.admin.counters().requests['POST /v2/generate']).toBe(1);
	});

	it('resets after processing: the generation exists although the client saw an error', async () => {
		ctx.emu.admin.injectFault({
			method: 'POST',
			path: '^/v2/generate$',
			kind: 'reset',
			when: 'afterProcessing',
		});
		await expect(
			ctx.sync.post('/v2/generate', lipsyncBody(), { 'Idempotency-Key': 'retry-me' }),
		).rejects.toThrow();
		expect(ctx.emu.admin.counters().generationsCreated).toBe(1);
		// A retry with the same key is replayed, so the job exists exactly once.
		const retry = await ctx.sync.post('/v2/generate', lipsyncBody(), {
			'Idempotency-Key': 'retry-me',
		});
		expect(retry.status).toBe(201);
		expect(retry.body.id).toBe(ctx.emu.admin.generations()[0].id);
		expect(ctx.emu.admin.counters().generationsCreated).toBe(1);
	});

	it('resets after reading the body without processing it', async () => {
		ctx.emu.admin.injectFault({ path: '^/v2/generate$', kind: 'reset', when: 'afterBody' });
		await expect(ctx.sync.post('/v2/generate', lipsyncBody())).rejects.toThrow();
		expect(ctx.emu.admin.counters().generationsCreated).toBe(0);
	});

	it('delays a response, then handles it normally', async () => {
		ctx.emu.admin.injectFault({ path: '^/v2/models$', kind: 'delay', delayMs: 300 });
		const started = Date.now();
		const res = await ctx.sync.get('/v2/models');
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('sends malformed JSON', async () => {
		ctx.emu.admin.injectFault({ path: '^/v2/generate/', kind: 'malformedJson' });
		const res = await fetch(
			`${ctx.emu.syncBaseUrl}/v2/generate/00000000-0000-4000-8000-000000000000`,
			{
				headers: { 'x-api-key': ctx.emu.syncApiKey },
			},
		);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		await expect(res.json()).rejects.toThrow();
	});

	it('truncates a storage download after some bytes', async () => {
		const outputUrl = await completedOutputUrl(ctx.emu);
		ctx.emu.admin.injectFault({
			vendor: 'storage',
			path: '^/outputs/',
			kind: 'truncate',
			afterBytes: 1000,
		});
		const res = await fetch(outputUrl);
		expect(res.status).toBe(200);
		expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
		await expect(res.arrayBuffer()).rejects.toThrow();
		// The next download is complete again.
		const again = await fetch(outputUrl);
		expect(Buffer.from(await again.arrayBuffer()).length).toBe(
			Number(again.headers.get('content-length')),
		);
	});

	it('accepts faults over HTTP with the path as a regex string', async () => {
		const res = await request(`${ctx.emu.adminUrl}/faults`, {
			method: 'POST',
			json: [
				{
					vendor: 'sync',
					path: 'models',
					kind: 'status',
					status: 500,
					errorCode: 'internal_error',
				},
			],
		});
		expect(res.status).toBe(201);
		expect((await ctx.sync.get('/v2/models')).body.errorCode).toBe('internal_error');
		expect(
			(await request(`${ctx.emu.adminUrl}/faults`, { method: 'POST', json: { kind: 'explode' } }))
				.status,
		).toBe(400);
	});
});
