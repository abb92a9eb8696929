import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { downloadFromLoopback, isLoopbackUrl } from '../loopbackDownload';
import { largeMp4Stream, sampleVideo2Mp4, sampleVideoMp4 } from '../media';
import { inspectMoov, inspectMp4File, timedTexts } from '../media/mp4Inspect';
import { emulatorForFile, request, syncClient, waitForTerminal, waitUntil } from '../testkit';

/**
 * Loopback URL inputs: only 127.0.0.0/8 is fetched, within time and size limits; a generation
 * completes only once its output is built, and batch children get their own outputs too.
 */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 10, processingMs: 30, batchPendingMs: 10 } },
});
let media: http.Server;
let mediaUrl: string;
/** Milliseconds the media server waits before answering. */
let mediaDelayMs = 0;

beforeAll(async () => {
	media = http.createServer((_req, res) => {
		setTimeout(() => res.end(sampleVideo2Mp4()), mediaDelayMs);
	});
	await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
	mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
});
afterAll(async () => {
	media.closeAllConnections();
	await new Promise((resolve) => media.close(resolve));
});
beforeEach(() => (mediaDelayMs = 0));

function dub(url: string, targetLang = 'es') {
	return { model: 'lipsync-2', input: [{ type: 'video', url }], dubParams: { targetLang } };
}

async function outputOf(url: string): Promise<Buffer> {
	return Buffer.from(await (await fetch(url)).arrayBuffer());
}

describe('loopback downloads', () => {
	it('accepts only http(s) on 127.0.0.0/8', () => {
		expect(isLoopbackUrl('http://127.0.0.1:9/a.mp4')).toBe(true);
		expect(isLoopbackUrl('https://127.45.6.7/a.mp4')).toBe(true);
		expect(isLoopbackUrl('http://localhost/a.mp4')).toBe(false);
		expect(isLoopbackUrl('http://10.0.0.1/a.mp4')).toBe(false);
		expect(isLoopbackUrl('https://media.example.com/127.0.0.1.mp4')).toBe(false);
		expect(isLoopbackUrl('ftp://127.0.0.1/a.mp4')).toBe(false);
		expect(isLoopbackUrl('not a url')).toBe(false);
	});

	it('stops at the size and time limits and leaves no file behind', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'loopback-'));
		try {
			const target = path.join(dir, 'input.mp4');
			const whole = path.join(dir, 'whole.mp4');
			const url = `${mediaUrl}/v.mp4`;
			const size = sampleVideo2Mp4().length;
			expect(await downloadFromLoopback(url, whole, { timeoutMs: 5000, maxBytes: size })).toBe(
				size,
			);
			expect(await downloadFromLoopback(url, target, { timeoutMs: 5000, maxBytes: 1000 })).toBe(
				undefined,
			);
			expect(existsSync(target)).toBe(false);
			mediaDelayMs = 500;
			expect(await downloadFromLoopback(url, target, { timeoutMs: 50, maxBytes: size })).toBe(
				undefined,
			);
			expect(existsSync(target)).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('keeps a generation PROCESSING until its output is built', async () => {
		mediaDelayMs = 400;
		const created = await ctx.sync.post('/v2/generate', dub(`${mediaUrl}/slow.mp4`));
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await ctx.sync.get(`/v2/generate/${created.body.id}`)).body.status).toBe('PROCESSING');
		const done = await waitForTerminal(ctx.emu, created.body.id);
		expect(done.body.status).toBe('COMPLETED');
		expect(done.body.outputDuration).toBeCloseTo(2.52, 2);
		const file = await outputOf(done.body.outputUrl);
		expect(inspectMp4File(file)!.title).toBe('slow.mp4 · dubbed into Spanish (es)');
	});

	it('uses the canned clip when the input is over inputFetchMaxBytes', async () => {
		ctx.emu.admin.configureSync({ inputFetchMaxBytes: 1000 });
		const created = await syncClient(ctx.emu).post('/v2/generate', dub(`${mediaUrl}/big.mp4`));
		const done = await waitForTerminal(ctx.emu, created.body.id);
		expect(done.body.outputDuration).toBeCloseTo(4, 2);
		const file = await outputOf(done.body.outputUrl);
		expect(inspectMp4File(file)!.comment).toContain(
			"canned clip (big.mp4: out of the emulator's reach)",
		);
	});
});

