// The shape every node shares (README "Architecture"), checked on the sources so it stays true:
// each action node routes through actions/router.ts to operation files exporting `description`
// and `execute`; no operation imports another; node code imports only what n8n's verification
// allows at runtime; files stay small (tests, bench and scripts too); relative imports form no
// cycle.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from '../e2e/lib/paths';

const MAX_LINES = 300;
// n8n's community-package rules: the only runtime imports a verified package may use.
const ALLOWED_PACKAGES = new Set(['n8n-workflow', 'zod', 'lodash', 'luxon', 'p-limit', 'crypto']);

/** Repo-relative '/'-separated paths of the sources under `dir` (.ts unless `pattern` says). */
function sources(dir: string, pattern = /\.ts$/): string[] {
	return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
		.filter((file) => pattern.test(file) && !file.split(path.sep).includes('node_modules'))
		.map((file) => path.posix.join(dir, ...file.split(path.sep)));
}

/** Lines as `wc -l` counts them (a last line without a newline counts too). */
function lineCount(source: string): number {
	return source.split('\n').length - (source.endsWith('\n') ? 1 : 0);
}

const nodeSources = [...sources('nodes'), ...sources('credentials')];
const text = new Map(
	nodeSources.map((file) => [file, readFileSync(path.join(repoRoot, file), 'utf8')]),
);

/** Module specifiers imported or re-exported by a source file. */
function specifiers(file: string): string[] {
	const pattern =
		/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g;
	return [...text.get(file)!.matchAll(pattern)].map((match) => match[1] ?? match[2]);
}

/** The source a relative specifier points at (file.ts or folder/index.ts). */
function resolve(from: string, specifier: string): string {
	const base = path.posix.join(path.posix.dirname(from), specifier);
	const candidate = [`${base}.ts`, `${base}/index.ts`].find((file) => text.has(file));
	if (!candidate) throw new Error(`${from} imports ${specifier}, which is not a source file`);
	return candidate;
}

const relativeImports = new Map(
	nodeSources.map((file) => [
		file,
		specifiers(file)
			.filter((specifier) => specifier.startsWith('.'))
			.map((specifier) => resolve(file, specifier)),
	]),
);

const actionNodes = readdirSync(path.join(repoRoot, 'nodes'), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name)
	.filter((name) => text.has(`nodes/${name}/${name}.node.ts`))
	.filter((name) => /async execute\(/.test(text.get(`nodes/${name}/${name}.node.ts`)!));

describe('package shape', () => {
	it('finds the three action nodes', () => {
		expect(actionNodes.sort()).toEqual(['LipsyncGeneration', 'SyncDub', 'VideoToMusic']);
	});

	it.each(actionNodes)('%s routes through actions/router.ts to operation files', (name) => {
		const nodeFile = `nodes/${name}/${name}.node.ts`;
		expect(relativeImports.get(nodeFile)).toContain(`nodes/${name}/actions/router.ts`);

		const operations = nodeSources.filter(
			(file) => file.startsWith(`nodes/${name}/actions/`) && file.endsWith('.operation.ts'),
		);
		expect(operations.length).toBeGreaterThan(0);
		for (const operation of operations) {
			expect(text.get(operation)).toMatch(/export const description\b/);
			expect(text.get(operation)).toMatch(/export async function execute\(/);
			const importsAnotherOperation = relativeImports
				.get(operation)!
				.filter((target) => target.endsWith('.operation.ts'));
			expect({ operation, importsAnotherOperation }).toEqual({
				operation,
				importsAnotherOperation: [],
			});
		}
	});

	it.each(actionNodes)('%s takes its list searches from its methods/ folder', (name) => {
		const nodeFile = `nodes/${name}/${name}.node.ts`;
		if (!/listSearch/.test(text.get(nodeFile)!)) return;
		expect(relativeImports.get(nodeFile)).toContain(`nodes/${name}/methods/index.ts`);
	});

	it(`keeps every node and credential file under ${MAX_LINES} lines`, () => {
		const long = nodeSources
			.map((file) => ({ file, lines: lineCount(text.get(file)!) }))
			.filter(({ lines }) => lines > MAX_LINES);
		expect(long).toEqual([]);
	});

	it(`keeps every test, bench and script file under ${MAX_LINES} lines`, () => {
		const long = ['test', 'bench', 'scripts']
			.flatMap((dir) => sources(dir, /\.(ts|mjs|cjs|js)$/))
			.map((file) => ({ file, lines: lineCount(readFileSync(path.join(repoRoot, file), 'utf8')) }))
			.filter(({ lines }) => lines > MAX_LINES);
		expect(long).toEqual([]);
	});

	it('imports only the packages n8n allows at runtime', () => {
		const outside = nodeSources.flatMap((file) =>
			specifiers(file)
				.filter((specifier) => !specifier.startsWith('.'))
				.filter((specifier) => !ALLOWED_PACKAGES.has(specifier.replace(/^node:/, '')))
				.map((specifier) => `${file}: ${specifier}`),
		);
		expect(outside).toEqual([]);
	});

	it('has no import cycle', () => {
		const cycles: string[] = [];
		const done = new Set<string>();
		const visit = (file: string, trail: string[]) => {
			const seen = trail.indexOf(file);
			if (seen >= 0) return void cycles.push([...trail.slice(seen), file].join(' -> '));
			if (done.has(file)) return;
			for (const target of relativeImports.get(file)!) visit(target, [...trail, file]);
			done.add(file);
		};
		for (const file of nodeSources) visit(file, []);
		expect(cycles).toEqual([]);
	});

	it('keeps nodes/shared/ free of vendors and nodes: no import out of it, no vendor word in it', () => {
		const shared = nodeSources.filter((file) => file.startsWith('nodes/shared/'));
		const upward = shared.flatMap((file) =>
			relativeImports
				.get(file)!
				.filter((target) => !target.startsWith('nodes/shared/'))
				.map((target) => `${file} -> ${target}`),
		);
		expect(upward).toEqual([]);
		const vendorWords = /\b(Sync|sync\.so|ElevenLabs|Lipsync|Max Concurrent Jobs|Get Many)\b/;
		const worded = shared.filter((file) => vendorWords.test(text.get(file)!));
		expect(worded).toEqual([]);
	});

	it('layers the vendor folders side by side: api/ imports nothing above it, neither vendor the other', () => {
		const vendors = ['sync', 'elevenLabs'];
		const wrong = nodeSources.flatMap((file) => {
			const vendor = vendors.find((name) => file.startsWith(`nodes/${name}/`));
			if (!vendor) return [];
			return relativeImports
				.get(file)!
				.filter(
					(target) => !target.startsWith('nodes/shared/') && !target.startsWith(`nodes/${vendor}/`),
				)
				.concat(
					file.startsWith(`nodes/${vendor}/api/`)
						? relativeImports
								.get(file)!
								.filter((target) => /\/(generation|parameters)\//.test(target))
						: [],
				)
				.map((target) => `${file} -> ${target}`);
		});
		expect(wrong).toEqual([]);
	});
});
