import { startEmulator, type Emulator } from '../index';
import {
	lipsyncBody,
	request,
	syncClient,
	verifySyncSignature,
	videoUrl,
	waitForTerminal,
	waitUntil,
	webhookReceiver,
} from '../testkit';

/** State machine (§8.3), long-poll and progress, outcome hooks, output files, webhooks (§8.7). */

let emu: Emulator;
let sync: ReturnType<typeof syncClient>;

beforeAll(async () => {
	emu = await startEmulator({
		sync: { timing: { pendingMs: 60, processingMs: 150, batchPendingMs: 10 } },
	});
	sync = syncClient(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.admin.reset());

describe('generation state machine', () => {
	it('goes PENDING → PROCESSING → COMPLETED with a playable output served without the key', async () => {
		const created = await sync.post('/v2/generate', lipsyncBody());
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
			last = await sync.get(`/v2/generate/${created.body.id}`);
			seen.add(last.body.status);
			if (last.body.status === 'COMPLETED') break;
			await new Promise((r) => setTimeout(r, 10));
		}
		expect([...seen]).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
		expect(last!.body.outputUrl).toBe(`${emu.storageBaseUrl}/outputs/${created.body.id}.mp4`);
		expect(last!.body.outputDuration).toBeGreaterThan(0);

		const file = await fetch(last!.body.outputUrl);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await file.arrayBuffer());
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(emu.admin.counters().requestsWithApiKeyOnStorage).toBe(0);

		// Same object under the 2026 org-scoped path.
		const orgScoped = await sync.get(`/v2/generations/${created.body.id}`);
		expect(orgScoped.body).toEqual(last!.body);
	});

	it('names the output after outputFileName', async () => {
		const created = await sync.post('/v2/generate', lipsyncBody({ outputFileName: 'greeting_v1' }));
		const done = await waitForTerminal(emu, created.body.id);
		expect(done.body.outputUrl).toBe(`${emu.storageBaseUrl}/outputs/greeting_v1.mp4`);
		expect(done.body.outputFileName).toBe('greeting_v1');
		expect((await fetch(done.body.outputUrl)).status).toBe(200);
	});

	it('fails on an input URL containing "fail", rejects on "reject"', async () => {
		const failing = await sync.post(
			'/v2/generate',
			lipsyncBody({
				input: [
					{ type: 'video', url: 'https://x.example/fail.mp4' },
					{ type: 'audio', url: 'https://x.example/a.wav' },
				],
			}),
		);
		const rejected = await sync.post(
			'/v2/generate',
			lipsyncBody({
				input: [
					{ type: 'video', url: videoUrl },
					{ type: 'audio', url: 'https://x.example/reject.wav' },
				],
			}),
		);
		const failed = await waitForTerminal(emu, failing.body.id);
		expect(failed.body).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_video_inaccessible',
			outputUrl: null,
		});
		expect(typeof failed.body.error).toBe('string');
		const rej = await waitForTerminal(emu, rejected.body.id);
		expect(rej.body).toMatchObject({ status: 'REJECTED', errorCode: 'plan_feature_unavailable' });
		// Output of a failed generation does not exist.
		expect((await fetch(`${emu.storageBaseUrl}/outputs/${failing.body.id}.mp4`)).status).toBe(404);
	});

	it('follows x-emulator-outcome, then queued admin outcomes', async () => {
		const viaHeader = await sync.post('/v2/generate', lipsyncBody(), {
			'x-emulator-outcome': 'FAILED:generation_pipeline_failed',
		});
		emu.admin.setNextOutcome('REJECTED', 'account_on_hold');
		const queued = await sync.post('/v2/generate', lipsyncBody());
		const normal = await sync.post('/v2/generate', lipsyncBody());
		expect((await waitForTerminal(emu, viaHeader.body.id)).body.errorCode).toBe(
			'generation_pipeline_failed',
		);
		expect((await waitForTerminal(emu, queued.body.id)).body).toMatchObject({
			status: 'REJECTED',
			errorCode: 'account_on_hold',
		});
		expect((await waitForTerminal(emu, normal.body.id)).body.status).toBe('COMPLETED');
	});

	it('fails a dub of a video without speech with generation_input_audio_invalid', async () => {
		const res = await sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [{ type: 'video', url: 'https://x.example/nospeech.mp4' }],
			dubParams: { providerName: 'elevenlabs', targetLang: 'es' },
		});
		expect(res.status).toBe(201);
		const done = await waitForTerminal(emu, res.body.id);
		expect(done.body).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_audio_invalid',
		});
		expect(done.body.error).toMatch(/speech/);
	});

	it('spells the error code as configured (camel, snake, both)', async () => {
		const res = await sync.post('/v2/generate', lipsyncBody(), { 'x-emulator-outcome': 'FAILED' });
		await waitForTerminal(emu, res.body.id);
		const get = () => sync.get(`/v2/generate/${res.body.id}`);
		expect(Object.keys((await get()).body)).toContain('errorCode');
		expect(Object.keys((await get()).body)).not.toContain('error_code');
		emu.admin.configureSync({ errorCodeCasing: 'snake' });
		expect((await get()).body.error_code).toBe('generation_pipeline_failed');
		expect(Object.keys((await get()).body)).not.toContain('errorCode');
		emu.admin.configureSync({ errorCodeCasing: 'both' });
		expect((await get()).body).toMatchObject({
			errorCode: 'generation_pipeline_failed',
			error_code: 'generation_pipeline_failed',
		});
	});

	it('holds generations while timing is null and finishes them on admin demand', async () => {
		emu.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		const res = await sync.post('/v2/generate', lipsyncBody());
		await new Promise((r) => setTimeout(r, 50));
		expect((await sync.get(`/v2/generate/${res.body.id}`)).body.status).toBe('PENDING');
		expect(
			emu.admin.finishGeneration(res.body.id, 'FAILED', 'generation_input_video_invalid'),
		).toBe(true);
		const after = await sync.get(`/v2/generate/${res.body.id}`);
		expect(after.body).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_video_invalid',
		});
		// Terminal states never change.
		expect(emu.admin.finishGeneration(res.body.id, 'COMPLETED')).toBe(false);
	});
});

