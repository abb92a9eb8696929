import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cleanUpE2eRun } from './cleanup';
import { writeContextData, type E2eContextData } from './context';
import { emulatorCredentials } from './credentials';
import { startEmulatorProcess } from './emulatorProcess';
import { ensureN8n } from './n8nInstall';
import { N8nInstance } from './n8nInstance';
import { buildIfStale, packPackage, readOwnPackageJson } from './packageInstall';

export interface E2eStack {
	/** JSON file with E2eContextData; set N8N_E2E_CONTEXT to it for getE2eContext(). */
	contextFile: string;
	data: E2eContextData;
	n8n: N8nInstance;
}

/**
 * Brings up everything an e2e run needs: the pinned n8n (installed into the cache when missing),
 * a fresh build and `npm pack` of this package, the emulator, and one n8n with the package and
 * the emulator credentials, owner set up. Processes die with `ownerPid` (default: this process).
 * On failure everything started so far is stopped again.
 */
export async function startE2eStack(
	options: {
		log?: (message: string) => void;
		ownerPid?: number;
		/** Called as soon as the context file exists, e.g. to install exit handlers. */
		onContextFile?: (contextFile: string) => void;
	} = {},
): Promise<E2eStack> {
	const log = options.log ?? (() => undefined);
	const ownerPid = options.ownerPid ?? process.pid;
	const tempDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-e2e-'));
	const contextFile = path.join(tempDir, 'context.json');
	const data: E2eContextData = {
		ownerPid,
		tempDir,
		packageName: readOwnPackageJson().name,
		emulator: undefined,
		n8n: undefined,
	};
	writeContextData(contextFile, data);
	options.onContextFile?.(contextFile);

	try {
		const [installation] = await Promise.all([ensureN8n({ log }), buildIfStale(log)]);
		const tarball = await packPackage(tempDir);

		const emulator = await startEmulatorProcess({
			ownerPid,
			logFile: path.join(tempDir, 'emulator.log'),
		});
		data.emulator = { info: emulator.info, pgid: emulator.pgid, logFile: emulator.logFile };
		writeContextData(contextFile, data);

		// Read/Write Files may only use a folder of this run (n8n's default is ~/.n8n-files).
		const filesDir = path.join(tempDir, 'n8n-files');
		mkdirSync(filesDir);
		const n8n = await N8nInstance.create({
			installation,
			packageTarball: tarball,
			ownerPid,
			extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
		});
		data.n8n = n8n.state;
		writeContextData(contextFile, data);
		await n8n.importCredentials(emulatorCredentials(emulator.info));
		await n8n.start();
		await n8n.rest();
		return { contextFile, data, n8n };
	} catch (error) {
		await cleanUpE2eRun(contextFile);
		throw error;
	}
}
