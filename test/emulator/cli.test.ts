import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `npm run emulator` = `tsx test/emulator/cli.ts`: the --json contract, flags, SIGTERM. */

const repoRoot = path.resolve(__dirname, '..', '..');
const tsxCli = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cli = path.join(__dirname, 'cli.ts');

interface Running {
	child: ChildProcess;
	stdout: () => string;
	firstLine: Promise<string>;
	exited: Promise<number | null>;
}

function run(args: string[]): Running {
	const child = spawn(process.execPath, [tsxCli, cli, ...args], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	const firstLine = new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const newline = out.indexOf('\n');
			if (newline >= 0) resolve(out.slice(0, newline));
		});
		child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
	});
	firstLine.catch(() => undefined);
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, stdout: () => out, firstLine, exited };
}

jest.setTimeout(30_000);

describe('emulator CLI', () => {
	it('prints one JSON line with URLs and keys, serves them, and stops on SIGTERM', async () => {
		const proc = run(['--json', '--port', '0', '--plan', 'scale', '--timing-ms', '40']);
		try {
			const info = JSON.parse(await proc.firstLine);
			expect(Object.keys(info).sort()).toEqual(
				[
					'adminUrl',
					'elevenLabsApiKey',
					'elevenLabsBaseUrl',
					'storageBaseUrl',
					'syncApiKey',
					'syncBaseUrl',
					'url',
					'webhookSecret',
				].sort(),
			);
			expect(info.syncBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sync$/);
			const models = await fetch(`${info.syncBaseUrl}/v2/models`, {
				headers: { 'x-api-key': info.syncApiKey },
			});
			expect(models.status).toBe(200);
			const config = (await (await fetch(`${info.adminUrl}/config/sync`)).json()) as {
				plan: string;
				timing: object;
			};
			expect(config.plan).toBe('scale');
			expect(config.timing).toMatchObject({ pendingMs: 10, processingMs: 40 });
		} finally {
			proc.child.kill('SIGTERM');
		}
		expect(await proc.exited).toBe(0);
	});

	it('stores files under --files-dir, and removes them on SIGTERM', async () => {
		const filesDir = mkdtempSync(path.join(tmpdir(), 'emulator-cli-test-'));
		const proc = run(['--json', '--port', '0', '--files-dir', filesDir]);
		try {
			const info = JSON.parse(await proc.firstLine);
			const upload = await fetch(`${info.syncBaseUrl}/v2/assets/upload`, {
				method: 'POST',
				headers: { 'x-api-key': info.syncApiKey, 'content-type': 'application/json' },
				body: JSON.stringify({ fileName: 'a.mp4', contentType: 'video/mp4', size: 4 }),
			});
			const { uploadUrl } = (await upload.json()) as { uploadUrl: string };
			const put = await fetch(uploadUrl, {
				method: 'PUT',
				headers: { 'content-type': 'video/mp4' },
				body: 'abcd',
			});
			expect(put.status).toBe(200);
			const [storeDir] = readdirSync(filesDir);
			expect(storeDir).toMatch(/^video-dub-emulator-/);
			expect(readdirSync(path.join(filesDir, storeDir))).toHaveLength(1);
			proc.child.kill('SIGTERM');
			expect(await proc.exited).toBe(0);
			expect(readdirSync(filesDir)).toEqual([]);
		} finally {
			proc.child.kill('SIGTERM');
			rmSync(filesDir, { recursive: true, force: true });
		}
	});

	it('prints a readable summary without --json', async () => {
		const proc = run(['--port', '0']);
		try {
			await proc.firstLine;
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(proc.stdout()).toMatch(/Sync Labs API key\s+sk_test_sync_creator/);
			expect(proc.stdout()).toMatch(/Webhook secret\s+whsec_/);
		} finally {
			proc.child.kill('SIGINT');
		}
		expect(await proc.exited).toBe(0);
	});

	it('rejects bad flags with exit code 2', async () => {
		const proc = run(['--plan', 'platinum']);
		expect(await proc.exited).toBe(2);
	});
});
