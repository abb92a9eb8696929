import { spawn } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

import { processGuardScript } from './paths';

export interface GuardedSpawnOptions {
	/** Process whose death stops the spawned group (normally the jest main process). */
	ownerPid: number;
	env: NodeJS.ProcessEnv;
	cwd?: string;
	/** stdout and stderr are appended here. */
	logFile: string;
}

/**
 * Starts `command` under processGuard.mjs in a new process group and returns the group id (the
 * guard's pid). Output goes to a file rather than a pipe so that any process can read it and the
 * child never blocks on a full pipe.
 */
export function spawnGuarded(
	command: string,
	args: string[],
	options: GuardedSpawnOptions,
): number {
	const out = openSync(options.logFile, 'a');
	try {
		const child = spawn(
			process.execPath,
			[processGuardScript, String(options.ownerPid), command, ...args],
			{ cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', out, out] },
		);
		if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
		// Node still reaps the guard when it exits, but it must not keep the runner alive.
		child.unref();
		return child.pid;
	} finally {
		closeSync(out);
	}
}

/** State, parent and process group of a process, from /proc/<pid>/stat (Linux). */
function procStat(pid: number): { state: string; ppid: number; pgid: number } | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// After "pid (command) ": state, ppid, pgrp, ...; the command may contain spaces.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]) };
	} catch {
		return undefined; // The process ended while we looked.
	}
}

/** Live (non-zombie) processes of a process group, read from /proc (Linux). */
export function groupMembers(pgid: number): number[] {
	const members: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = procStat(Number(entry));
		if (stat?.pgid === pgid && stat.state !== 'Z') members.push(Number(entry));
	}
	return members;
}

/**
 * The process a guard runs (its child, e.g. n8n itself, not the task runners n8n starts), for
 * reading its memory; undefined when it is not running.
 */
export function guardedCommandPid(pgid: number): number | undefined {
	return groupMembers(pgid).find((pid) => procStat(pid)?.ppid === pgid);
}

export function isGroupAlive(pgid: number): boolean {
	return groupMembers(pgid).length > 0;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// The group is already gone.
	}
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM the whole group, wait for it to go, SIGKILL whatever is left after `graceMs`. */
export async function stopGroup(pgid: number, graceMs = 15_000): Promise<void> {
	signalGroup(pgid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (isGroupAlive(pgid) && Date.now() < deadline) await sleep(100);
	if (!isGroupAlive(pgid)) return;
	signalGroup(pgid, 'SIGKILL');
	const killDeadline = Date.now() + 5_000;
	while (isGroupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
}

/** SIGKILL the whole group at once (no grace: a crash, not a shutdown) and wait until it is gone. */
export async function killGroup(pgid: number): Promise<void> {
	signalGroup(pgid, 'SIGKILL');
	const deadline = Date.now() + 5_000;
	while (isGroupAlive(pgid) && Date.now() < deadline) await sleep(50);
}

/** Synchronous last resort for exit/signal handlers: no waiting possible there. */
export function killGroupNow(pgid: number): void {
	signalGroup(pgid, 'SIGKILL');
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function getFreePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('no port assigned'));
			});
		});
	});
}

/** Last `lines` lines of a text file ('' when it does not exist). */
export function tailFile(file: string, lines = 60): string {
	try {
		const text = readFileSync(file, 'utf8');
		return text.split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}
