/**
 * `npm run bench`: performance targets of the package, measured on real node code against the
 * emulator, each run in a fresh child process. Writes docs/benchmarks.md and exits non-zero when a
 * target is missed. Options: `--only=<section,...>` (prints, does not write), `--no-write`.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';

import { dubLanguages } from './dubLanguages';
import { InputFiles } from './inputs';
import { renderReport } from './report';
import type { BenchResults, MachineFacts } from './results';
import {
	MANY_ITEMS,
	SEQUENTIAL_GETS,
	TIMING,
	lipsyncDownload,
	manyItems,
	sequentialGets,
	syncBinaryUpload,
	videoToMusicUpload,
	type SectionContext,
} from './sections';
import { e2eTargets } from '../test/e2e/lib/targets';
import { queueModeMemory } from './queueMode';
import { throughputSection } from './throughput';
import { throughputChecks } from './throughputResults';
import { concurrencyCheck, memoryChecks, queueModeChecks } from './targets';

const ROOT = join(__dirname, '..');
const REPORT = join(ROOT, 'docs', 'benchmarks.md');
const SECTIONS = ['video-to-music', 'sync-upload', 'lipsync-download', 'many-items', 'transport', 'dub-languages', 'throughput', 'queue-mode'];
/** Throughput in real n8n: sizes, rounds of each (fastest counts), items of the per-item comparison. */
const THROUGHPUT = { sizesMB: [50, 200], repeats: 7, items: 1000 };
/** Queue mode: sizes around n8n's limit for binary data read back from PostgreSQL (256 MiB). */
const QUEUE_MODE_SIZES_MB = [100, 300];

function machineFacts(): MachineFacts {
	let commit = 'unknown';
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
	} catch {
		// not a git checkout
	}
	return {
		date: new Date().toISOString(),
		cpuCount: cpus().length,
		cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
		totalMemory: totalmem(),
		node: process.version,
		os: `${type()} ${release()} (${process.arch})`,
		commit,
		loadAverage: loadavg()[0],
	};
}

function parseArgs(argv: string[]) {
	const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
	const unknown = only?.filter((name) => !SECTIONS.includes(name)) ?? [];
	if (unknown.length > 0) throw new Error(`Unknown section(s) ${unknown.join(', ')}; use ${SECTIONS.join(', ')}`);
	// `--targets=newest`: the real-n8n sections in some e2e targets only (prints, does not write).
	const targets = argv.find((arg) => arg.startsWith('--targets='))?.slice('--targets='.length).split(',');
	return {
		sections: new Set(only ?? SECTIONS),
		write: !only && !targets && !argv.includes('--no-write'),
		targets,
	};
}

async function main(): Promise<void> {
	const { sections, write, targets } = parseArgs(process.argv.slice(2));
	const startedAt = Date.now();
	const files = await InputFiles.create();
	// Ctrl-C: still remove the (large) input files.
	process.once('SIGINT', () => void files.remove().finally(() => process.exit(130)));
	const log = (line: string) => process.stdout.write(`${line}\n`);
	const ctx: SectionContext = { files, checks: [], log };
	const results: BenchResults = {
		machine: machineFacts(),
		series: [],
		manyItems: [],
		transport: [],
		dubLanguages: [],
		checks: ctx.checks,
		totalMs: 0,
		settings: { ...TIMING, items: MANY_ITEMS, gets: SEQUENTIAL_GETS, repeats: THROUGHPUT.repeats },
	};
	try {
		if (sections.has('video-to-music')) results.series.push(await videoToMusicUpload(ctx, [10, 100, 200]));
		if (sections.has('sync-upload')) {
			results.series.push(await syncBinaryUpload(ctx, 'assetUpload', [10, 200]));
			results.series.push(await syncBinaryUpload(ctx, 'dubUpload', [10, 200]));
		}
		if (sections.has('lipsync-download')) results.series.push(await lipsyncDownload(ctx, [50, 500]));
		if (sections.has('many-items')) {
			results.manyItems.push(...(await manyItems(ctx, 'none', [1, 6])));
			const poll = await manyItems(ctx, 'poll', [1, 6]);
			results.manyItems.push(...poll);
			ctx.checks.push(...concurrencyCheck(poll));
		}
		if (sections.has('transport')) results.transport.push(...(await sequentialGets(ctx)));
		if (sections.has('dub-languages')) results.dubLanguages.push(...(await dubLanguages(ctx)));
		if (sections.has('throughput')) {
			results.throughput = await throughputSection(ctx, { ...THROUGHPUT, targets });
			ctx.checks.push(...throughputChecks(results.throughput));
		}
		if (sections.has('queue-mode')) {
			for (const target of e2eTargets().filter((one) => !targets || targets.includes(one.name))) {
				results.queueMode = await queueModeMemory(ctx, QUEUE_MODE_SIZES_MB, target, results.queueMode);
			}
			if (results.queueMode) ctx.checks.push(...queueModeChecks(results.queueMode.runs));
		}
	} finally {
		await files.remove();
	}
	// Memory checks first in the report, then what the sections found along the way.
	ctx.checks.unshift(...results.series.flatMap(memoryChecks));
	results.totalMs = Date.now() - startedAt;
	results.machine.loadAverageAtEnd = loadavg()[0];

	const report = renderReport(results);
	if (write) {
		await writeFile(REPORT, report);
		log(`\nWrote ${REPORT}`);
	} else {
		log(`\n${report}`);
	}
	const failed = results.checks.filter((check) => !check.pass);
	for (const check of failed) log(`FAILED: ${check.name}: ${check.measured} (limit ${check.limit})`);
	log(failed.length === 0 ? `All ${results.checks.length} checks passed.` : `${failed.length} check(s) failed.`);
	process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
