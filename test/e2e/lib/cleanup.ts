import { existsSync, readFileSync, rmSync } from 'node:fs';

import { readContextData } from './context';
import { killGroupNow, stopGroup } from './processes';
import { stopUserServices, userServiceGroups } from './userServices';

/** Process group of a running n8n, from its pid file. */
export function n8nPgid(pidFile: string): number | undefined {
	if (!existsSync(pidFile)) return undefined;
	const pgid = Number(readFileSync(pidFile, 'utf8').trim());
	return pgid > 0 ? pgid : undefined;
}

/** Stops n8n, the emulator, the bucket and the inbox of an e2e run and removes its temp folders (E2E_KEEP_TEMP=1 keeps them). */
export async function cleanUpE2eRun(contextFile: string): Promise<void> {
	if (!existsSync(contextFile)) return;
	const data = readContextData(contextFile);
	const n8nGroup = data.n8n ? n8nPgid(data.n8n.pidFile) : undefined;
	await Promise.all([
		n8nGroup ? stopGroup(n8nGroup) : undefined,
		data.emulator ? stopGroup(data.emulator.pgid, 5_000) : undefined,
		stopUserServices(data.services),
	]);
	if (process.env.E2E_KEEP_TEMP === '1') {
		process.stderr.write(`[e2e] kept ${data.tempDir} and ${data.n8n?.rootDir ?? ''}\n`);
		return;
	}
	if (data.n8n) rmSync(data.n8n.rootDir, { recursive: true, force: true });
	rmSync(data.tempDir, { recursive: true, force: true });
}

/**
 * Synchronous variant for exit and signal handlers, where nothing can be awaited: SIGKILL
 * whatever still runs and remove the temp folders (unless E2E_KEEP_TEMP=1).
 */
export function killE2eProcessesNow(contextFile: string): void {
	let data;
	try {
		data = readContextData(contextFile);
	} catch {
		return; // Already cleaned up.
	}
	const n8nGroup = data.n8n ? n8nPgid(data.n8n.pidFile) : undefined;
	if (n8nGroup) killGroupNow(n8nGroup);
	if (data.emulator) killGroupNow(data.emulator.pgid);
	for (const pgid of userServiceGroups(data.services)) killGroupNow(pgid);
	if (process.env.E2E_KEEP_TEMP === '1') return;
	if (data.n8n) rmSync(data.n8n.rootDir, { recursive: true, force: true });
	rmSync(data.tempDir, { recursive: true, force: true });
}

/** Cleans up on exit, and on SIGINT/SIGTERM (then exits), whatever the teardown did or not. */
export function cleanUpOnExit(contextFile: string): void {
	onExitOrSignal(() => killE2eProcessesNow(contextFile));
}

/** Runs a synchronous `killNow` on exit, and on SIGINT/SIGTERM before exiting. */
export function onExitOrSignal(killNow: () => void): void {
	process.once('exit', killNow);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			killNow();
			process.exit(signal === 'SIGINT' ? 130 : 143);
		});
	}
}
