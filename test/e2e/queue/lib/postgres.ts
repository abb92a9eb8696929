import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { getFreePort, spawnGuarded } from '../../lib/processes';
import type { NeededPackage } from './debianPackages';
import { findOnPath } from './debianPackages';
import { waitUntil } from '../../lib/waitUntil';

const execFileAsync = promisify(execFile);

/** A PostgreSQL cluster of the run (plain data: crosses jest processes). */
export interface PostgresInfo {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	/** The cluster's data folder (a temp dir, removed at the end). */
	dataDir: string;
	pgid: number;
	logFile: string;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';

/**
 * Folder with initdb and postgres: Debian keeps them in /usr/lib/postgresql/<version>/bin (the
 * newest version wins), other systems on PATH.
 */
export function findPostgresBinDir(): string | undefined {
	if (existsSync(DEBIAN_ROOT)) {
		const versions = readdirSync(DEBIAN_ROOT)
			.filter((entry) => existsSync(path.join(DEBIAN_ROOT, entry, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length > 0) return path.join(DEBIAN_ROOT, versions[0], 'bin');
	}
	const initdb = findOnPath('initdb');
	return initdb ? path.dirname(realpathSync(initdb)) : undefined;
}

export const POSTGRES_PACKAGE: NeededPackage = {
	name: 'postgresql',
	isPresent: () => findPostgresBinDir() !== undefined,
};

interface UserIds {
	uid: number;
	gid: number;
}

/** uid/gid of an existing user, from `id`. */
function userIds(name: string): UserIds | undefined {
	try {
		const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		return undefined;
	}
}

/**
 * initdb and postgres refuse to run as root: as root they run as the unprivileged `postgres` user
 * (created by the Debian package; `nobody` otherwise). Undefined when not root.
 */
function unprivilegedUser(): UserIds | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const ids = userIds('postgres') ?? userIds('nobody');
	if (!ids)
		throw new Error('running as root, but there is no postgres or nobody user for PostgreSQL');
	return ids;
}

/** `command` as `user` through `setpriv`, which execs in place: it stays in the guard's group. */
function asUser(user: UserIds | undefined, command: string, args: string[]): [string, string[]] {
	if (!user) return [command, args];
	const drop = ['--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups', '--'];
	return ['setpriv', [...drop, command, ...args]];
}

/**
 * Creates a PostgreSQL cluster in a fresh temp dir and starts it on a free loopback port (TCP
 * only, trust authentication, durability off: a throw-away test database), under the process
 * guard. Then creates the database `n8n` owned by user `n8n`.
 */
export async function startPostgres(options: {
	ownerPid: number;
	logFile: string;
}): Promise<PostgresInfo> {
	const binDir = findPostgresBinDir();
	if (!binDir) throw new Error('PostgreSQL (initdb, postgres) is not installed');
	const bin = (name: string) => path.join(binDir, name);
	const runAs = unprivilegedUser();
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
	const user = 'n8n';

	const [initCommand, initArgs] = asUser(runAs, bin('initdb'), [
		...['-D', dataDir, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C'],
		'--no-sync',
	]);
	try {
		// cwd: the postgres user may not enter the caller's folder.
		await execFileAsync(initCommand, initArgs, { cwd: os.tmpdir(), maxBuffer: 16 << 20 });
	} catch (error) {
		const { stdout, stderr } = error as { stdout?: string; stderr?: string };
		throw new Error(`initdb failed:\n${stdout ?? ''}\n${stderr ?? String(error)}`);
	}

	const host = '127.0.0.1';
	const port = await getFreePort();
	const [command, args] = asUser(runAs, bin('postgres'), [
		...['-D', dataDir, '-p', String(port), '-h', host, '-k', ''],
		...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
	]);
	const pgid = spawnGuarded(command, args, {
		ownerPid: options.ownerPid,
		env: process.env,
		cwd: os.tmpdir(),
		logFile: options.logFile,
	});
	const database = 'n8n';
	const connection = ['-h', host, '-p', String(port), '-U', user];
	await waitUntil(
		async () => {
			try {
				await execFileAsync(bin('pg_isready'), [...connection, '-d', 'postgres']);
				return true;
			} catch {
				return false;
			}
		},
		{ what: `PostgreSQL on port ${port}`, timeoutMs: 30_000, pgid, logFile: options.logFile },
	);
	await execFileAsync(bin('createdb'), [...connection, database]);
	return { host, port, user, password: 'n8n', database, dataDir, pgid, logFile: options.logFile };
}