describe('big inputs', () => {
	it('streams a 128 MB upload into its output without holding it in memory', async () => {
		const total = 128 * 1024 * 1024;
		const target = await ctx.sync.post('/v2/assets/upload', {
			fileName: 'big.mp4',
			contentType: 'video/mp4',
			size: total,
		});
		await new Promise<void>((resolve, reject) => {
			const put = http.request(target.body.uploadUrl, {
				method: 'PUT',
				headers: { 'content-type': 'video/mp4', 'content-length': total },
			});
			put.on('response', (res) => (res.statusCode === 200 ? resolve() : reject(res.statusCode)));
			put.on('error', reject);
			largeMp4Stream(total, sampleVideoMp4()).pipe(put);
		});
		const asset = await ctx.sync.post('/v2/assets', { url: target.body.url, type: 'VIDEO' });
		const gen = await ctx.sync.post('/v2/generate', {
			...dub('unused', 'ja'),
			input: [{ type: 'video', assetId: asset.body.id }],
		});
		const done = await waitForTerminal(ctx.emu, gen.body.id);
		const before = process.memoryUsage().rss;
		const res = await fetch(done.body.outputUrl);
		let received = 0;
		let head = Buffer.alloc(0);
		for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
			if (head.length < 8192) head = Buffer.concat([head, chunk]);
			received += chunk.length;
		}
		expect(received).toBeGreaterThan(total);
		expect(received).toBe(Number(res.headers.get('content-length')));
		// ftyp (32 bytes), then the rewritten moov: the first chunk already names the job.
		const moov = head.subarray(32, 32 + head.readUInt32BE(32));
		expect(inspectMoov(moov)!.title).toBe('big.mp4 · dubbed into Japanese (ja)');
		expect(process.memoryUsage().rss - before).toBeLessThan(total / 2);
	});
});

describe('batch outputs', () => {
	it('gives every child its own labelled video', async () => {
		const languages = ['es', 'fr', 'de', 'it', 'pt'];
		const lines = Array.from({ length: 20 }, (_, i) =>
			JSON.stringify({
				request_id: `req-${i}`,
				endpoint: '/v2/generate',
				payload: dub(`${mediaUrl}/clip-${i}.mp4`, languages[i % languages.length]),
			}),
		);
		const form = new FormData();
		form.append('input', new Blob([lines.join('\n')], { type: 'application/jsonl' }), 'in.jsonl');
		const created = await syncClient(ctx.emu, 'sk_test_sync_scale').form('/v2/batch', form);
		expect(created.status).toBe(201);
		await waitUntil(
			() =>
				ctx.emu.admin.generations().length === 20 &&
				ctx.emu.admin.generations().every((gen) => gen.status === 'COMPLETED'),
			10_000,
		);
		const files = await Promise.all(
			ctx.emu.admin
				.generations()
				.map(async (gen) => ({ gen, file: await outputOf(gen.outputUrl!) })),
		);
		expect(new Set(files.map(({ file }) => file.toString('base64'))).size).toBe(20);
		for (const { gen, file } of files) {
			const movie = inspectMp4File(file)!;
			expect(movie.durationSeconds).toBeCloseTo(2.52, 2);
			const [text] = timedTexts(file, movie);
			expect(text).toContain(`(${(gen.dubParams as { targetLang: string }).targetLang})`);
			expect(text).toContain(`generation ${gen.id}`);
		}
		const result = await request(`${ctx.emu.syncBaseUrl}/v2/batches/${created.body.id}/result`);
		expect(result.status).toBe(200);
	});
});
