/** The shared transport over real sockets: requests, retries, idempotent replays and slot waits. */
import { NodeApiError } from 'n8n-workflow';

import {
	ELEVEN_KEY,
	FAST,
	json,
	requestNode,
	reset,
	SYNC_KEY,
	useTransport,
} from './transportProbe';

describe('transport: requests and retries', () => {
	const { probe, run } = useTransport();

	it('sends the vendor key header to the credential base URL and parses JSON', async () => {
		probe.server.play(json(200, { ok: true }));
		const sync = await run('syncLabs', { method: 'GET', path: '/v2/models' });
		expect(sync.output?.[0][0].json).toEqual({ statusCode: 200, body: { ok: true } });
		expect(probe.server.seen[0]).toMatchObject({ method: 'GET', url: '/sync/v2/models' });
		expect(probe.server.seen[0].headers['x-api-key']).toBe(SYNC_KEY);

		probe.server.play(json(200, { tier: 'creator' }));
		await run('elevenLabs', { method: 'GET', path: '/v1/user/subscription' });
		expect(probe.server.seen[0].url).toBe('/el/v1/user/subscription');
		expect(probe.server.seen[0].headers['xi-api-key']).toBe(ELEVEN_KEY);
		expect(probe.server.seen[0].headers['x-api-key']).toBeUndefined();
	});

	it('retries a GET after 5xx with growing delays, then succeeds', async () => {
		probe.server.play(
			json(500, { message: 'boom' }),
			json(502, 'bad gateway'),
			json(200, { ok: 1 }),
		);
		const result = await run('syncLabs', { method: 'GET', path: '/v2/generate/g1' });
		expect(result.error).toBeUndefined();
		expect(probe.server.seen).toHaveLength(3);
		const gaps = [
			probe.server.seen[1].at - probe.server.seen[0].at,
			probe.server.seen[2].at - probe.server.seen[1].at,
		];
		expect(gaps[0]).toBeGreaterThanOrEqual(9); // first backoff: 10–20 ms
		expect(gaps[1]).toBeGreaterThanOrEqual(19); // second: 20–40 ms
	});

	it('gives up after the bounded number of attempts with the vendor error', async () => {
		probe.server.play(
			json(503, { statusCode: 503, message: 'maintenance', errorCode: 'controller_unavailable' }),
		);
		const result = await run('syncLabs', { method: 'GET', path: '/v2/generations' });
		expect(probe.server.seen).toHaveLength(FAST.maxAttempts);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Sync Labs: maintenance');
		expect((result.error as NodeApiError).httpCode).toBe('503');
	});

	it('never replays a POST without an Idempotency-Key after a 5xx or a dropped connection', async () => {
		probe.server.play(json(500, { message: 'maybe created' }), json(200, {}));
		const afterError = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: { model: 'x' },
		});
		expect(probe.server.seen).toHaveLength(1);
		expect(afterError.error?.message).toBe('Sync Labs: maybe created');

		probe.server.play(reset, json(200, {}));
		const afterReset = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: { model: 'x' },
		});
		expect(probe.server.seen).toHaveLength(1);
		// Sent, answer lost: the message says what is known, not that Sync was unreachable.
		expect(afterReset.error?.message).toMatch(
			/^Sync Labs received the request but its answer was lost/,
		);
		expect((afterReset.error as NodeApiError).description).toContain(
			'may have done the work and charged for it',
		);
	});

	it('says nothing was sent when the connection was never made', async () => {
		const unreachable = await probe.harness.runNode({
			node: requestNode('syncLabs', {
				method: 'POST',
				path: '/v2/generate',
				body: {},
				retry: FAST,
			}),
			credentials: { videoDubSyncLabsApi: { apiKey: SYNC_KEY, baseUrl: 'http://127.0.0.1:9' } },
		});
		expect(unreachable.error?.message).toBe('Could not reach Sync Labs (connection refused)');
		expect((unreachable.error as NodeApiError).description).toContain('Nothing was sent.');
		expect((unreachable.error as NodeApiError).description).not.toContain(SYNC_KEY);
	});

	it('replays a POST that carries an Idempotency-Key, with the same key each time', async () => {
		probe.server.play(
			reset,
			json(503, { message: 'IDEMPOTENCY_OUTCOME_UNKNOWN' }),
			json(201, { id: 'gen-1' }),
		);
		const result = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: { model: 'lipsync-2' },
			idempotencyKey: 'n8n-key-1',
		});
		expect(result.output?.[0][0].json.body).toEqual({ id: 'gen-1' });
		expect(probe.server.seen).toHaveLength(3);
		expect(probe.server.seen.map((seen) => seen.headers['idempotency-key'])).toEqual([
			'n8n-key-1',
			'n8n-key-1',
			'n8n-key-1',
		]);
	});

	it('honours Retry-After on a rate-limit 429, even for a POST without a key (a 429 created nothing)', async () => {
		probe.server.play(
			json(
				429,
				{
					statusCode: 429,
					errorCode: 'rate_limit_exceeded',
					message: 'slow down',
					error: 'Too Many Requests',
				},
				{ 'retry-after': '1' },
			),
			json(201, { id: 'gen-2' }),
		);
		const result = await run('syncLabs', { method: 'POST', path: '/v2/generate', body: {} });
		expect(result.error).toBeUndefined();
		expect(probe.server.seen[1].at - probe.server.seen[0].at).toBeGreaterThanOrEqual(950);
	});

	it('waits for a slot on concurrency_limit_reached, using retryAfterSeconds, beyond the attempt limit', async () => {
		const full = json(429, {
			statusCode: 429,
			errorCode: 'concurrency_limit_reached',
			message: 'Active job limit reached',
			activeGenerations: 3,
			concurrencyLimit: 3,
			retryAfterSeconds: 0.05,
		});
		probe.server.play(full, full, full, full, full, full, json(201, { id: 'gen-3' }));
		const result = await run('syncLabs', { method: 'POST', path: '/v2/generate', body: {} });
		expect(result.error).toBeUndefined();
		// More waits than maxAttempts: a full plan is waited out, bounded by time, not by count.
		expect(probe.server.seen).toHaveLength(7);
	});

	it('stops waiting for a slot after the slot wait budget with a clear error', async () => {
		probe.server.play(
			json(429, {
				statusCode: 429,
				errorCode: 'concurrency_limit_reached',
				message: 'Active job limit reached',
				retryAfterSeconds: 1,
			}),
		);
		const startedAt = Date.now();
		const result = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: {},
			retry: { ...FAST, slotWaitMs: 1500 },
		});
		expect(Date.now() - startedAt).toBeLessThan(5000);
		expect(result.error?.message).toBe('Sync Labs: Active job limit reached');
		expect((result.error as NodeApiError).description).toMatch(/Max Concurrent Jobs/);
	});

	it('treats the ElevenLabs music concurrency 429 as a slot wait too', async () => {
		const busy = json(
			429,
			{ detail: { status: 'concurrent_limit_exceeded', message: 'Too many concurrent requests' } },
			{ 'retry-after': '0' },
		);
		probe.server.play(busy, busy, busy, busy, busy, json(200, { ok: true }));
		const result = await run('elevenLabs', {
			method: 'POST',
			path: '/v1/music/video-to-music',
			body: {},
		});
		expect(result.error).toBeUndefined();
		expect(probe.server.seen).toHaveLength(6);
	});
});
