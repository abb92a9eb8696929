import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from './paths';

const execFileAsync = promisify(execFile);

interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

export function readOwnPackageJson(packageDir = repoRoot): PackageJson {
	return JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * What a package declares to n8n, as node/credential type names (default: the repo; pass the
 * installed copy to get exactly what n8n loaded).
 */
export function declaredTypes(packageDir = repoRoot): {
	packageName: string;
	nodes: string[];
	credentials: string[];
} {
	const pkg = readOwnPackageJson(packageDir);
	const baseName = (file: string) => path.basename(file).split('.')[0];
	const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
	return {
		packageName: pkg.name,
		// n8n's node type is `<package>.<description.name>`; our node names are the class names with
		// a lower-case first letter (n8n convention, checked by the lint rules).
		nodes: (pkg.n8n?.nodes ?? []).map((file) => lowerFirst(baseName(file))),
		credentials: (pkg.n8n?.credentials ?? []).map((file) => lowerFirst(baseName(file))),
	};
}

const SOURCE_ENTRIES = ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json'];

function newestMtime(entry: string): number {
	let stat;
	try {
		stat = statSync(entry);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const child of readdirSync(entry))
		newest = Math.max(newest, newestMtime(path.join(entry, child)));
	return newest;
}

/** True when dist/ is missing, lacks a declared file, or is older than a source file. */
export function isDistStale(): boolean {
	const dist = path.join(repoRoot, 'dist');
	const pkg = readOwnPackageJson();
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	for (const file of declared) {
		try {
			statSync(path.join(repoRoot, file));
		} catch {
			return true;
		}
	}
	const sources = Math.max(
		...SOURCE_ENTRIES.map((entry) => newestMtime(path.join(repoRoot, entry))),
	);
	return newestMtime(dist) < sources;
}

/** Environment for npm commands run on the repo (no npm_* leaking in from an outer npm run). */
function npmEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
	}
	return env;
}

/** `npm run build` when dist/ is stale (E2E_FORCE_BUILD=1 always builds, E2E_SKIP_BUILD=1 never). */
export async function buildIfStale(
	log: (message: string) => void = () => undefined,
): Promise<void> {
	if (process.env.E2E_SKIP_BUILD === '1') return;
	if (process.env.E2E_FORCE_BUILD !== '1' && !isDistStale()) return;
	log('building the package (npm run build)');
	try {
		await execFileAsync('npm', ['run', 'build'], {
			cwd: repoRoot,
			env: npmEnv(),
			maxBuffer: 64 << 20,
		});
	} catch (error) {
		const { stdout, stderr } = error as { stdout?: string; stderr?: string };
		throw new Error(`npm run build failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
	}
	if (isDistStale()) {
		throw new Error(
			'dist/ is still incomplete after the build: check the n8n section of package.json',
		);
	}
}

/** `npm pack` of the repo (exactly the files users get from the registry) into `destDir`. */
export async function packPackage(destDir: string): Promise<string> {
	mkdirSync(destDir, { recursive: true });
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{ cwd: repoRoot, env: npmEnv(), maxBuffer: 64 << 20 },
	);
	const [result] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>;
	return path.join(destDir, result.filename);
}

/**
 * Installs a packed tarball the way n8n's community-package installer leaves it:
 * `<userFolder>/.n8n/nodes/node_modules/<name>` plus `.n8n/nodes/package.json` listing it. n8n
 * scans that folder at start-up and registers the types as `<name>.<nodeName>`.
 */
export async function installPackedPackage(tarball: string, userFolder: string): Promise<string> {
	const pkg = readOwnPackageJson();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	// npm tarballs keep everything under package/.
	await execFileAsync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } },
			null,
			2,
		)}\n`,
	);
	return target;
}
