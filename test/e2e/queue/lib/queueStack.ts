import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { emulatorCredentials } from '../../lib/credentials';
import { startEmulatorProcess } from '../../lib/emulatorProcess';
import type { N8nInstallation } from '../../lib/n8nInstall';
import { ensureN8n } from '../../lib/n8nInstall';
import type { WorkflowJson } from '../../lib/n8nInstance';
import { buildIfStale, packPackage, readOwnPackageJson } from '../../lib/packageInstall';
import { ensureDebianPackages } from './debianPackages';
import { POSTGRES_PACKAGE, startPostgres } from './postgres';
import type { BinaryDataMode } from './queueCluster';
import { QueueCluster } from './queueCluster';
import { cleanUpQueueRun } from './queueCleanup';
import type { QueueContextData } from './queueContext';
import { writeQueueContextData } from './queueContext';
import { REDIS_PACKAGE, startRedis } from './redis';

export interface QueueStackOptions {
	/** Workflows to import and publish before n8n starts (by package name). */
	workflows: (packageName: string) => WorkflowJson[];
	/** The n8n to run; default the pinned install (`ensureN8n()`, installed when missing). */
	installation?: () => Promise<N8nInstallation>;
	workers?: number;
	binaryDataMode?: BinaryDataMode;
	/** Folders Read/Write Files may use besides the run's own `n8n-files`. */
	fileDirs?: string[];
	log?: (message: string) => void;
	ownerPid?: number;
	/** Called as soon as the context file exists, e.g. to install exit handlers. */
	onContextFile?: (contextFile: string) => void;
}

export interface QueueStack {
	contextFile: string;
	data: QueueContextData;
	cluster: QueueCluster;
}

/**
 * Everything a queue-mode run needs: Redis and PostgreSQL (apt-installed when missing), the n8n
 * install, a fresh build and `npm pack` of this package, the emulator, and n8n in queue mode with
 * the package, the emulator credentials and the given workflows published. Timings of each step
 * end up in `data.timings`. On failure everything started so far is stopped again.
 */
export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const log = options.log ?? (() => undefined);
	const ownerPid = options.ownerPid ?? process.pid;
	const tempDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-queue-'));
	const contextFile = path.join(tempDir, 'context.json');
	const data: QueueContextData = {
		ownerPid,
		tempDir,
		packageName: readOwnPackageJson().name,
		timings: {},
	};
	const save = () => writeQueueContextData(contextFile, data);
	save();
	options.onContextFile?.(contextFile);
	const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		const result = await work();
		data.timings[step] = Date.now() - started;
		return result;
	};

	try {
		const [installation] = await Promise.all([
			timed('n8n install (cached)', options.installation ?? (async () => await ensureN8n({ log }))),
			timed('build', async () => await buildIfStale(log)),
			timed('Redis and PostgreSQL install', async () => {
				await ensureDebianPackages([REDIS_PACKAGE, POSTGRES_PACKAGE], log);
			}),
		]);
		const tarball = await timed('npm pack', async () => await packPackage(tempDir));

		await timed('Redis, PostgreSQL and emulator start', async () => {
			const [redis, postgres, emulator] = await Promise.all([
				startRedis({ ownerPid, dir: tempDir, logFile: path.join(tempDir, 'redis.log') }),
				startPostgres({ ownerPid, logFile: path.join(tempDir, 'postgres.log') }),
				startEmulatorProcess({ ownerPid, logFile: path.join(tempDir, 'emulator.log') }),
			]);
			Object.assign(data, { redis, postgres, emulator });
			save();
		});

		// Read/Write Files may only use a folder of this run (n8n's default is ~/.n8n-files).
		const filesDir = path.join(tempDir, 'n8n-files');
		mkdirSync(filesDir);
		const cluster = await QueueCluster.create({
			installation,
			packageTarball: tarball,
			ownerPid,
			redis: data.redis!,
			postgres: data.postgres!,
			workers: options.workers,
			binaryDataMode: options.binaryDataMode,
			sharedStorageDir: path.join(tempDir, 'binary-data'),
			extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: [filesDir, ...(options.fileDirs ?? [])].join(';') },
		});
		data.cluster = cluster.state;
		save();
		await timed('n8n migrations, import and publish', async () => {
			await cluster.prepare(
				emulatorCredentials(data.emulator!.info),
				options.workflows(data.packageName),
			);
		});
		await timed('n8n processes start', async () => await cluster.start());
		save();
		return { contextFile, data, cluster };
	} catch (error) {
		await cleanUpQueueRun(contextFile);
		throw error;
	}
}
