import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	openSync,
	closeSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { hostTemplateDir, processGuardScript } from './paths';
import { tailFile } from './processes';

/** Files of the host package that decide what gets installed (and therefore the cache key). */
const HOST_FILES = ['package.json', 'package-lock.json', '.npmrc'];
const MARKER = '.install-complete';
const LOCK = '.install-lock';

export interface N8nInstallation {
	/** n8n's CLI entry (a JS file): run it with `process.execPath`. */
	n8nBin: string;
	/** Cache folder holding the host package and its node_modules. */
	hostDir: string;
	/** The host's node_modules (to `createRequire` n8n's own dependencies, e.g. flatted). */
	nodeModules: string;
}

export interface EnsureN8nOptions {
	log?: (message: string) => void;
}

/** `${N8N_E2E_CACHE_DIR}` or `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-video-dub`. */
export function cacheRoot(): string {
	if (process.env.N8N_E2E_CACHE_DIR) return process.env.N8N_E2E_CACHE_DIR;
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-video-dub');
}

/** First 16 hex chars of sha256 over the host files: a new lockfile means a new install. */
export function hostKey(): string {
	const hash = createHash('sha256');
	for (const file of HOST_FILES) {
		hash.update(`${file}\0`);
		hash.update(readFileSync(path.join(hostTemplateDir, file)));
	}
	return hash.digest('hex').slice(0, 16);
}

function installationIn(hostDir: string): N8nInstallation {
	const nodeModules = path.join(hostDir, 'node_modules');
	return { hostDir, nodeModules, n8nBin: path.join(nodeModules, 'n8n', 'bin', 'n8n') };
}

function isComplete(installation: N8nInstallation): boolean {
	return existsSync(path.join(installation.hostDir, MARKER)) && existsSync(installation.n8nBin);
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Only one process installs into a host dir at a time (tests and the demo may start together).
 * The lock is a file created exclusively and holding the installer's pid; a stale lock (dead pid)
 * is taken over.
 */
async function withInstallLock<T>(hostDir: string, work: () => Promise<T>): Promise<T> {
	const lockFile = path.join(hostDir, LOCK);
	for (;;) {
		try {
			writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch {
			const holder = Number(readFileSync(lockFile, 'utf8').trim() || 0);
			if (holder && pidAlive(holder)) {
				await sleep(2_000);
				continue;
			}
			rmSync(lockFile, { force: true });
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lockFile, { force: true });
	}
}

/**
 * Environment for the host's npm install: the repo's npm settings (ignore-scripts=true), which
 * `npm run`/`npx` export as npm_config_* variables, must not leak in, because sqlite3 has to
 * compile from source in its install script.
 */
function installEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
	}
	// @scarf/scarf (a dependency) phones home from its postinstall; nothing to reach here anyway.
	env.SCARF_ANALYTICS = 'false';
	return env;
}

async function runNpmInstall(hostDir: string, logFile: string): Promise<void> {
	const out = openSync(logFile, 'w');
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			// Under the process guard: an install cut short by Ctrl-C must not go on in the background.
			const child = spawn(
				process.execPath,
				[
					processGuardScript,
					String(process.pid),
					'npm',
					'install',
					'--no-audit',
					'--no-fund',
					'--ignore-scripts=false',
				],
				{ cwd: hostDir, env: installEnv(), stdio: ['ignore', out, out], detached: true },
			);
			child.on('error', reject);
			child.on('exit', resolve);
		});
		if (code !== 0) {
			throw new Error(
				`npm install of the n8n host failed (exit ${code}); log: ${logFile}\n${tailFile(logFile, 40)}`,
			);
		}
	} finally {
		closeSync(out);
	}
}

/** Removes complete installs for older lockfiles (each is about 2.3 GB). */
function pruneOtherInstalls(root: string, keep: string): void {
	for (const entry of readdirSync(root)) {
		const dir = path.join(root, entry);
		if (!entry.startsWith('n8n-host-') || dir === keep) continue;
		if (existsSync(path.join(dir, LOCK))) continue;
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Makes sure the pinned n8n (test/e2e/n8n-host) is installed in the cache folder keyed by its
 * lockfile, installing it when needed (cold: a few minutes), and returns where it is.
 */
export async function ensureN8n(options: EnsureN8nOptions = {}): Promise<N8nInstallation> {
	const log = options.log ?? (() => undefined);
	const root = cacheRoot();
	const hostDir = path.join(root, `n8n-host-${hostKey()}`);
	const installation = installationIn(hostDir);
	if (isComplete(installation)) return installation;

	mkdirSync(hostDir, { recursive: true });
	await withInstallLock(hostDir, async () => {
		if (isComplete(installation)) return;
		for (const file of HOST_FILES) {
			copyFileSync(path.join(hostTemplateDir, file), path.join(hostDir, file));
		}
		const logFile = path.join(hostDir, 'install.log');
		log(`installing n8n into ${hostDir} (several minutes on a cold cache; log: ${logFile})`);
		const started = Date.now();
		await runNpmInstall(hostDir, logFile);
		if (!existsSync(installation.n8nBin)) {
			throw new Error(`npm install finished but ${installation.n8nBin} is missing`);
		}
		writeFileSync(path.join(hostDir, MARKER), `${new Date().toISOString()}\n`);
		log(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s`);
	});
	pruneOtherInstalls(root, hostDir);
	return installation;
}
