import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { lipsyncOutputMp4, sampleVideo2Mp4, sampleVideoMp4 } from '../media';
import { readMovie, timedTexts } from '../media/mp4Inspect';
import {
	audioUrl,
	emulatorForFile,
	lipsyncBody,
	waitForTerminal,
	type LooseJson,
} from '../testkit';

/**
 * Each completed generation serves its own video: the input (uploaded, multipart or on
 * loopback) with a subtitle track and title naming model, language and generation; the canned
 * clip, labelled the same way, when the input is out of reach.
 */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
});

/** Presigned upload + asset registration, as the Sync Dub node does. */
async function uploadVideo(bytes: Buffer, fileName: string): Promise<string> {
	const target = await ctx.sync.post('/v2/assets/upload', {
		fileName,
		contentType: 'video/mp4',
		size: bytes.length,
	});
	const put = await fetch(target.body.uploadUrl, {
		method: 'PUT',
		headers: { 'content-type': 'video/mp4' },
		body: bytes,
	});
	expect(put.status).toBe(200);
	const asset = await ctx.sync.post('/v2/assets', { url: target.body.url, type: 'VIDEO' });
	expect(asset.status).toBe(201);
	return asset.body.id as string;
}

async function completed(body: Record<string, unknown>): Promise<LooseJson> {
	const created = await ctx.sync.post('/v2/generate', body);
	expect(created.status).toBe(201);
	const done = await waitForTerminal(ctx.emu, created.body.id);
	expect(done.body.status).toBe('COMPLETED');
	return done.body;
}

function dubBody(video: Record<string, unknown>, targetLang = 'es') {
	return { model: 'lipsync-2', input: [{ type: 'video', ...video }], dubParams: { targetLang } };
}

async function download(url: string): Promise<Buffer> {
	const res = await fetch(url);
	expect(res.status).toBe(200);
	return Buffer.from(await res.arrayBuffer());
}

/** The output's picture and sound are the input's: same samples, byte for byte. */
function expectMediaOf(input: Buffer, output: Buffer): void {
	const source = readMovie(input).tracks;
	const result = readMovie(output).tracks;
	expect(result).toHaveLength(source.length + 1);
	source.forEach((track, i) => {
		const bytes = (file: Buffer, samples: typeof track.samples) =>
			Buffer.concat(samples.map((s) => file.subarray(s.offset, s.offset + s.size)));
		expect(bytes(output, result[i].samples).equals(bytes(input, track.samples))).toBe(true);
	});
}

