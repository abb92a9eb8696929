import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

import { largeMp4Stream } from '../../emulator/media';
import { emulatorForFile } from '../../emulator/testkit';
import { SAMPLE_VIDEO } from './setup';

/**
 * Streaming upload, measured: the node runs in a fresh child process once with the 32 KB sample
 * video and once with a 180 MB video, and the growth of the child's peak memory while the node
 * ran must stay far below the file size (a buffered upload would add at least 180 MB).
 */

const run = promisify(execFile);
const MB = 1024 * 1024;
const BIG_BYTES = 180 * MB;
const CHILD = join(__dirname, 'memory.child.ts');

interface ChildReport {
	error?: string;
	inputBytes: number;
	outputBytes: number;
	maxRss: number;
	growth: { rss: number; arrayBuffers: number; heapUsed: number };
}

// Counters add up over the file's tests.
const emulated = emulatorForFile({}, { resetBeforeEach: false });
let tmp: string;

beforeAll(async () => {
	tmp = await mkdtemp(join(tmpdir(), 'v2m-memory-'));
});

afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

async function measure(videoPath: string): Promise<ChildReport> {
	const { stdout } = await run(
		process.execPath,
		[
			'--expose-gc',
			'--import',
			'tsx',
			CHILD,
			emulated.emu.elevenLabsBaseUrl,
			emulated.emu.elevenLabsApiKey,
			videoPath,
		],
		{ cwd: join(__dirname, '..', '..', '..'), maxBuffer: 1024 * 1024 },
	);
	return JSON.parse(stdout) as ChildReport;
}

it('uploads a 180 MB video with flat memory (child-process RSS and buffers measured)', async () => {
	const big = join(tmp, 'big.mp4');
	await pipeline(largeMp4Stream(BIG_BYTES), createWriteStream(big));

	const small = await measure(SAMPLE_VIDEO);
	const large = await measure(big);
	for (const report of [small, large]) {
		expect(report.error).toBeUndefined();
		// 4 s of 8 kHz PCM: the emulator read the whole upload and its MP4 header.
		expect(report.outputBytes).toBe(64000);
	}
	expect(large.inputBytes).toBe(BIG_BYTES);
	expect(emulated.emu.admin.counters().musicGenerations).toBe(2);

	// Printed so that a regression shows its size, not just "failed".
	const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
	process.stdout.write(
		`peak RSS small ${mb(small.maxRss)}, 180 MB ${mb(large.maxRss)}; growth while the node ran with 180 MB: ` +
			`rss ${mb(large.growth.rss)}, arrayBuffers ${mb(large.growth.arrayBuffers)}, heap ${mb(large.growth.heapUsed)}\n`,
	);
	// Buffering the upload would add at least the file size (180 MB) to each of these.
	expect(large.maxRss - small.maxRss).toBeLessThan(60 * MB);
	expect(large.growth.rss).toBeLessThan(60 * MB);
	// Chunks already sent wait for the garbage collector for a while, hence some slack.
	expect(large.growth.arrayBuffers).toBeLessThan(64 * MB);
	expect(large.growth.heapUsed).toBeLessThan(32 * MB);
}, 60_000);
