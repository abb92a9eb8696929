import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cleanUpE2eRun, killE2eProcessesNow } from './cleanup';
import { writeContextData, type E2eContextData } from './context';
import { emulatorCredentials, userServiceCredentials } from './credentials';
import { startEmulatorProcess, type EmulatorInfo } from './emulatorProcess';
import { ensureN8n } from './n8nInstall';
import { N8nInstance } from './n8nInstance';
import { buildIfStale, packPackage, readOwnPackageJson } from './packageInstall';
import { e2eTarget, type E2eTarget } from './targets';
import { startUserServices, type UserServicesInfo } from './userServices';

export interface E2eStackOptions {
	log?: (message: string) => void;
	/** Which n8n (default: the target of this e2e process, else the oldest). */
	target?: E2eTarget | string;
	/** Process whose death stops n8n and the emulator (default: this process). */
	ownerPid?: number;
	/** Fixed ports, e.g. for the demo's stable URLs (default: free ports). */
	n8nPort?: number;
	emulatorPort?: number;
	s3Port?: number;
	smtpPort?: number;
	inboxPort?: number;
	/** Folders n8n's Read/Write Files may use besides the run's own `filesDir`. */
	moreFileDirs?: string[];
	/** More environment for n8n, e.g. the bench's CPU-profiler preload. */
	n8nEnv?: Record<string, string>;
	/** Called as soon as the context file exists, e.g. to install exit handlers. */
	onContextFile?: (contextFile: string) => void;
}

export interface E2eStack {
	/** JSON file with E2eContextData; set N8N_E2E_CONTEXT to it for getE2eContext(). */
	contextFile: string;
	data: E2eContextData;
	n8n: N8nInstance;
	emulator: EmulatorInfo;
	/** The local S3 bucket and mail server (n8n has credentials for both). */
	services: UserServicesInfo;
	/** Temp folder of this run (pack, emulator log, context file). */
	tempDir: string;
	/** A folder of this run n8n may read and write (the first of N8N_RESTRICT_FILE_ACCESS_TO). */
	filesDir: string;
	/** Stops n8n and the emulator and removes the temp folders. */
	stop(): Promise<void>;
	/** The same for exit handlers, synchronously (SIGKILL). */
	killNow(): void;
}

/**
 * Brings up everything an e2e run needs: the target's n8n (installed into the cache when
 * missing), a fresh build and `npm pack` of this package, the emulator, the local S3 server and
 * mail server, and one n8n with the package and credentials for all three, owner set up. Processes die with `ownerPid`. On failure
 * everything started so far is stopped again.
 */
export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
	const log = options.log ?? (() => undefined);
	const target = e2eTarget(options.target);
	const ownerPid = options.ownerPid ?? process.pid;
	const tempDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-e2e-'));
	const contextFile = path.join(tempDir, 'context.json');
	const data: E2eContextData = {
		ownerPid,
		tempDir,
		packageName: readOwnPackageJson().name,
		target,
		emulator: undefined,
		n8n: undefined,
		services: undefined,
	};
	writeContextData(contextFile, data);
	options.onContextFile?.(contextFile);
	const stop = async () => await cleanUpE2eRun(contextFile);

	try {
		const [installation] = await Promise.all([ensureN8n({ log, target }), buildIfStale(log)]);
		const tarball = await packPackage(tempDir);

		const emulator = await startEmulatorProcess({
			ownerPid,
			logFile: path.join(tempDir, 'emulator.log'),
			port: options.emulatorPort,
		});
		data.emulator = { info: emulator.info, pgid: emulator.pgid, logFile: emulator.logFile };
		writeContextData(contextFile, data);
		const services = await startUserServices({
			ownerPid,
			dir: tempDir,
			s3Port: options.s3Port,
			smtpPort: options.smtpPort,
			inboxPort: options.inboxPort,
		});
		data.services = services;
		writeContextData(contextFile, data);

		// Read/Write Files may only use folders of this run (n8n's default is ~/.n8n-files).
		const filesDir = path.join(tempDir, 'n8n-files');
		const fileDirs = [filesDir, ...(options.moreFileDirs ?? [])];
		for (const dir of fileDirs) mkdirSync(dir, { recursive: true });
		const n8n = await N8nInstance.create({
			installation,
			packageTarball: tarball,
			ownerPid,
			port: options.n8nPort,
			extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: fileDirs.join(';'), ...options.n8nEnv },
		});
		data.n8n = n8n.state;
		writeContextData(contextFile, data);
		await n8n.importCredentials([
			...emulatorCredentials(emulator.info),
			...userServiceCredentials(services),
		]);
		log(`starting ${target.label}`);
		await n8n.start();
		await n8n.rest(); // Sets up the owner account.
		return {
			contextFile,
			data,
			n8n,
			emulator: emulator.info,
			services,
			tempDir,
			filesDir,
			stop,
			killNow: () => killE2eProcessesNow(contextFile),
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
