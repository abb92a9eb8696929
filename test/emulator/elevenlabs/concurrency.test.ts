import { sampleVideoMp4 } from '../media';
import { errorOf } from './responseChecks';
import { callVideoToMusic, elevenLabsServerForFile } from './testServer';

/** How many video-to-music generations run at once, per key and profile. */

const server = elevenLabsServerForFile();

describe('concurrency', () => {
	it('a third parallel generation on one key → 429 concurrent_limit_exceeded', async () => {
		server.config.generationDelayMs = 400;
		const responses = await Promise.all([1, 2, 3].map(() => callVideoToMusic(server)));
		const statuses = responses.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429]);
		const limited = responses.find((r) => r.status === 429)!;
		expect(limited.headers.get('content-type')).toBe('application/json');
		expect(limited.headers.get('current-concurrent-requests')).toBe('2');
		expect(limited.headers.get('maximum-concurrent-requests')).toBe('2');
		const body = (await limited.json()) as { detail: Record<string, unknown> };
		expect(body.detail.status).toBe('concurrent_limit_exceeded');
		expect(body.detail.code).toBe('concurrent_limit_exceeded');
		expect(body.detail.message).toMatch(
			/^Too many concurrent requests\. .*maximum of 2 concurrent requests/,
		);
		for (const response of responses.filter((r) => r.status === 200)) await response.arrayBuffer();
		expect(server.counters.musicGenerations).toBe(2);

		// Slots are free again once the responses are done.
		server.config.generationDelayMs = 0;
		const after = await callVideoToMusic(server);
		expect(after.status).toBe(200);
		await after.arrayBuffer();
	});

	it('limits are per key and per profile (scale allows 3)', async () => {
		server.config.generationDelayMs = 300;
		const responses = await Promise.all([
			callVideoToMusic(server),
			callVideoToMusic(server),
			callVideoToMusic(server, { key: 'sk_test_el_pro' }),
			...[1, 2, 3].map(() => callVideoToMusic(server, { key: 'sk_test_el_scale' })),
		]);
		expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
		await Promise.all(responses.map((r) => r.arrayBuffer()));
	});

	it('legacy code too_many_concurrent_requests with the switch', async () => {
		server.config.generationDelayMs = 300;
		server.config.concurrencyErrorCode = 'too_many_concurrent_requests';
		server.config.keys.sk_test_el_creator.concurrency = 1;
		const responses = await Promise.all([callVideoToMusic(server), callVideoToMusic(server)]);
		const limited = responses.find((r) => r.status === 429)!;
		expect(((await limited.json()) as { detail: { status: string } }).detail.status).toBe(
			'too_many_concurrent_requests',
		);
		await Promise.all(responses.filter((r) => r.status === 200).map((r) => r.arrayBuffer()));
	});

	it('a client that disconnects during generation frees its slot', async () => {
		server.config.generationDelayMs = 300;
		const aborter = new AbortController();
		const abandoned = callVideoToMusic(server, {}).catch(() => undefined);
		const aborted = fetch(`${server.baseUrl}/v1/music/video-to-music`, {
			method: 'POST',
			headers: { 'xi-api-key': 'sk_test_el_creator' },
			body: (() => {
				const form = new FormData();
				form.append('videos', new Blob([sampleVideoMp4()]), 'a.mp4');
				return form;
			})(),
			signal: aborter.signal,
		}).catch(() => 'aborted');
		await new Promise((resolve) => setTimeout(resolve, 100));
		aborter.abort();
		expect(await aborted).toBe('aborted');
		await new Promise((resolve) => setTimeout(resolve, 50));
		// One slot is held by `abandoned`; the aborted one must be free again.
		const next = await callVideoToMusic(server);
		expect(next.status).toBe(200);
		await next.arrayBuffer();
		const first = await abandoned;
		await first?.arrayBuffer();
	});

	it('systemBusy → 429 system_busy', async () => {
		server.config.systemBusy = true;
		const busy = await errorOf(server, {});
		expect(busy.status).toBe(429);
		expect(busy.detail.status).toBe('system_busy');
	});
});
