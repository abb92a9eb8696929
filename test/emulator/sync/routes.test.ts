import { startEmulator, type Emulator } from '../index';
import { lipsyncBody, request, syncClient, waitForTerminal } from '../testkit';

/** Auth (§8.2), list/count/delete/download (§8.5), estimates, models, errors, multipart create. */

let emu: Emulator;
let sync: ReturnType<typeof syncClient>;

beforeAll(async () => {
	emu = await startEmulator({
		sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
	});
	sync = syncClient(emu);
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.admin.reset();
	emu.admin.configureSync({ concurrencyByPlan: { creator: 100 } as never });
});

describe('authentication', () => {
	it('401 with the two documented bodies', async () => {
		const missing = await request(`${emu.syncBaseUrl}/v2/models`);
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({
			message: 'Either Cookie or x-api-key header must be provided',
			error: 'Unauthorized',
			statusCode: 401,
		});
		const wrong = await request(`${emu.syncBaseUrl}/v2/models`, {
			headers: { 'x-api-key': 'sk_nope' },
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({ message: 'Unauthorized', statusCode: 401 });
	});

	it('serves GET /v2/errors without a key, covering every code the emulator emits', async () => {
		const res = await request(`${emu.syncBaseUrl}/v2/errors`);
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
		const res = await request(`${emu.syncBaseUrl}/v2/voices`);
		expect(res.status).toBe(404);
		expect(res.body).toEqual({
			message: 'Cannot GET /v2/voices',
			error: 'Not Found',
			statusCode: 404,
		});
		expect((await request(`${emu.syncBaseUrl}/v2/generate`)).status).toBe(404); // GET list is /v2/generations
	});
});

describe('GET /v2/generations', () => {
	async function seed() {
		const a = await sync.post('/v2/generate', lipsyncBody(), { 'x-emulator-outcome': 'FAILED' });
		const b = await sync.post('/v2/generate', lipsyncBody());
		const c = await sync.post('/v2/generate', lipsyncBody());
		await Promise.all([a, b, c].map((g) => waitForTerminal(emu, g.body.id)));
		return [a.body.id, b.body.id, c.body.id] as string[];
	}

	it('returns a bare array, newest first, filtered by status and ids in every list syntax', async () => {
		const [a, b, c] = await seed();
		const all = await sync.get('/v2/generations');
		expect(all.body.map((g: { id: string }) => g.id)).toEqual([c, b, a]);
		for (const query of [
			'status=COMPLETED',
			'status=%5B%22COMPLETED%22%5D',
			'status=COMPLETED&status=PROCESSING',
			'status=COMPLETED,PENDING',
		]) {
			const res = await sync.get(`/v2/generations?${query}`);
			expect(res.body.map((g: { id: string }) => g.id)).toEqual([c, b]);
		}
		const byIds = await sync.get(`/v2/generations?ids=${a},${c}`);
		expect(byIds.body.map((g: { id: string }) => g.id)).toEqual([c, a]);
		const json = await sync.get(`/v2/generations?ids=${encodeURIComponent(JSON.stringify([b]))}`);
		expect(json.body.map((g: { id: string }) => g.id)).toEqual([b]);
		expect((await sync.get('/v2/generations?status=DONE')).status).toBe(400);
		// Another org sees nothing.
		expect((await syncClient(emu, 'sk_test_sync_scale').get('/v2/generations')).body).toEqual([]);
	});

	it('pages with limit and cursor', async () => {
		const [a, b, c] = await seed();
		const page1 = await sync.get('/v2/generations?limit=2');
		expect(page1.body.map((g: { id: string }) => g.id)).toEqual([c, b]);
		const page2 = await sync.get(`/v2/generations?limit=2&cursor=${b}`);
		expect(page2.body.map((g: { id: string }) => g.id)).toEqual([a]);
		expect((await sync.get('/v2/generations?limit=2&cursor=unknown')).body).toEqual([]);
		for (const bad of ['limit=0', 'limit=101', 'limit=x', `cursor=${a}`]) {
			expect((await sync.get(`/v2/generations?${bad}`)).status).toBe(400);
		}
	});

	it('counts with GET /v2/generations/count', async () => {
		await seed();
		expect((await sync.get('/v2/generations/count')).body).toEqual({ count: 3 });
		expect((await sync.get('/v2/generations/count?status=FAILED')).body).toEqual({ count: 1 });
	});
});

describe('DELETE and download', () => {
	it('409 while processing, 200 with the object when terminal, 404 afterwards', async () => {
		const created = await sync.post('/v2/generate', lipsyncBody());
		const early = await sync.delete(`/v2/generations/${created.body.id}`);
		expect(early.status).toBe(409);
		expect(early.body.errorCode).toBe('generation_not_deletable_while_processing');
		await waitForTerminal(emu, created.body.id);
		const download = await request(
			`${emu.syncBaseUrl}/v2/generations/${created.body.id}/download`,
			{
				headers: { 'x-api-key': emu.syncApiKey },
			},
		);
		expect(download.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(download.text).toBe(`${emu.storageBaseUrl}/outputs/${created.body.id}.mp4`);
		const deleted = await sync.delete(`/v2/generations/${created.body.id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body.id).toBe(created.body.id);
		expect((await sync.get(`/v2/generate/${created.body.id}`)).status).toBe(404);
		expect((await sync.delete(`/v2/generations/${created.body.id}`)).status).toBe(404);
	});
});

describe('cost estimates and models', () => {
	it('POST /v2/analyze/cost validates like create and answers an array, creating nothing', async () => {
		const res = await sync.post('/v2/analyze/cost', lipsyncBody());
		expect(res.status).toBe(201);
		expect(res.body).toEqual([{ estimatedFrameCount: 250, estimatedGenerationCost: 0.5 }]);
		expect((await sync.post('/v2/analyze/cost', { model: 'lipsync-2', input: [] })).status).toBe(
			400,
		);
		expect(emu.admin.counters().generationsCreated).toBe(0);
	});

	it('POST /v2/generations/estimate and its alias', async () => {
		for (const path of ['/v2/generations/estimate', '/v2/generate/estimate-cost']) {
			const res = await sync.post(path, { model: 'sync-3', duration: 10 });
			expect(res.status).toBe(200);
			expect(res.body).toEqual({
				estimatedFrameCount: 300,
				estimatedGenerationCost: 1.596,
				estimatedCredits: null,
			});
		}
		expect(
			(await sync.post('/v2/generations/estimate', { model: 'lipsync-2', duration: 2, fps: 25 }))
				.body.estimatedFrameCount,
		).toBe(50);
		for (const bad of [
			{ duration: 3 },
			{ model: 'lipsync-2', duration: 0 },
			{ model: 'lipsync-2', duration: 3, fps: -1 },
			{ model: 'x', duration: 1 },
		]) {
			const res = await sync.post('/v2/generations/estimate', bad);
			expect(res.status).toBe(400);
			expect(Array.isArray(res.body.message)).toBe(true);
		}
	});

	it('GET /v2/models lists the five models', async () => {
		const res = await sync.get('/v2/models');
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

describe('POST /v2/generate as multipart (create with files)', () => {
	const videoBytes = Buffer.concat([
		Buffer.from([0, 0, 0, 16]),
		Buffer.from('ftypisom'),
		Buffer.alloc(4),
		Buffer.alloc(1000, 1),
	]);

	it('turns file parts into assets referenced by assetId, with repeated input parts', async () => {
		const form = new FormData();
		form.append('model', 'lipsync-2');
		form.append('video', new Blob([videoBytes], { type: 'video/mp4' }), 'face.mp4');
		form.append(
			'input',
			JSON.stringify({ type: 'audio', url: 'https://media.example.com/voice.wav' }),
		);
		form.append(
			'input',
			JSON.stringify({ type: 'video', url: 'https://media.example.com/ignored.mp4' }),
		);
		form.append('options', JSON.stringify({ sync_mode: 'loop' }));
		const res = await sync.form('/v2/generate', form);
		expect(res.status).toBe(201);
		const [videoItem, audioItem, ...rest] = res.body.input;
		expect(rest).toEqual([]); // the URL video lost against the file
		expect(videoItem).toMatchObject({ type: 'video', assetId: expect.any(String) });
		expect(audioItem).toEqual({ type: 'audio', url: 'https://media.example.com/voice.wav' });
		expect(res.body.options).toEqual({ sync_mode: 'loop' });
		const asset = await sync.get(`/v2/assets/${videoItem.assetId}`);
		expect(asset.body).toMatchObject({
			type: 'VIDEO',
			inputType: 'UPLOAD',
			size: videoBytes.length,
			name: 'face.mp4',
		});
		const stored = Buffer.from(await (await fetch(asset.body.url)).arrayBuffer());
		expect(stored.equals(videoBytes)).toBe(true);
		expect(emu.admin.counters()).toMatchObject({ generationsCreated: 1, assetsCreated: 1 });
	});

	it('accepts input as one JSON array string and audio as a file', async () => {
		const form = new FormData();
		form.append('model', 'lipsync-2');
		form.append('audio', new Blob([Buffer.alloc(500, 2)], { type: 'audio/wav' }), 'voice.wav');
		form.append(
			'input',
			JSON.stringify([{ type: 'video', url: 'https://media.example.com/face.mp4' }]),
		);
		form.append('webhookUrl', 'http://127.0.0.1:1/hook');
		const res = await sync.form('/v2/generate', form);
		expect(res.status).toBe(201);
		expect(res.body.input.map((i: { type: string }) => i.type).sort()).toEqual(['audio', 'video']);
		expect(res.body.webhookUrl).toBe('http://127.0.0.1:1/hook');
	});

	it('400 for invalid JSON fields or two files of one type; 413 over the size cap; no assets left', async () => {
		const badJson = new FormData();
		badJson.append('model', 'lipsync-2');
		badJson.append('options', '{nope');
		expect((await sync.form('/v2/generate', badJson)).status).toBe(400);

		const twoVideos = new FormData();
		twoVideos.append('model', 'lipsync-2');
		twoVideos.append('video', new Blob([videoBytes]), 'a.mp4');
		twoVideos.append('video', new Blob([videoBytes]), 'b.mp4');
		expect((await sync.form('/v2/generate', twoVideos)).status).toBe(400);

		emu.admin.configureSync({ multipartMaxFileBytes: 100 });
		const big = new FormData();
		big.append('model', 'lipsync-2');
		big.append('video', new Blob([videoBytes], { type: 'video/mp4' }), 'face.mp4');
		big.append(
			'input',
			JSON.stringify({ type: 'audio', url: 'https://media.example.com/voice.wav' }),
		);
		const tooBig = await sync.form('/v2/generate', big);
		expect(tooBig.status).toBe(413);
		emu.admin.configureSync({ multipartOversizeStatus: 422 });
		const planCap = await sync.form('/v2/generate', big);
		expect(planCap.status).toBe(422);
		expect(planCap.body.errorCode).toBe('file_size_exceeds_plan_limit');

		// A file with a failing body validation does not stay behind as an asset.
		emu.admin.configureSync({ multipartMaxFileBytes: 20 * 1024 * 1024 });
		const noAudio = new FormData();
		noAudio.append('model', 'lipsync-2');
		noAudio.append('video', new Blob([videoBytes], { type: 'video/mp4' }), 'face.mp4');
		expect((await sync.form('/v2/generate', noAudio)).body.errorCode).toBe(
			'generation_audio_missing',
		);
		expect(emu.admin.assets()).toEqual([]);
		expect(emu.admin.counters().generationsCreated).toBe(0);
	});

	it('replays multipart requests with the same Idempotency-Key and files', async () => {
		const build = () => {
			const form = new FormData();
			form.append('model', 'lipsync-2');
			form.append('video', new Blob([videoBytes], { type: 'video/mp4' }), 'face.mp4');
			form.append(
				'input',
				JSON.stringify({ type: 'audio', url: 'https://media.example.com/voice.wav' }),
			);
			return form;
		};
		const first = await sync.form('/v2/generate', build(), { 'Idempotency-Key': 'upload-1' });
		const second = await sync.form('/v2/generate', build(), { 'Idempotency-Key': 'upload-1' });
		expect(second.status).toBe(201);
		expect(second.body.id).toBe(first.body.id);
		expect(emu.admin.counters()).toMatchObject({ generationsCreated: 1, assetsCreated: 1 });
		expect(emu.admin.assets()).toHaveLength(1);
	});
});