describe('GET /v2/generate/{id} options', () => {
	it('long-polls with wait=true until the generation is terminal', async () => {
		const res = await sync.post('/v2/generate', lipsyncBody());
		const started = Date.now();
		const polled = await sync.get(`/v2/generate/${res.body.id}?wait=true&timeout=5`);
		expect(polled.status).toBe(200);
		expect(polled.body.status).toBe('COMPLETED');
		expect(Date.now() - started).toBeLessThan(2000);
		expect(polled.headers.get('retry-after')).toBe('2');
		expect(polled.headers.get('x-sync-wait-mode')).toBe('long_poll');
		expect(polled.headers.get('x-sync-wait-timeout-seconds')).toBe('5');
	});

	it('returns the non-terminal object with 200 when the wait times out', async () => {
		emu.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		const res = await sync.post('/v2/generate', lipsyncBody());
		const started = Date.now();
		const polled = await sync.get(`/v2/generate/${res.body.id}?wait=true&timeout=1`);
		expect(polled.status).toBe(200);
		expect(polled.body.status).toBe('PENDING');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('rejects timeout outside 1–10 and wait together with include=progress', async () => {
		const res = await sync.post('/v2/generate', lipsyncBody());
		for (const query of [
			'wait=true&timeout=0',
			'wait=true&timeout=11',
			'wait=true&timeout=abc',
			'wait=true&include=progress',
		]) {
			const bad = await sync.get(`/v2/generate/${res.body.id}?${query}`);
			expect(bad.status).toBe(400);
			expect(Array.isArray(bad.body.message)).toBe(true);
		}
	});

	it('adds progress_percent with include=progress', async () => {
		const res = await sync.post('/v2/generate', lipsyncBody());
		const pending = await sync.get(`/v2/generate/${res.body.id}?include=progress`);
		expect(pending.body.progress_percent).toBe(0);
		const plain = await sync.get(`/v2/generate/${res.body.id}`);
		expect(plain.body).not.toHaveProperty('progress_percent');
		const done = await waitForTerminal(emu, res.body.id);
		expect(done.body.status).toBe('COMPLETED');
		expect(
			(await sync.get(`/v2/generate/${res.body.id}?include=progress`)).body.progress_percent,
		).toBe(100);
	});

	it('404s unknown ids and ids of another organization, 400s malformed ids', async () => {
		const res = await sync.post('/v2/generate', lipsyncBody());
		const other = syncClient(emu, 'sk_test_sync_scale');
		const foreign = await other.get(`/v2/generate/${res.body.id}`);
		expect(foreign.status).toBe(404);
		expect(foreign.body.errorCode).toBe('generation_not_found');
		expect((await sync.get('/v2/generate/5f0e0e0e-0000-4000-8000-000000000000')).status).toBe(404);
		expect((await sync.get('/v2/generate/not-a-uuid')).body.errorCode).toBe(
			'invalid_generation_id',
		);
	});
});

describe('webhooks', () => {
	it('POSTs a signed compact GenerationNotification on COMPLETED', async () => {
		const hook = await webhookReceiver();
		try {
			const res = await sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			const [received] = await hook.waitFor(1);
			expect(received.headers['content-type']).toBe('application/json');
			expect(
				verifySyncSignature(
					received.headers['sync-signature'] as string,
					received.rawBody,
					emu.webhookSecret,
				),
			).toBe(true);
			expect(
				verifySyncSignature(
					received.headers['sync-signature'] as string,
					received.rawBody,
					'whsec_wrong',
				),
			).toBe(false);
			const t = Number(/t=(\d+)/.exec(received.headers['sync-signature'] as string)![1]);
			expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
			expect(received.headers['x-signature-primary']).toBeUndefined();
			const body = JSON.parse(received.rawBody);
			expect(received.rawBody).toBe(JSON.stringify(body));
			expect(Object.keys(body)).toEqual([
				'status',
				'createdAt',
				'id',
				'input',
				'model',
				'error',
				'error_code',
				'options',
				'outputDuration',
				'outputUrl',
				'segmentOutputUrl',
				'webhookUrl',
			]);
			expect(body).toMatchObject({
				id: res.body.id,
				status: 'COMPLETED',
				webhookUrl: hook.url,
				error_code: null,
			});

			await waitUntil(() => emu.admin.webhookDeliveries()[0]?.state !== 'pending');
			const log = emu.admin.webhookDeliveries();
			expect(log).toHaveLength(1);
			expect(log[0]).toMatchObject({
				kind: 'generation',
				resourceId: res.body.id,
				state: 'delivered',
				statusCode: 200,
			});
			expect(log[0].body).toBe(received.rawBody);
			expect(log[0].attempts).toHaveLength(1);
			// The same log over HTTP.
			const viaHttp = await request(`${emu.adminUrl}/webhooks`);
			expect(viaHttp.body[0].body).toBe(received.rawBody);
		} finally {
			await hook.close();
		}
	});

	it('sends FAILED with error_code, X-Signature-Primary when enabled, and skips REJECTED by default', async () => {
		const hook = await webhookReceiver();
		try {
			emu.admin.configureSync({ sendXSignaturePrimary: true });
			await sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }), {
				'x-emulator-outcome': 'REJECTED',
			});
			const failed = await sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }), {
				'x-emulator-outcome': 'FAILED:generation_pipeline_failed',
			});
			const [received] = await hook.waitFor(1);
			await new Promise((r) => setTimeout(r, 300));
			expect(hook.received).toHaveLength(1);
			const body = JSON.parse(received.rawBody);
			expect(body).toMatchObject({
				id: failed.body.id,
				status: 'FAILED',
				error_code: 'generation_pipeline_failed',
			});
			expect(body).not.toHaveProperty('errorCode');
			const v1 = /v1=([0-9a-f]+)/.exec(received.headers['sync-signature'] as string)![1];
			expect(received.headers['x-signature-primary']).toBe(v1);

			emu.admin.configureSync({ webhookOnRejected: true });
			await sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }), {
				'x-emulator-outcome': 'REJECTED',
			});
			const all = await hook.waitFor(2);
			expect(JSON.parse(all[1].rawBody).status).toBe('REJECTED');
		} finally {
			await hook.close();
		}
	});

	it('does not retry by default, and follows a configured retry schedule', async () => {
		const hook = await webhookReceiver([500, 503]);
		try {
			await sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			await hook.waitFor(1);
			await new Promise((r) => setTimeout(r, 150));
			expect(hook.received).toHaveLength(1);
			await waitUntil(() => emu.admin.webhookDeliveries()[0]?.state !== 'pending');
			expect(emu.admin.webhookDeliveries()[0]).toMatchObject({ state: 'failed', statusCode: 500 });

			emu.admin.reset();
			emu.admin.configureSync({
				timing: { pendingMs: 10, processingMs: 10, batchPendingMs: 10 },
				webhookRetryDelaysMs: [30, 30],
			});
			await sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			await hook.waitFor(3);
			await waitUntil(() => emu.admin.webhookDeliveries()[0]?.state !== 'pending');
			const [delivery] = emu.admin.webhookDeliveries();
			expect(delivery.attempts.map((a) => a.statusCode)).toEqual([503, 200]);
			expect(delivery.state).toBe('delivered');
			// Every attempt is signed (fresh timestamp) over the same body.
			for (const attempt of delivery.attempts) {
				expect(
					verifySyncSignature(attempt.headers['Sync-Signature'], delivery.body, emu.webhookSecret),
				).toBe(true);
			}
		} finally {
			await hook.close();
		}
	});

	it('records network errors for unreachable webhook URLs', async () => {
		await sync.post('/v2/generate', lipsyncBody({ webhookUrl: 'http://127.0.0.1:9/unreachable' }));
		await new Promise((r) => setTimeout(r, 400));
		const [delivery] = emu.admin.webhookDeliveries();
		expect(delivery.state).toBe('failed');
		expect(delivery.statusCode).toBeNull();
		expect(delivery.attempts[0].error).toBeTruthy();
	});

	it('uses the configured secret, also served by GET /v2/organizations/webhook/secret', async () => {
		emu.admin.configureSync({ webhookSecret: 'whsec_rotated' });
		const secret = await sync.get('/v2/organizations/webhook/secret');
		expect(secret.body).toEqual({ secret: 'whsec_rotated' });
		expect(emu.webhookSecret).toBe('whsec_rotated');
		const hook = await webhookReceiver();
		try {
			await sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			const [received] = await hook.waitFor(1);
			expect(
				verifySyncSignature(
					received.headers['sync-signature'] as string,
					received.rawBody,
					'whsec_rotated',
				),
			).toBe(true);
		} finally {
			await hook.close();
		}
	});
});
