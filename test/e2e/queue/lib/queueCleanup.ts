import { existsSync, rmSync } from 'node:fs';

import { n8nPgid, onExitOrSignal } from '../../lib/cleanup';
import type { N8nInstanceState } from '../../lib/n8nInstance';
import { killGroupNow, stopGroup } from '../../lib/processes';
import type { QueueContextData } from './queueContext';
import { readQueueContextData } from './queueContext';
import { QueueCluster } from './queueCluster';

/** Process groups of the services, stopped after n8n (which still talks to them). */
function serviceGroups(data: QueueContextData): number[] {
	return [data.emulator?.pgid, data.redis?.pgid, data.postgres?.pgid].filter(
		(pgid): pgid is number => pgid !== undefined,
	);
}

function n8nStates({ cluster }: QueueContextData): N8nInstanceState[] {
	return cluster ? [cluster.main, cluster.webhook, ...cluster.workers] : [];
}

function temporaryDirs(data: QueueContextData): string[] {
	const n8nDirs = n8nStates(data).map((state) => state.rootDir);
	return [...n8nDirs, data.postgres?.dataDir, data.tempDir].filter(
		(dir): dir is string => dir !== undefined,
	);
}

function removeTemporaryDirs(data: QueueContextData): void {
	if (process.env.E2E_KEEP_TEMP === '1') {
		process.stderr.write(`[e2e-queue] kept ${temporaryDirs(data).join(', ')}\n`);
		return;
	}
	for (const dir of temporaryDirs(data)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Stops the n8n processes, then the emulator, Redis and PostgreSQL of a queue-mode run, and
 * removes their folders (E2E_KEEP_TEMP=1 keeps them).
 */
export async function cleanUpQueueRun(contextFile: string): Promise<void> {
	if (!existsSync(contextFile)) return;
	const data = readQueueContextData(contextFile);
	if (data.cluster) await QueueCluster.attach(data.cluster).stop();
	await Promise.all(serviceGroups(data).map(async (pgid) => await stopGroup(pgid, 10_000)));
	removeTemporaryDirs(data);
}

/** For exit and signal handlers (nothing can be awaited there): SIGKILL all, remove the folders. */
export function killQueueRunNow(contextFile: string): void {
	let data: QueueContextData;
	try {
		data = readQueueContextData(contextFile);
	} catch {
		return; // Already cleaned up.
	}
	for (const state of n8nStates(data)) {
		const pgid = n8nPgid(state.pidFile);
		if (pgid) killGroupNow(pgid);
	}
	for (const pgid of serviceGroups(data)) killGroupNow(pgid);
	removeTemporaryDirs(data);
}

/** Cleans up on exit and on SIGINT/SIGTERM, whatever the teardown did or not. */
export function cleanUpQueueRunOnExit(contextFile: string): void {
	onExitOrSignal(() => killQueueRunNow(contextFile));
}
