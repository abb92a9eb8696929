// The package as users install it. `npm pack` of the build must hold exactly what n8n loads
// (compiled nodes and credentials, codex files, icons) plus package.json, README and licence: no
// README screenshots or test fixtures (`n8n-node build` copies every .png of the repo into dist/),
// no tsbuildinfo, declarations or source maps, and no bundled dependency.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildIfStale, readOwnPackageJson } from '../e2e/lib/packageInstall';
import { repoRoot } from '../e2e/lib/paths';

// About 64 KB packed and 250 KB unpacked today: room to grow, not for a screenshot (55–135 KB).
const MAX_PACKED_BYTES = 100 * 1024;
const MAX_UNPACKED_BYTES = 400 * 1024;

interface PackResult {
	filename: string;
	size: number;
	unpackedSize: number;
	files: Array<{ path: string }>;
}

/** Files under the repo folder `dir` matching `pattern`, as '/'-separated repo paths. */
function sourceFiles(dir: string, pattern: RegExp): string[] {
	return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
		.map((file) => path.posix.join(dir, ...file.split(path.sep)))
		.filter((file) => pattern.test(file));
}

/** What the build must ship, derived from the sources: tsc's output and the copied static files. */
function expectedFiles(): string[] {
	const compiled = ['nodes', 'credentials']
		.flatMap((dir) => sourceFiles(dir, /(?<!\.d)\.ts$/))
		.map((file) => file.replace(/\.ts$/, '.js'));
	const codex = sourceFiles('nodes', /\.json$/);
	const staticFiles = ['nodes', 'credentials', 'icons'].flatMap((dir) =>
		sourceFiles(dir, /\.(png|svg)$/),
	);
	const dist = [...compiled, ...codex, ...staticFiles].map((file) => `dist/${file}`);
	return [...dist, 'LICENSE.md', 'README.md', 'package.json'].sort();
}

describe('the published package (npm pack)', () => {
	let workDir: string;
	let packed: PackResult;

	beforeAll(async () => {
		await buildIfStale();
		workDir = mkdtempSync(path.join(tmpdir(), 'tarball-test-'));
		const stdout = execFileSync(
			'npm',
			['pack', '--json', '--ignore-scripts', '--pack-destination', workDir],
			{ cwd: repoRoot, encoding: 'utf8' },
		);
		[packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as PackResult[];
	}, 120_000);

	afterAll(() => rmSync(workDir, { recursive: true, force: true }));

	const packedPaths = () => packed.files.map((file) => file.path).sort();

	it('holds exactly the compiled nodes and credentials, codex files, icons, package.json, README and licence', () => {
		expect(packedPaths()).toEqual(expectedFiles());
	});

	it('holds every node and credential package.json declares to n8n', () => {
		const { n8n } = readOwnPackageJson();
		const declared = [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])];
		expect(declared).toHaveLength(6);
		expect(packedPaths()).toEqual(expect.arrayContaining(declared));
	});

	it('stays small', () => {
		expect(statSync(path.join(workDir, packed.filename)).size).toBe(packed.size);
		expect(packed.size).toBeLessThan(MAX_PACKED_BYTES);
		expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
	});
});