describe('output video of a generation', () => {
	it('is the uploaded input, labelled with model, language and generation', async () => {
		const input = sampleVideo2Mp4();
		const assetId = await uploadVideo(input, 'interview.mp4');
		const gen = await completed(dubBody({ assetId }, 'es'));
		expect(gen.outputDuration).toBeCloseTo(2.52, 2);
		const file = await download(gen.outputUrl);
		const movie = readMovie(file);
		expect(movie.durationSeconds).toBeCloseTo(2.52, 2);
		expect(movie.tracks.map((t) => t.codec)).toEqual(['avc1', 'mp4a', 'tx3g']);
		expect(movie.tracks[2].enabled).toBe(true);
		const text = [
			'Sync Labs emulator · lipsync-2',
			'dubbed into Spanish (es)',
			'from interview.mp4',
			`generation ${gen.id}`,
		];
		expect(timedTexts(file, movie)).toEqual([text.join('\n')]);
		expect(movie.title).toBe('interview.mp4 · dubbed into Spanish (es)');
		expect(movie.comment).toBe(text.join(' · '));
		expectMediaOf(input, file);
	});

	it('serves the same bytes on every request (HEAD, Range) and other bytes for other jobs', async () => {
		const assetId = await uploadVideo(sampleVideoMp4(), 'face.mp4');
		const es = await completed(dubBody({ assetId }, 'es'));
		const first = await download(es.outputUrl);
		expect((await download(es.outputUrl)).equals(first)).toBe(true);
		const head = await fetch(es.outputUrl, { method: 'HEAD' });
		expect(Number(head.headers.get('content-length'))).toBe(first.length);
		const part = await fetch(es.outputUrl, { headers: { range: 'bytes=100-4099' } });
		expect(part.status).toBe(206);
		expect(Buffer.from(await part.arrayBuffer()).equals(first.subarray(100, 4100))).toBe(true);

		const fr = await download((await completed(dubBody({ assetId }, 'fr'))).outputUrl);
		const esAgain = await download((await completed(dubBody({ assetId }, 'es'))).outputUrl);
		expect(fr.equals(first)).toBe(false);
		expect(esAgain.equals(first)).toBe(false); // another generation id
		expect(timedTexts(fr, readMovie(fr))[0]).toContain('dubbed into French (fr)');
	});

	it('uses a multipart video file, and an earlier output given as input', async () => {
		const form = new FormData();
		form.append('model', 'lipsync-2');
		form.append('video', new Blob([sampleVideoMp4()], { type: 'video/mp4' }), 'talk.mp4');
		form.append('input', JSON.stringify({ type: 'audio', url: audioUrl }));
		const created = await ctx.sync.form('/v2/generate', form);
		expect(created.status).toBe(201);
		const lipsync = (await waitForTerminal(ctx.emu, created.body.id)).body;
		const file = await download(lipsync.outputUrl);
		expect(timedTexts(file, readMovie(file))[0]).toBe(
			`Sync Labs emulator · lipsync-2\nlip-synced to voice.wav\nfrom talk.mp4\ngeneration ${lipsync.id}`,
		);
		expectMediaOf(sampleVideoMp4(), file);

		const chained = await completed(dubBody({ url: lipsync.outputUrl }, 'de'));
		const second = await download(chained.outputUrl);
		expect(readMovie(second).tracks.map((t) => t.codec)).toEqual(['avc1', 'mp4a', 'tx3g', 'tx3g']);
		expect(timedTexts(second, readMovie(second))[1]).toContain('dubbed into German (de)');
		expect(ctx.emu.admin.counters().requests['GET /storage/outputs/:name']).toBe(2);
	});

	it('downloads a loopback URL input; other URLs and images get the labelled canned clip', async () => {
		const video = sampleVideo2Mp4();
		const server = http.createServer((_req, res) => res.end(video));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const local = await completed(dubBody({ url: `http://127.0.0.1:${port}/clips/local.mp4` }));
			const file = await download(local.outputUrl);
			expectMediaOf(video, file);
			expect(readMovie(file).title).toBe('local.mp4 · dubbed into Spanish (es)');
		} finally {
			server.close();
		}
		const remote = await completed(lipsyncBody());
		const canned = await download(remote.outputUrl);
		expectMediaOf(lipsyncOutputMp4(), canned);
		expect(remote.outputDuration).toBeCloseTo(4, 2);
		expect(timedTexts(canned, readMovie(canned))[0]).toContain(
			"from canned clip (face.mp4: out of the emulator's reach)",
		);
		const image = await completed({
			model: 'sync-3',
			input: [
				{ type: 'image', url: 'https://media.example.com/a.png' },
				{ type: 'audio', url: audioUrl },
			],
		});
		const still = await download(image.outputUrl);
		expect(readMovie(still).comment).toContain('from canned clip (no input video)');
	});

	it('falls back to the canned clip for an upload that is not an MP4', async () => {
		const assetId = await uploadVideo(Buffer.from('definitely not a video'), 'notes.mp4');
		const file = await download((await completed(dubBody({ assetId }))).outputUrl);
		expectMediaOf(lipsyncOutputMp4(), file);
		expect(readMovie(file).comment).toContain('canned clip (notes.mp4: not a readable MP4 video)');
	});

	it("serves exactly the committed clip with outputVideo: 'canned'", async () => {
		ctx.emu.admin.configureSync({ outputVideo: 'canned' });
		const assetId = await uploadVideo(sampleVideoMp4(), 'face.mp4');
		const file = await download((await completed(dubBody({ assetId }))).outputUrl);
		expect(file.equals(lipsyncOutputMp4())).toBe(true);
	});

	it('pads to largeOutputBytes, falling back to the canned clip when the input is bigger', async () => {
		const assetId = await uploadVideo(sampleVideoMp4(), 'face.mp4');
		ctx.emu.admin.configureSync({ largeOutputBytes: 1024 * 1024 });
		const padded = await download((await completed(dubBody({ assetId }))).outputUrl);
		expect(padded.length).toBe(1024 * 1024);
		expectMediaOf(sampleVideoMp4(), padded);
		expect(readMovie(padded).comment).toContain('from face.mp4');

		// 40 kB: room for the labelled canned clip (33 kB), not for this 47 kB input.
		const bigger = await uploadVideo(sampleVideo2Mp4(), 'long.mp4');
		ctx.emu.admin.configureSync({ largeOutputBytes: 40_000 });
		const small = await download((await completed(dubBody({ assetId: bigger }))).outputUrl);
		expect(small.length).toBe(40_000);
		expectMediaOf(lipsyncOutputMp4(), small);
		expect(readMovie(small).comment).toContain(
			'canned clip (long.mp4: larger than largeOutputBytes)',
		);
	});
});
