// The demo's processes: the emulator and a real n8n (the pinned e2e host install) with this
// package and emulator credentials, on FIXED ports so that the printed URLs stay the same from run
// to run. Built from the e2e library (test/e2e/lib), which already handles the n8n install cache,
// the build, `npm pack`, process groups and clean-up; only the ports differ from an e2e run.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { cleanUpE2eRun, killE2eProcessesNow } from '../test/e2e/lib/cleanup';
import { writeContextData, type E2eContextData } from '../test/e2e/lib/context';
import { emulatorCredentials } from '../test/e2e/lib/credentials';
import type { EmulatorInfo } from '../test/e2e/lib/emulatorProcess';
import { ensureN8n } from '../test/e2e/lib/n8nInstall';
import { N8nInstance } from '../test/e2e/lib/n8nInstance';
import { buildIfStale, packPackage, readOwnPackageJson } from '../test/e2e/lib/packageInstall';
import { repoRoot } from '../test/e2e/lib/paths';
import { isGroupAlive, spawnGuarded, stopGroup, tailFile } from '../test/e2e/lib/processes';

export interface DemoStackOptions {
	n8nPort: number;
	emulatorPort: number;
	/** Folder the examples write to; n8n 2.x lets Read/Write Files use only listed folders. */
	outputDir: string;
	log: (message: string) => void;
	/** Receives the clean-up functions as soon as there is something to clean up. */
	onCleanup?: (cleanup: Pick<DemoStack, 'stop' | 'killNow'>) => void;
}

export interface DemoStack {
	n8n: N8nInstance;
	emulator: EmulatorInfo;
	/** Temp folder of this run (pack, emulator log). */
	tempDir: string;
	/** Temp folder n8n may read from: put the examples' input files here. */
	inputDir: string;
	emulatorLog: string;
	/** Stops n8n and the emulator and removes the temp folders. */
	stop(): Promise<void>;
	/** The same for exit handlers, synchronously (SIGKILL). */
	killNow(): void;
}

/** Resolves when nothing listens on 127.0.0.1:`port`; throws a readable error otherwise. */
export async function assertPortFree(port: number, what: string, envName: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error: NodeJS.ErrnoException) => {
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${port} (${what}) is already in use: is another n8n or demo running? ` +
								`Stop it, or pick another port: ${envName}=<port> npm run demo`
						: `Cannot listen on 127.0.0.1:${port} (${what}): ${error.message}`,
				),
			);
		});
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

const tsxCli = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
const emulatorCli = path.join(repoRoot, 'test/emulator/cli.ts');

/** The emulator CLI on a fixed port, under the process guard; resolves with what it printed. */
async function startEmulatorOnPort(
	port: number,
	logFile: string,
): Promise<{ info: EmulatorInfo; pgid: number }> {
	const args = [tsxCli, emulatorCli, '--json', '--port', String(port)];
	const pgid = spawnGuarded(process.execPath, args, {
		ownerPid: process.pid,
		env: { ...process.env, FORCE_COLOR: '0' },
		cwd: repoRoot,
		logFile,
	});
	const deadline = Date.now() + 30_000;
	for (;;) {
		const firstLine = readFileSync(logFile, 'utf8')
			.split('\n')
			.find((line) => line.startsWith('{'));
		if (firstLine) {
			try {
				return { info: JSON.parse(firstLine) as EmulatorInfo, pgid };
			} catch {
				// The line is not complete yet.
			}
		}
		if (!isGroupAlive(pgid) || Date.now() > deadline) {
			await stopGroup(pgid, 2_000);
			throw new Error(`the emulator did not start:\n${tailFile(logFile, 30)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Installs n8n when it is not cached yet, builds when dist/ is stale, packs the package, starts
 * the emulator and n8n (owner set up, credentials `Sync Labs (emulator)` and `ElevenLabs
 * (emulator)` imported). Everything started dies with this process, even on SIGKILL.
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
	const { log } = options;
	const tempDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-demo-'));
	const contextFile = path.join(tempDir, 'context.json');
	const data: E2eContextData = {
		ownerPid: process.pid,
		tempDir,
		packageName: readOwnPackageJson().name,
		emulator: undefined,
		n8n: undefined,
	};
	writeContextData(contextFile, data);
	const stop = async () => await cleanUpE2eRun(contextFile);
	const killNow = () => killE2eProcessesNow(contextFile);
	options.onCleanup?.({ stop, killNow });

	try {
		log('Preparing n8n 2.8.4 (installed once into the cache, ~3 min) and building the package');
		const [installation] = await Promise.all([ensureN8n({ log }), buildIfStale(log)]);
		const tarball = await packPackage(tempDir);

		log(`Starting the Sync Labs + ElevenLabs emulator on port ${options.emulatorPort}`);
		const emulatorLog = path.join(tempDir, 'emulator.log');
		const emulator = await startEmulatorOnPort(options.emulatorPort, emulatorLog);
		data.emulator = { info: emulator.info, pgid: emulator.pgid, logFile: emulatorLog };
		writeContextData(contextFile, data);

		const inputDir = path.join(tempDir, 'input');
		for (const dir of [inputDir, options.outputDir]) mkdirSync(dir, { recursive: true });
		const n8n = await N8nInstance.create({
			installation,
			packageTarball: tarball,
			ownerPid: process.pid,
			extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: `${inputDir};${options.outputDir}` },
		});
		// N8nInstance picks a free port; the demo wants a stable editor URL. Nothing has used the
		// port yet (URLs and the environment are derived from it when n8n starts).
		n8n.state.port = options.n8nPort;
		data.n8n = n8n.state;
		writeContextData(contextFile, data);

		await n8n.importCredentials(emulatorCredentials(emulator.info));
		log(`Starting n8n on port ${options.n8nPort}`);
		await n8n.start();
		await n8n.rest(); // Sets up the owner account.
		return { n8n, emulator: emulator.info, tempDir, inputDir, emulatorLog, stop, killNow };
	} catch (error) {
		await stop();
		throw error;
	}
}
