import http from 'node:http';

import { startEmulator } from './index';
import { completedOutputUrl, emulatorForFile, lipsyncBody, request, syncClient } from './testkit';

/** The shared server: prefixes, admin API, counters, storage host, close(). */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
});

describe('server layout', () => {
	it('exposes one server with path prefixes and test credentials', () => {
		expect(ctx.emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(ctx.emu.syncBaseUrl).toBe(`${ctx.emu.url}/sync`);
		expect(ctx.emu.elevenLabsBaseUrl).toBe(`${ctx.emu.url}/elevenlabs`);
		expect(ctx.emu.storageBaseUrl).toBe(`${ctx.emu.url}/storage`);
		expect(ctx.emu.adminUrl).toBe(`${ctx.emu.url}/__emulator`);
		expect(ctx.emu.syncApiKey).toBe('sk_test_sync_creator');
		expect(ctx.emu.webhookSecret).toMatch(/^whsec_test/);
		expect(ctx.emu.elevenLabsApiKey).toBeTruthy();
	});

	it('404s paths outside the prefixes', async () => {
		expect((await request(`${ctx.emu.url}/v2/generate`)).status).toBe(404);
	});

	it('serves the admin info and counters over HTTP', async () => {
		const info = await request(`${ctx.emu.adminUrl}/`);
		expect(info.body).toMatchObject({
			syncBaseUrl: ctx.emu.syncBaseUrl,
			syncApiKey: ctx.emu.syncApiKey,
			webhookSecret: ctx.emu.webhookSecret,
		});
		await ctx.sync.get('/v2/models');
		await ctx.sync.get('/v2/generate/00000000-0000-4000-8000-000000000000');
		await ctx.sync.get('/v2/generate/00000000-0000-4000-8000-000000000001');
		const counters = await request(`${ctx.emu.adminUrl}/counters`);
		expect(counters.body.requests).toEqual({ 'GET /v2/models': 1, 'GET /v2/generate/:id': 2 });
	});

	it('configures Sync at runtime over HTTP and resets to the startup config', async () => {
		const patched = await request(`${ctx.emu.adminUrl}/config/sync`, {
			method: 'PATCH',
			json: { plan: 'scale', timing: { processingMs: 5 } },
		});
		expect(patched.body.plan).toBe('scale');
		expect(patched.body.timing).toEqual({ pendingMs: 20, processingMs: 5, batchPendingMs: 10 });
		await request(`${ctx.emu.adminUrl}/reset`, { method: 'POST' });
		expect(ctx.emu.admin.syncConfig().plan).toBe('creator');
		expect(ctx.emu.admin.syncConfig().timing.processingMs).toBe(40);
	});

	it('queues outcomes and finishes generations over HTTP', async () => {
		await request(`${ctx.emu.adminUrl}/next-outcome`, {
			method: 'POST',
			json: { outcome: 'FAILED', errorCode: 'generation_input_video_invalid' },
		});
		ctx.emu.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		const created = await ctx.sync.post('/v2/generate', lipsyncBody());
		const finished = await request(`${ctx.emu.adminUrl}/generations/${created.body.id}/finish`, {
			method: 'POST',
		});
		expect(finished.body).toEqual({ finished: true });
		expect((await ctx.sync.get(`/v2/generate/${created.body.id}`)).body.errorCode).toBe(
			'generation_input_video_invalid',
		);
		const listed = await request(`${ctx.emu.adminUrl}/generations`);
		expect(listed.body[0]).toMatchObject({
			id: created.body.id,
			status: 'FAILED',
			orgId: 'org_test_default',
		});
	});
});

describe('ElevenLabs mount', () => {
	it('routes /elevenlabs to the ElevenLabs handler with counters and runtime config', async () => {
		const headers = { 'xi-api-key': ctx.emu.elevenLabsApiKey };
		const user = await request(`${ctx.emu.elevenLabsBaseUrl}/v1/user/subscription`, { headers });
		expect(user.status).toBe(200);
		expect(user.body.tier).toBe('creator');
		expect((await request(`${ctx.emu.elevenLabsBaseUrl}/v1/user`)).status).toBe(401);
		const profile = ctx.emu.admin.elevenLabsConfig().keys[ctx.emu.elevenLabsApiKey];
		ctx.emu.admin.configureElevenLabs({
			keys: { [ctx.emu.elevenLabsApiKey]: { ...profile, tier: 'pro' } },
		});
		expect(
			(await request(`${ctx.emu.elevenLabsBaseUrl}/v1/user/subscription`, { headers })).body.tier,
		).toBe('pro');
		expect(ctx.emu.admin.counters().requests).toEqual({
			'GET /v1/user/subscription': 2,
			'GET /v1/user': 1,
		});
		ctx.emu.admin.reset();
		expect(ctx.emu.admin.elevenLabsConfig().keys[ctx.emu.elevenLabsApiKey].tier).toBe('creator');
	});
});

describe('storage host', () => {
	it('serves outputs without a key, counts requests that send one, supports HEAD and Range', async () => {
		const outputUrl = await completedOutputUrl(ctx.emu);
		const head = await fetch(outputUrl, { method: 'HEAD' });
		expect(head.status).toBe(200);
		const size = Number(head.headers.get('content-length'));
		expect(size).toBeGreaterThan(1000);
		const tail = await fetch(outputUrl, { headers: { range: 'bytes=-100' } });
		expect(tail.status).toBe(206);
		expect(tail.headers.get('content-range')).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
		expect(ctx.emu.admin.counters().requestsWithApiKeyOnStorage).toBe(0);
		await fetch(outputUrl, { headers: { 'x-api-key': ctx.emu.syncApiKey } });
		expect(ctx.emu.admin.counters().requestsWithApiKeyOnStorage).toBe(1);
		expect(ctx.emu.admin.counters().requests['GET /storage/outputs/:name']).toBe(2);
		expect((await fetch(`${ctx.emu.storageBaseUrl}/outputs/nothing.mp4`)).status).toBe(404);
	});

	it('streams a large synthetic output without holding it in memory', async () => {
		const large = 64 * 1024 * 1024;
		ctx.emu.admin.configureSync({ largeOutputBytes: large });
		const outputUrl = await completedOutputUrl(ctx.emu);
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
