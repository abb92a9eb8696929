import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './paths';
import { isGroupAlive, spawnGuarded, stopGroup, tailFile } from './processes';

/** What the emulator CLI prints as its first JSON line with `--json` (all plain data). */
export interface EmulatorInfo {
	url: string;
	syncBaseUrl: string;
	elevenLabsBaseUrl: string;
	storageBaseUrl: string;
	adminUrl: string;
	syncApiKey: string;
	elevenLabsApiKey: string;
	webhookSecret: string;
	[key: string]: unknown;
}

export interface EmulatorProcess {
	info: EmulatorInfo;
	/** Process group of the emulator (see processes.ts). */
	pgid: number;
	logFile: string;
}

const emulatorCli = path.join(repoRoot, 'test/emulator/cli.ts');
const tsxCli = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');

function firstJsonLine(logFile: string): EmulatorInfo | undefined {
	let text: string;
	try {
		text = readFileSync(logFile, 'utf8');
	} catch {
		return undefined;
	}
	for (const line of text.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const parsed = JSON.parse(line) as EmulatorInfo;
			if (typeof parsed.url === 'string') return parsed;
		} catch {
			// Not complete yet, or not ours.
		}
	}
	return undefined;
}

export interface EmulatorProcessOptions {
	ownerPid: number;
	logFile: string;
	/** Default 0: a free port. */
	port?: number;
	timeoutMs?: number;
}

async function runEmulatorCli(
	cli: string,
	options: EmulatorProcessOptions,
): Promise<EmulatorProcess> {
	const port = String(options.port ?? 0);
	// Stored files go into the run's temp folder: removing it removes them, even after a SIGKILL.
	const filesDir = path.join(path.dirname(options.logFile), 'emulator-files');
	mkdirSync(filesDir, { recursive: true });
	const args = [tsxCli, cli, '--json', '--port', port, '--files-dir', filesDir];
	const pgid = spawnGuarded(process.execPath, args, {
		ownerPid: options.ownerPid,
		env: { ...process.env, FORCE_COLOR: '0' },
		cwd: repoRoot,
		logFile: options.logFile,
	});
	const deadline = Date.now() + (options.timeoutMs ?? 30_000);
	for (;;) {
		const info = firstJsonLine(options.logFile);
		if (info) return { info, pgid, logFile: options.logFile };
		if (!isGroupAlive(pgid) || Date.now() > deadline) {
			await stopGroup(pgid, 2_000);
			throw new Error(
				`emulator did not report its URLs (${path.relative(repoRoot, cli)}):\n${tailFile(options.logFile, 40)}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Runs the emulator as its own process (`tsx test/emulator/cli.ts --json --port <port>`), so
 * that every jest worker and n8n can reach it, and returns the URLs and keys it printed.
 */
export async function startEmulatorProcess(
	options: EmulatorProcessOptions,
): Promise<EmulatorProcess> {
	return await runEmulatorCli(emulatorCli, options);
}
