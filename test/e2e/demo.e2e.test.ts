/**
 * @jest-environment ./test/e2e/environment.ts
 */
// `npm run demo -- --no-wait` works from start to end, as the README's first command: it starts
// its own emulator and n8n (on free ports here), runs every example, leaves playable media in the
// output folder, and stops everything it started. The media is checked here by its own bytes, not
// by the demo's report.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { exampleFiles } from './lib/examples';
import { processGuardScript, repoRoot } from './lib/paths';
import { getFreePort, groupMembers, stopGroup } from './lib/processes';
import { defaultE2eTarget } from './lib/targets';

const DEMO_TIMEOUT_MS = 150_000;
jest.setTimeout(DEMO_TIMEOUT_MS + 30_000);

interface DemoResults {
	n8nUrl: string;
	emulatorUrl: string;
	results: Array<{
		file: string;
		ok: boolean;
		error?: string;
		files: Array<{ path: string; size: number; kind: string }>;
		notifications: Array<{ method: string; path: string; body: unknown }>;
	}>;
}

const isMp4 = (bytes: Buffer) => bytes.subarray(4, 8).toString('latin1') === 'ftyp';
// An ID3v2 tag, or an MPEG audio frame header (11 sync bits) right at the start.
const isMp3 = (bytes: Buffer) =>
	bytes.subarray(0, 3).toString('latin1') === 'ID3' ||
	(bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0);

/** Live processes whose environment has `name=value` (n8n gets its port as N8N_PORT). */
function processesWithEnv(name: string, value: string): number[] {
	const needle = `${name}=${value}\0`;
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				return `${readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`.includes(`\0${needle}`);
			} catch {
				return false; // Gone, or not ours to read.
			}
		})
		.map(Number);
}

async function portAnswers(url: string): Promise<boolean> {
	try {
		await fetch(url, { signal: AbortSignal.timeout(2_000) });
		return true;
	} catch {
		return false;
	}
}

// The demo runs the default target's n8n (the oldest); jest.config.js runs this file only there.
describe(`npm run demo -- --no-wait (${defaultE2eTarget().label})`, () => {
	let outputDir: string;
	let run: { code: number | null; output: string; pgid: number };
	let n8nPort: number;
	let emulatorPort: number;

	beforeAll(async () => {
		outputDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-demo-test-'));
		n8nPort = await getFreePort();
		emulatorPort = await getFreePort();
		// Under the process guard: if jest dies, the demo (and through it n8n) goes too.
		const child = spawn(
			process.execPath,
			[processGuardScript, String(process.pid), 'bash', 'scripts/demo.sh', '--no-wait'],
			{
				cwd: repoRoot,
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
				env: {
					...process.env,
					DEMO_PORT: String(n8nPort),
					DEMO_EMULATOR_PORT: String(emulatorPort),
					DEMO_OUTPUT_DIR: outputDir,
					// Global setup has just built dist/; building again could race with other files.
					E2E_SKIP_BUILD: '1',
				},
			},
		);
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		const timer = setTimeout(() => void stopGroup(child.pid!, 5_000), DEMO_TIMEOUT_MS);
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearTimeout(timer);
		run = { code, output, pgid: child.pid! };
	});

	const readReport = () =>
		JSON.parse(readFileSync(path.join(outputDir, 'results.json'), 'utf8')) as DemoResults;

	afterAll(() => {
		if (outputDir) rmSync(outputDir, { recursive: true, force: true });
	});

	it('exits 0 and reports every example as ok', () => {
		if (run.code !== 0) throw new Error(`demo exited ${run.code}:\n${run.output}`);
		const report = readReport();
		expect(report.n8nUrl).toBe(`http://127.0.0.1:${n8nPort}`);
		expect(report.results.map((result) => result.file)).toEqual(exampleFiles());
		for (const result of report.results) {
			expect({ file: result.file, ok: result.ok, error: result.error }).toEqual({
				file: result.file,
				ok: true,
				error: undefined,
			});
		}
	});

	it('leaves playable media: dubbed and lip-synced MP4s, the soundtrack MP3', () => {
		const report = readReport();
		const files = report.results.flatMap((result) => result.files.map((file) => file.path));
		for (const file of files) {
			expect(path.relative(outputDir, file).startsWith('..')).toBe(false);
			expect(statSync(file).size).toBeGreaterThan(1_000);
		}
		const bytesOf = (file: string) => readFileSync(file);
		const videos = files.filter((file) => file.endsWith('.mp4'));
		const soundtracks = files.filter((file) => file.endsWith('.mp3'));
		// 01 and 02 one video each, 04b one, 05 one per input video (two), 06 two languages.
		expect(videos.length).toBeGreaterThanOrEqual(7);
		// 03's and 06's.
		expect(soundtracks).toHaveLength(2);
		// Named in the objects so that a failure says which file is wrong.
		for (const video of videos) {
			expect({ video, mp4: isMp4(bytesOf(video)) }).toEqual({ video, mp4: true });
		}
		for (const track of soundtracks) {
			expect({ track, mp3: isMp3(bytesOf(track)) }).toEqual({ track, mp3: true });
		}
		const byExample = (prefix: string) =>
			report.results.find((result) => result.file.startsWith(prefix))?.files ?? [];
		expect(byExample('01-')).toHaveLength(1);
		expect(byExample('03-')).toEqual([expect.objectContaining({ kind: 'MP3' })]);
		expect(
			byExample('05-')
				.map((file) => path.basename(file.path))
				.sort(),
		).toEqual(['sample-video-2-de.mp4', 'sample-video-de.mp4']);
		// Two of three languages within the budget, and the soundtrack.
		expect(
			byExample('06-')
				.map((file) => path.basename(file.path))
				.sort(),
		).toEqual(['sample-video-es.mp4', 'sample-video-fr.mp4', 'sample-video-soundtrack.mp3']);
	});

	it("delivered the examples' notifications to its inbox", () => {
		const report = readReport();
		const notified = report.results.find((result) => result.file.startsWith('01-'))?.notifications;
		expect(notified).toEqual([
			expect.objectContaining({
				method: 'POST',
				body: expect.objectContaining({ event: 'video.dubbed' }),
			}),
		]);
	});

	it('says that n8n has stopped instead of offering an editor URL and login', () => {
		expect(run.output).toContain('--no-wait: n8n and the emulator have stopped');
		expect(run.output).not.toMatch(/login\s+owner@e2e\.test/);
		expect(run.output).not.toContain(`n8n editor   http://127.0.0.1:${n8nPort}`);
	});

	it('stopped everything it started', async () => {
		expect(groupMembers(run.pgid)).toEqual([]);
		expect(processesWithEnv('N8N_PORT', String(n8nPort))).toEqual([]);
		expect(await portAnswers(`http://127.0.0.1:${n8nPort}/healthz`)).toBe(false);
		expect(await portAnswers(`http://127.0.0.1:${emulatorPort}/`)).toBe(false);
	});
});
