import { emulatorForFile } from '../testkit';

/** `POST /v2/generate` as multipart/form-data: files become assets, Idempotency-Key replays. */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
});
beforeEach(() => ctx.emu.admin.configureSync({ concurrencyByPlan: { creator: 100 } as never }));

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
		const res = await ctx.sync.form('/v2/generate', form);
		expect(res.status).toBe(201);
		const [videoItem, audioItem, ...rest] = res.body.input;
		expect(rest).toEqual([]); // the URL video lost against the file
		expect(videoItem).toMatchObject({ type: 'video', assetId: expect.any(String) });
		expect(audioItem).toEqual({ type: 'audio', url: 'https://media.example.com/voice.wav' });
		expect(res.body.options).toEqual({ sync_mode: 'loop' });
		const asset = await ctx.sync.get(`/v2/assets/${videoItem.assetId}`);
		expect(asset.body).toMatchObject({
			type: 'VIDEO',
			inputType: 'UPLOAD',
			size: videoBytes.length,
			name: 'face.mp4',
		});
		const stored = Buffer.from(await (await fetch(asset.body.url)).arrayBuffer());
		expect(stored.equals(videoBytes)).toBe(true);
		expect(ctx.emu.admin.counters()).toMatchObject({ generationsCreated: 1, assetsCreated: 1 });
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
		const res = await ctx.sync.form('/v2/generate', form);
		expect(res.status).toBe(201);
		expect(res.body.input.map((i: { type: string }) => i.type).sort()).toEqual(['audio', 'video']);
		expect(res.body.webhookUrl).toBe('http://127.0.0.1:1/hook');
	});

	it('400 for invalid JSON fields or two files of one type; 413 over the size cap; no assets left', async () => {
		const badJson = new FormData();
		badJson.append('model', 'lipsync-2');
		badJson.append('options', '{nope');
		expect((await ctx.sync.form('/v2/generate', badJson)).status).toBe(400);

		const twoVideos = new FormData();
		twoVideos.append('model', 'lipsync-2');
		twoVideos.append('video', new Blob([videoBytes]), 'a.mp4');
		twoVideos.append('video', new Blob([videoBytes]), 'b.mp4');
		expect((await ctx.sync.form('/v2/generate', twoVideos)).status).toBe(400);

		ctx.emu.admin.configureSync({ multipartMaxFileBytes: 100 });
		const big = new FormData();
		big.append('model', 'lipsync-2');
		big.append('video', new Blob([videoBytes], { type: 'video/mp4' }), 'face.mp4');
		big.append(
			'input',
			JSON.stringify({ type: 'audio', url: 'https://media.example.com/voice.wav' }),
		);
		const tooBig = await ctx.sync.form('/v2/generate', big);
		expect(tooBig.status).toBe(413);
		ctx.emu.admin.configureSync({ multipartOversizeStatus: 422 });
		const planCap = await ctx.sync.form('/v2/generate', big);
		expect(planCap.status).toBe(422);
		expect(planCap.body.errorCode).toBe('file_size_exceeds_plan_limit');

		// A file with a failing body validation does not stay behind as an asset.
		ctx.emu.admin.configureSync({ multipartMaxFileBytes: 20 * 1024 * 1024 });
		const noAudio = new FormData();
		noAudio.append('model', 'lipsync-2');
		noAudio.append('video', new Blob([videoBytes], { type: 'video/mp4' }), 'face.mp4');
		expect((await ctx.sync.form('/v2/generate', noAudio)).body.errorCode).toBe(
			'generation_audio_missing',
		);
		expect(ctx.emu.admin.assets()).toEqual([]);
		expect(ctx.emu.admin.counters().generationsCreated).toBe(0);
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
		const first = await ctx.sync.form('/v2/generate', build(), { 'Idempotency-Key': 'upload-1' });
		const second = await ctx.sync.form('/v2/generate', build(), { 'Idempotency-Key': 'upload-1' });
		expect(second.status).toBe(201);
		expect(second.body.id).toBe(first.body.id);
		expect(ctx.emu.admin.counters()).toMatchObject({ generationsCreated: 1, assetsCreated: 1 });
		expect(ctx.emu.admin.assets()).toHaveLength(1);
	});
});
