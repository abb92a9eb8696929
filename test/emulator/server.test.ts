import http from 'node:http';

import { startEmulator, type Emulator } from './index';
import { lipsyncBody, request, syncClient, waitForTerminal } from './testkit';

/** The shared server: prefixes, admin API, fault injection, counters, storage host, close(). */

let emu: Emulator;
let sync: ReturnType<typeof syncClient>;

beforeAll(async () => {
	emu = await startEmulator({
		sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
	});
	sync = syncClient(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.admin.reset());

async function completedOutputUrl(): Promise<string> {
	const created = await sync.post('/v2/generate', lipsyncBody());
	return (await waitForTerminal(emu, created.body.id)).body.outputUrl as string;
}

describe('server layout', () => {
	it('exposes one server with path prefixes and test credentials', () => {
		expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(emu.syncBaseUrl).toBe(`${emu.url}/sync`);
		expect(emu.elevenLabsBaseUrl).toBe(`${emu.url}/elevenlabs`);
		expect(emu.storageBaseUrl).toBe(`${emu.url}/storage`);
		expect(emu.adminUrl).toBe(`${emu.url}/__emulator`);
		expect(emu.syncApiKey).toBe('sk_test_sync_creator');
		expect(emu.webhookSecret).toMatch(/^whsec_test/);
		expect(emu.elevenLabsApiKey).toBeTruthy();
	});

	it('404s paths outside the prefixes', async () => {
		expect((await request(`${emu.url}/v2/generate`)).status).toBe(404);
	});

	it('serves the admin info and counters over HTTP', async () => {
		const info = await request(`${emu.adminUrl}/`);
		expect(info.body).toMatchObject({
			syncBaseUrl: emu.syncBaseUrl,
			syncApiKey: emu.syncApiKey,
			webhookSecret: emu.webhookSecret,
		});
		await sync.get('/v2/models');
		await sync.get('/v2/generate/00000000-0000-4000-8000-000000000000');
		await sync.get('/v2/generate/00000000-0000-4000-8000-000000000001');
		const counters = await request(`${emu.adminUrl}/counters`);
		expect(counters.body.requests).toEqual({ 'GET /v2/models': 1, 'GET /v2/generate/:id': 2 });
	});

	it('configures Sync at runtime over HTTP and resets to the startup config', async () => {
		const patched = await request(`${emu.adminUrl}/config/sync`, {
			method: 'PATCH',
			json: { plan: 'scale', timing: { processingMs: 5 } },
		});
		expect(patched.body.plan).toBe('scale');
		expect(patched.body.timing).toEqual({ pendingMs: 20, processingMs: 5, batchPendingMs: 10 });
		await request(`${emu.adminUrl}/reset`, { method: 'POST' });
		expect(emu.admin.syncConfig().plan).toBe('creator');
		expect(emu.admin.syncConfig().timing.processingMs).toBe(40);
	});

	it('queues outcomes and finishes generations over HTTP', async () => {
		await request(`${emu.adminUrl}/next-outcome`, {
			method: 'POST',
			json: { outcome: 'FAILED', errorCode: 'generation_input_video_invalid' },
		});
		emu.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		const created = await sync.post('/v2/generate', lipsyncBody());
		const finished = await request(`${emu.adminUrl}/generations/${created.body.id}/finish`, {
			method: 'POST',
		});
		expect(finished.body).toEqual({ finished: true });
		expect((await sync.get(`/v2/generate/${created.body.id}`)).body.errorCode).toBe(
			'generation_input_video_invalid',
		);
		const listed = await request(`${emu.adminUrl}/generations`);
		expect(listed.body[0]).toMatchObject({
			id: created.body.id,
			status: 'FAILED',
			orgId: 'org_test_default',
		});
	});
});

describe('ElevenLabs mount', () => {
	it('routes /elevenlabs to the ElevenLabs handler with counters and runtime config', async () => {
		const headers = { 'xi-api-key': emu.elevenLabsApiKey };
		const user = await request(`${emu.elevenLabsBaseUrl}/v1/user/subscription`, { headers });
		expect(user.status).toBe(200);
		expect(user.body.tier).toBe('creator');
		expect((await request(`${emu.elevenLabsBaseUrl}/v1/user`)).status).toBe(401);
		const profile = emu.admin.elevenLabsConfig().keys[emu.elevenLabsApiKey];
		emu.admin.configureElevenLabs({
			keys: { [emu.elevenLabsApiKey]: { ...profile, tier: 'pro' } },
		});
		expect(
			(await request(`${emu.elevenLabsBaseUrl}/v1/user/subscription`, { headers })).body.tier,
		).toBe('pro');
		expect(emu.admin.counters().requests).toEqual({
			'GET /v1/user/subscription': 2,
			'GET /v1/user': 1,
		});
		emu.admin.reset();
		expect(emu.admin.elevenLabsConfig().keys[emu.elevenLabsApiKey].tier).toBe('creator');
	});
});

describe('fault injection', () => {
	it('answers an injected status with the Sync error body, for the next N matching requests only', async () => {
		emu.admin.injectFault({
			vendor: 'sync',
			method: 'GET',
			path: '^/v2/models$',
			kind: 'status',
			status: 503,
			times: 2,
		});
		const first = await sync.get('/v2/models');
		expect(first.status).toBe(503);
		expect(first.body).toMatchObject({
			statusCode: 503,
			error: 'Service Unavailable',
			errorCode: 'generation_infra_service_unavailable',
		});
		expect((await sync.get('/v2/models')).status).toBe(503);
		expect((await sync.get('/v2/models')).status).toBe(200);
		// Non-matching method/path/vendor are untouched.
		emu.admin.injectFault({ vendor: 'elevenlabs', kind: 'status', status: 500 });
		expect((await sync.get('/v2/models')).status).toBe(200);
		expect(emu.admin.faults()).toHaveLength(1);
		emu.admin.clearFaults();
		expect(emu.admin.faults()).toEqual([]);
	});

	it('uses the vendor error shapes (ElevenLabs detail object, S3 XML)', async () => {
		emu.admin.injectFault({ vendor: 'elevenlabs', kind: 'status', status: 500, message: 'boom' });
		const eleven = await request(`${emu.elevenLabsBaseUrl}/v1/user`, {
			headers: { 'xi-api-key': emu.elevenLabsApiKey },
		});
		expect(eleven.status).toBe(500);
		expect(eleven.body).toEqual({
			detail: { status: 'internal_server_error', code: 'internal_server_error', message: 'boom' },
		});
		emu.admin.injectFault({ vendor: 'storage', kind: 'status', status: 503 });
		const storage = await request(`${emu.storageBaseUrl}/outputs/x.mp4`);
		expect(storage.status).toBe(503);
		expect(storage.text).toContain('<Code>SlowDown</Code>');
	});

	it('rate-limit faults carry Retry-After and retryAfterSeconds', async () => {
		emu.admin.injectFault({ path: '^/v2/generate$', kind: 'rateLimit', retryAfterSeconds: 7 });
		const res = await sync.post('/v2/generate', lipsyncBody());
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('7');
		expect(res.body).toMatchObject({
			errorCode: 'rate_limit_exceeded',
			retryAfterSeconds: 7,
			error: 'Too Many Requests',
		});
		expect(emu.admin.counters().generationsCreated).toBe(0);
	});

	it('resets the connection before the body is read, and nothing is created', async () => {
		emu.admin.injectFault({ method: 'POST', path: '^/v2/generate$', kind: 'reset' });
		await expect(sync.post('/v2/generate', lipsyncBody())).rejects.toThrow();
		expect(emu.admin.counters().generationsCreated).toBe(0);
		expect(emu.admin.counters().requests['POST /v2/generate']).toBe(1);
	});

	it('resets after processing: the generation exists although the client saw an error', async () => {
		emu.admin.injectFault({
			method: 'POST',
			path: '^/v2/generate$',
			kind: 'reset',
			when: 'afterProcessing',
		});
		await expect(
			sync.post('/v2/generate', lipsyncBody(), { 'Idempotency-Key': 'retry-me' }),
		).rejects.toThrow();
		expect(emu.admin.counters().generationsCreated).toBe(1);
		// A retry with the same key is replayed, so the job exists exactly once.
		const retry = await sync.post('/v2/generate', lipsyncBody(), { 'Idempotency-Key': 'retry-me' });
		expect(retry.status).toBe(201);
		expect(retry.body.id).toBe(emu.admin.generations()[0].id);
		expect(emu.admin.counters().generationsCreated).toBe(1);
	});

	it('resets after reading the body without processing it', async () => {
		emu.admin.injectFault({ path: '^/v2/generate$', kind: 'reset', when: 'afterBody' });
		await expect(sync.post('/v2/generate', lipsyncBody())).rejects.toThrow();
		expect(emu.admin.counters().generationsCreated).toBe(0);
	});

	it('delays a response, then handles it normally', async () => {
		emu.admin.injectFault({ path: '^/v2/models$', kind: 'delay', delayMs: 300 });
		const started = Date.now();
		const res = await sync.get('/v2/models');
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('sends malformed JSON', async () => {
		emu.admin.injectFault({ path: '^/v2/generate/', kind: 'malformedJson' });
		const res = await fetch(`${emu.syncBaseUrl}/v2/generate/00000000-0000-4000-8000-000000000000`, {
			headers: { 'x-api-key': emu.syncApiKey },
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		await expect(res.json()).rejects.toThrow();
	});

	it('truncates a storage download after some bytes', async () => {
		const outputUrl = await completedOutputUrl();
		emu.admin.injectFault({
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
		const res = await request(`${emu.adminUrl}/faults`, {
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
		expect((await sync.get('/v2/models')).body.errorCode).toBe('internal_error');
		expect(
			(await request(`${emu.adminUrl}/faults`, { method: 'POST', json: { kind: 'explode' } }))
				.status,
		).toBe(400);
	});
});

describe('storage host', () => {
	it('serves outputs without a key, counts requests that send one, supports HEAD and Range', async () => {
		const outputUrl = await completedOutputUrl();
		const head = await fetch(outputUrl, { method: 'HEAD' });
		expect(head.status).toBe(200);
		const size = Number(head.headers.get('content-length'));
		expect(size).toBeGreaterThan(1000);
		const tail = await fetch(outputUrl, { headers: { range: 'bytes=-100' } });
		expect(tail.status).toBe(206);
		expect(tail.headers.get('content-range')).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
		expect(emu.admin.counters().requestsWithApiKeyOnStorage).toBe(0);
		await fetch(outputUrl, { headers: { 'x-api-key': emu.syncApiKey } });
		expect(emu.admin.counters().requestsWithApiKeyOnStorage).toBe(1);
		expect(emu.admin.counters().requests['GET /storage/outputs/:name']).toBe(2);
		expect((await fetch(`${emu.storageBaseUrl}/outputs/nothing.mp4`)).status).toBe(404);
	});

	it('streams a large synthetic output without holding it in memory', async () => {
		const large = 64 * 1024 * 1024;
		emu.admin.configureSync({ largeOutputBytes: large });
		const outputUrl = await completedOutputUrl();
		const before = process.memoryUsage().rss;
		const res = await fetch(outputUrl);
		expect(Number(res.headers.get('content-length'))).toBe(large);
		let received = 0;
		let head: Buffer | undefined;
		for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
			head ??= Buffer.from(chunk.subarray(0, 8));
			received += chunk.length;
		}
		expect(received).toBe(large);
		expect(head!.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(process.memoryUsage().rss - before).toBeLessThan(large);
	});
});

describe('close()', () => {
	it('closes keep-alive sockets, long polls and pending timers promptly', async () => {
		const local = await startEmulator({
			sync: { timing: { pendingMs: 60_000, processingMs: 60_000, batchPendingMs: 10 } },
		});
		const agent = new http.Agent({ keepAlive: true });
		const client = syncClient(local);
		const created = await client.post(
			'/v2/generate',
			lipsyncBody({ webhookUrl: 'http://127.0.0.1:9/never' }),
		);
		// A keep-alive socket stays open after this request.
		await new Promise<void>((resolve) => {
			http.get(
				`${local.syncBaseUrl}/v2/models`,
				{ agent, headers: { 'x-api-key': local.syncApiKey } },
				(res) => {
					res.resume();
					res.on('end', () => resolve());
				},
			);
		});
		const longPoll = client
			.get(`/v2/generate/${created.body.id}?wait=true&timeout=10`)
			.catch(() => 'closed');
		await new Promise((r) => setTimeout(r, 50));
		const started = Date.now();
		await local.close();
		expect(Date.now() - started).toBeLessThan(1000);
		await longPoll;
		agent.destroy();
		await local.close(); // idempotent
	});
});
