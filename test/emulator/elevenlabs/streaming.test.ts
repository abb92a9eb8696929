import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';

import { largeMp4Stream, sampleVideoMp4, splitMp3Frames } from '../media';
import { elevenLabsServerForFile } from './testServer';

/**
 * Uploads are streamed, never buffered: a ~50 MB multipart upload must not raise the process's
 * live memory anywhere near 50 MB. Client and server share this process, so the client streams
 * its body lazily too. At checkpoints the client pauses its upload, lets the server take in what
 * was sent, then runs a full GC and samples live memory: anything the server kept of the upload
 * would show there.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const UPLOAD_BYTES = 50 * 1024 * 1024;
const CHECKPOINTS = [20 * 1024 * 1024, 45 * 1024 * 1024];
/** Generous: socket and stream buffers are a few hundred KB; buffering would cost 20-45 MB. */
const MAX_GROWTH_BYTES = 12 * 1024 * 1024;

const server = elevenLabsServerForFile();

/** Live memory after a full GC. V8 sweeps freed ArrayBuffers concurrently, so wait and repeat. */
async function liveBytes(): Promise<number> {
	gc();
	await new Promise((resolve) => setTimeout(resolve, 20));
	gc();
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.arrayBuffers;
}

interface UploadResult {
	status: number;
	contentType: string | undefined;
	body: Buffer;
	/** Live memory growth over the baseline at each checkpoint. */
	growth: number[];
}

/** Streams a multipart body holding one padded MP4 of `videoBytes`, sampling memory meanwhile. */
async function streamUpload(videoBytes: number): Promise<UploadResult> {
	const boundary = `----emulator${randomBytes(8).toString('hex')}`;
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="videos"; filename="big.mp4"\r\n` +
			'Content-Type: video/mp4\r\n\r\n',
	);
	const tail = Buffer.from(
		`\r\n--${boundary}\r\nContent-Disposition: form-data; name="model_id"\r\n\r\nmusic_v2\r\n` +
			`--${boundary}--\r\n`,
	);
	const baseline = await liveBytes();
	const growth: number[] = [];
	async function* body(): AsyncGenerator<Buffer> {
		yield head;
		let sent = 0;
		const checkpoints = [...CHECKPOINTS];
		for await (const chunk of largeMp4Stream(videoBytes)) {
			yield chunk as Buffer;
			sent += (chunk as Buffer).length;
			if (checkpoints.length > 0 && sent >= checkpoints[0]) {
				checkpoints.shift();
				// Paused here: give the server time to consume what is in flight, then measure.
				await new Promise((resolve) => setTimeout(resolve, 100));
				growth.push((await liveBytes()) - baseline);
			}
		}
		yield tail;
	}

	const url = new URL(`${server.baseUrl}/v1/music/video-to-music`);
	const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
		const req = http.request(url, {
			method: 'POST',
			headers: {
				'xi-api-key': 'sk_test_el_creator',
				'Content-Type': `multipart/form-data; boundary=${boundary}`,
				'Content-Length': head.length + videoBytes + tail.length,
			},
		});
		req.on('response', resolve);
		req.on('error', reject);
		pipeline(Readable.from(body()), req).catch(reject);
	});
	const chunks: Buffer[] = [];
	for await (const chunk of response) chunks.push(chunk as Buffer);
	return {
		status: response.statusCode ?? 0,
		contentType: response.headers['content-type'],
		body: Buffer.concat(chunks),
		growth,
	};
}

it('a 50 MB upload is probed on the fly: 200 with music, memory stays flat', async () => {
	const result = await streamUpload(UPLOAD_BYTES);
	expect(result.status).toBe(200);
	expect(result.contentType).toBe('audio/mpeg');
	const { header, frames } = splitMp3Frames(result.body);
	// The padded MP4 keeps the fixture's moov: 4 s of video → 4 s of music.
	expect((frames.length * header.samplesPerFrame) / header.sampleRate).toBeCloseTo(4, 1);
	expect(result.growth).toHaveLength(CHECKPOINTS.length);
	for (const growth of result.growth) expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
	expect(server.counters.musicGenerations).toBe(1);
}, 60_000);

it('an upload over the size limit is drained, answered 422, and not buffered either', async () => {
	server.config.maxTotalBytes = 20 * 1024 * 1024;
	const result = await streamUpload(UPLOAD_BYTES);
	expect(result.status).toBe(422);
	expect(JSON.parse(result.body.toString())).toEqual({
		detail: {
			status: 'invalid_parameters',
			message: 'The total size of the videos must not exceed 20MB.',
		},
	});
	for (const growth of result.growth) expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
	expect(sampleVideoMp4().length).toBeLessThan(server.config.maxTotalBytes);
}, 60_000);
