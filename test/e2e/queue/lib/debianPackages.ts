import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A Debian package the suite needs, and how to tell that what it provides is there. */
export interface NeededPackage {
	name: string;
	isPresent(): boolean;
}

/** Absolute path of an executable on PATH, or undefined. */
export function findOnPath(command: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, command);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// Not here.
		}
	}
	return undefined;
}

/**
 * How apt-get can be run here: directly as root, through passwordless sudo (e.g. a GitHub
 * runner), or not at all.
 */
function aptGetCommand(): string[] | undefined {
	if (findOnPath('apt-get') === undefined) return undefined;
	if (process.getuid?.() === 0) return ['apt-get'];
	try {
		execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
		// sudo passes DEBIAN_FRONTEND on only when it is given on its command line.
		return ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
	} catch {
		return undefined;
	}
}

/**
 * Installs the missing packages with apt-get (as CI does for Chromium: a fresh machine has
 * neither Redis nor PostgreSQL). Needs root or passwordless sudo, and apt-get; otherwise it says
 * what to install. Returns the packages it installed. apt-get is not run under the process guard:
 * killing it half-way could leave dpkg broken.
 */
export async function ensureDebianPackages(
	packages: NeededPackage[],
	log: (message: string) => void = () => undefined,
): Promise<string[]> {
	const missing = packages.filter((pkg) => !pkg.isPresent()).map((pkg) => pkg.name);
	if (missing.length === 0) return [];
	const aptGet = aptGetCommand();
	if (!aptGet) {
		throw new Error(
			`The queue-mode tests need ${missing.join(' and ')}: install them (Debian/Ubuntu: ` +
				`sudo apt-get install -y ${missing.join(' ')}), or run as root, where the suite installs them.`,
		);
	}
	log(`installing ${missing.join(', ')} (apt-get)`);
	const [command, ...prefix] = aptGet;
	const args = (rest: string[]) => [...prefix, ...rest];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Waits for a concurrent apt/dpkg run instead of failing on its lock.
	const lock = ['-o', 'DPkg::Lock::Timeout=300'];
	const options = { env, maxBuffer: 64 << 20, timeout: 15 * 60_000 };
	try {
		await execFileAsync(command, args([...lock, 'update', '-qq']), options);
		await execFileAsync(
			command,
			args([...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing]),
			options,
		);
	} catch (error) {
		const { stderr } = error as { stderr?: string };
		throw new Error(`apt-get install ${missing.join(' ')} failed:\n${stderr ?? String(error)}`);
	}
	const stillMissing = packages.filter((pkg) => !pkg.isPresent()).map((pkg) => pkg.name);
	if (stillMissing.length > 0) {
		throw new Error(
			`apt-get installed ${missing.join(' ')} but ${stillMissing.join(', ')} is still missing`,
		);
	}
	return missing;
}
