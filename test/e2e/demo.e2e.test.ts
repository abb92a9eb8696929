/**
 * @jest-environment ./test/e2e/environment.ts
 */
// `npm run demo -- --no-wait` works from start to end, as the README's first command: it starts
// its own emulator, bucket, mail server and n8n (on free ports here), runs every example, leaves
// playable media in the bucket (copied to the output folder), mails go to the inbox, and it stops
// everything it started. The media is checked here by its own bytes, not by the demo's report.
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
	bucketUrl: string;
	inboxUrl: string;
	results: Array<{
		file: string;
		ok: boolean;
		error?: string;
		files: Array<{ path: string; size: number; kind: string }>;
		stored: Array<{ key: string; size: number; kind: string }>;
		mails: Array<{ subject: string; to: string[] }>;
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
	let ports: Record<'n8n' | 'emulator' | 's3' | 'smtp' | 'inbox', number>;

	beforeAll(async () => {
		outputDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-demo-test-'));
		ports = {
			n8n: await getFreePort(),
			emulator: await getFreePort(),
			s3: await getFreePort(),
			smtp: await getFreePort(),
			inbox: await getFreePort(),
		};
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
					DEMO_PORT: String(ports.n8n),
					DEMO_EMULATOR_PORT: String(ports.emulator),
					DEMO_S3_PORT: String(ports.s3),
					DEMO_SMTP_PORT: String(ports.smtp),
					DEMO_INBOX_PORT: String(ports.inbox),
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
		expect(report.n8nUrl).toBe(`http://127.0.0.1:${ports.n8n}`);
		expect(report.inboxUrl).toBe(`http://127.0.0.1:${ports.inbox}`);
		expect(report.bucketUrl).toBe(`http://127.0.0.1:${ports.s3}/videos`);
		expect(report.results.map((result) => result.file)).toEqual(exampleFiles());
		for (const result of report.results) {
			expect({ file: result.file, ok: result.ok, error: result.error }).toEqual({
				file: result.file,
				ok: true,
				error: undefined,
			});
		}
	});

	it('leaves playable media in the bucket (and its copy) and on disk', () => {
		const report = readReport();
		const bucketCopy = path.join(outputDir, 'bucket');
		const stored = report.results.flatMap((result) => result.stored.map((object) => object.key));
		const disk = report.results.flatMap((result) => result.files.map((file) => file.path));
		const files = [...stored.map((key) => path.join(bucketCopy, key)), ...disk];
		for (const file of files) expect(statSync(file).size).toBeGreaterThan(1_000);
		const videos = files.filter((file) => file.endsWith('.mp4'));
		const soundtracks = files.filter((file) => file.endsWith('.mp3'));
		// 01 and 02 one video each, 04b one, 05 one per input video (two), 06 two languages.
		expect(videos).toHaveLength(7);
		// 03's and 06's.
		expect(soundtracks).toHaveLength(2);
		// Named in the objects so that a failure says which file is wrong.
		for (const video of videos) {
			expect({ video, mp4: isMp4(readFileSync(video)) }).toEqual({ video, mp4: true });
		}
		for (const track of soundtracks) {
			expect({ track, mp3: isMp3(readFileSync(track)) }).toEqual({ track, mp3: true });
		}
		// Each dub is its own video: no two stored videos are the same bytes.
		const storedVideos = videos.filter((file) => file.startsWith(bucketCopy));
		const distinct = new Set(storedVideos.map((file) => readFileSync(file).toString('base64')));
		expect(distinct.size).toBe(storedVideos.length);
		const keysOf = (prefix: string) =>
			report.results.find((result) => result.file.startsWith(prefix))?.stored.map((o) => o.key);
		expect(keysOf('01-')).toEqual(['dubbed/sample-video-es.mp4']);
		expect(keysOf('04b-')).toEqual([expect.stringMatching(/^finished\/[0-9a-f-]{36}\.mp4$/)]);
		expect(keysOf('05-')).toEqual(['dubbed/sample-video-2-de.mp4', 'dubbed/sample-video-de.mp4']);
		// Two of three languages within the budget, and the soundtrack.
		expect(keysOf('06-')).toEqual([
			'localised/sample-video-es.mp4',
			'localised/sample-video-fr.mp4',
			'localised/sample-video-soundtrack.mp3',
		]);
		const byExample = (prefix: string) =>
			report.results.find((result) => result.file.startsWith(prefix))?.files ?? [];
		expect(byExample('03-')).toEqual([expect.objectContaining({ kind: 'MP3' })]);
	});

	it('mailed each bucket example once, to its recipient', () => {
		const mails = readReport().results.flatMap((result) => result.mails);
		expect(mails.map((mail) => [mail.to, mail.subject.replace(/[0-9a-f-]{36}/, '<id>')])).toEqual([
			[['video-team+01@example.com'], 'Dubbed into Spanish: incoming/sample-video.mp4'],
			[['video-team+04b@example.com'], 'Video ready: generation <id>'],
			[['video-team+05@example.com'], '2 videos dubbed into de'],
			[['video-team+06@example.com'], 'Localised: incoming/sample-video.mp4'],
		]);
	});

	it('says that n8n has stopped instead of offering an editor URL and login', () => {
		expect(run.output).toContain(
			'--no-wait: n8n, the emulator, the bucket and the inbox have stopped',
		);
		expect(run.output).toContain(`inbox        http://127.0.0.1:${ports.inbox}`);
		expect(run.output).not.toMatch(/login\s+owner@e2e\.test/);
		expect(run.output).not.toContain(`n8n editor   http://127.0.0.1:${ports.n8n}`);
	});

	it('stopped everything it started', async () => {
		expect(groupMembers(run.pgid)).toEqual([]);
		expect(processesWithEnv('N8N_PORT', String(ports.n8n))).toEqual([]);
		for (const port of [ports.n8n, ports.emulator, ports.s3, ports.inbox]) {
			expect({ port, answers: await portAnswers(`http://127.0.0.1:${port}/`) }).toEqual({
				port,
				answers: false,
			});
		}
	});
});
