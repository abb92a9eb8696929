import { execFileSync, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { EmulatorAdminClient } from '../test/e2e/lib/emulatorAdmin';
import type { N8nInstance } from '../test/e2e/lib/n8nInstance';
import { startE2eStack, type E2eStack } from '../test/e2e/lib/stack';
import { e2eTargets, type E2eTarget } from '../test/e2e/lib/targets';
import { profiled, profilerEnv, type GcShare } from './gcProfile';
import { peakBetween, traceProcessMemory } from './processMemory';
import { RAW_COPY_PREFIX, type RawCopyResult, type RawCopySpec } from './rawCopy';
import { seedGeneration, type SectionContext } from './sections';
import { SHARE_CHECK_MB, STREAM_PATHS, best, median, type StreamPath, type ThroughputResults, type ThroughputRun } from './throughputResults';
import { THROUGHPUT, throughputWorkflows, type ThroughputWorkflow } from './throughputWorkflows';
import { MB } from './types';

const ROOT = join(__dirname, '..');
const RAW_COPY = join(__dirname, 'rawCopy.ts');

/**
 * Writes what earlier runs left in the page cache to disk. Every run stores hundreds of MB (n8n
 * keeps its binary data, the raw copy deletes its file); without this the kernel flushes them
 * during whichever transfer comes next.
 */
const flushToDisk = () => execFileSync('sync');

/** Runs the raw client with the target's Node.js (the same runtime as that n8n). */
async function rawCopy(nodeBin: string, spec: RawCopySpec[]): Promise<RawCopyResult> {
	flushToDisk();
	const child = spawn(nodeBin, ['--import', 'tsx', RAW_COPY, JSON.stringify(spec)], { cwd: ROOT });
	let out = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
	const line = out.split('\n').find((candidate) => candidate.startsWith(RAW_COPY_PREFIX));
	if (!line) throw new Error(`raw copy exited with ${code}: ${out.slice(-2000)}`);
	return JSON.parse(line.slice(RAW_COPY_PREFIX.length)) as RawCopyResult;
}

interface NodeRunOutcome {
	ms: number;
	/** Peak RSS of n8n while the node ran, minus its RSS when the node started. */
	rssGrowth?: number;
	/** When the node started (epoch ms). */
	startedAt?: number;
	error?: string;
	json?: Record<string, unknown>;
}

/** Calls a bench workflow's webhook, then reads the node's run time from the execution. */
async function runNode(n8n: N8nInstance, workflow: ThroughputWorkflow, body: unknown): Promise<NodeRunOutcome> {
	const flow = THROUGHPUT[workflow];
	flushToDisk();
	const pid = n8n.commandPid;
	const tracing = pid === undefined ? undefined : traceProcessMemory(pid, 10);
	const response = await fetch(n8n.webhookUrl(flow.path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(180_000),
	});
	await response.arrayBuffer();
	const trace = tracing?.stop();
	const [summary] = await n8n.listExecutions(flow.id, 1);
	const execution = await n8n.getExecution(summary.id);
	const run = execution.data.resultData.runData[flow.node]?.[0];
	const error = execution.data.resultData.error?.message;
	if (!run) return { ms: Number.NaN, error: error ?? `${flow.node} did not run` };
	const end = run.startTime + run.executionTime;
	let rssGrowth: number | undefined;
	if (trace) {
		const before = trace.samples.filter((sample) => sample.at <= run.startTime).at(-1) ?? trace.samples[0];
		const peak = peakBetween(trace.samples, run.startTime, end);
		if (peak !== undefined) rssGrowth = peak - before.rss;
	}
	const json = (run as { data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }).data?.main?.[0]?.[0]?.json;
	return { ms: run.executionTime, startedAt: run.startTime, rssGrowth, error, json };
}

/** Runs a workflow once more under n8n's CPU profiler: how much of the node's run was GC. */
async function gcOfOneRun(
	ctx: SectionContext,
	n8n: N8nInstance,
	workflow: ThroughputWorkflow,
	body: unknown,
): Promise<GcShare | undefined> {
	const pid = n8n.commandPid;
	if (pid === undefined) return undefined;
	const { gc, problem } = await profiled(
		pid,
		profileFile(ctx),
		async () => await runNode(n8n, workflow, body),
		(outcome) => (outcome.startedAt === undefined ? undefined : { from: outcome.startedAt, to: outcome.startedAt + outcome.ms }),
	);
	if (problem) ctx.log(`  no GC share for ${workflow}: ${problem}`);
	return gc;
}

const profileFile = (ctx: SectionContext) => join(ctx.files.dir, 'n8n-profile.json');

/** A COMPLETED generation whose output is `bytes` long; returns its id and output URL. */
async function finishedGeneration(stack: E2eStack, bytes: number): Promise<{ id: string; url: string }> {
	const admin = new EmulatorAdminClient(stack.emulator.adminUrl);
	await admin.configureSync({
		largeOutputBytes: bytes,
		timing: { pendingMs: 10, processingMs: 10, batchPendingMs: 10 },
		// The per-item runs make thousands of requests a minute: no rate limit in the way.
		otherRateLimitPerMin: 1_000_000,
		uploadRateLimitPerMin: 1_000_000,
	});
	const { id, outputUrl } = await seedGeneration(stack.emulator);
	return { id, url: outputUrl };
}

/** A pre-signed upload target of the emulator for `bytes` of video/mp4. */
async function uploadTarget(stack: E2eStack, bytes: number): Promise<string> {
	const response = await fetch(`${stack.emulator.syncBaseUrl}/v2/assets/upload`, {
		method: 'POST',
		headers: { 'x-api-key': stack.emulator.syncApiKey, 'content-type': 'application/json' },
		body: JSON.stringify({ fileName: 'raw.mp4', contentType: 'video/mp4', size: bytes }),
	});
	return ((await response.json()) as { uploadUrl: string }).uploadUrl;
}

async function measurePath(
	ctx: SectionContext,
	stack: E2eStack,
	target: E2eTarget,
	path: StreamPath,
	sizeMB: number,
	repeats: number,
): Promise<ThroughputRun> {
	const bytes = sizeMB * MB;
	const file = await ctx.files.video(bytes);
	const out = join(ctx.files.dir, 'raw-download.bin');
	const { nodeBin } = stack.n8n.state;
	const run: ThroughputRun = { target: target.name, path, sizeMB, rawMs: [], httpMs: [], nodeMs: [], rssGrowth: [] };
	const generation = path === 'download' ? await finishedGeneration(stack, bytes) : undefined;
	const http = `http${path[0].toUpperCase()}${path.slice(1)}` as ThroughputWorkflow;
	// What both workflows' webhooks get: the finished generation, or the file and a fresh upload URL.
	const webhookBody = async () =>
		path === 'download' ? { id: generation!.id, url: generation!.url } : { path: file, url: await uploadTarget(stack, bytes) };
	for (let attempt = 0; attempt < repeats; attempt++) {
		// Raw copies, n8n's HTTP Request node and ours alternate: a burst of load hits all alike.
		const spec = async (): Promise<RawCopySpec> =>
			path === 'videoToMusic'
				? {
						kind: 'multipart',
						url: `${stack.emulator.elevenLabsBaseUrl}/v1/music/video-to-music?output_format=pcm_8000`,
						headers: { 'xi-api-key': stack.emulator.elevenLabsApiKey },
						file,
						size: bytes,
					}
				: path === 'assetUpload'
					? { kind: 'put', url: await uploadTarget(stack, bytes), contentType: 'video/mp4', file, size: bytes }
					: { kind: 'get', url: generation!.url, out };
		// The client's first copy warms up its JIT; the second is timed.
		const raw = await rawCopy(nodeBin, [await spec(), await spec()]);
		if (raw.status !== 200 || raw.bytes !== bytes) run.error = `raw copy: HTTP ${raw.status}, ${raw.bytes} bytes`;
		run.rawMs.push(raw.ms);
		await rm(out, { force: true });
		const body = await webhookBody();
		// Every other time ours runs first: whichever runs second meets the garbage of the first.
		const order = attempt % 2 === 0 ? (['http', 'node'] as const) : (['node', 'http'] as const);
		for (const which of order) {
			const outcome = await runNode(stack.n8n, which === 'http' ? http : path, body);
			if (outcome.error) run.error = which === 'http' ? `HTTP Request: ${outcome.error}` : outcome.error;
			if (which === 'http') run.httpMs.push(outcome.ms);
			else {
				run.nodeMs.push(outcome.ms);
				if (outcome.rssGrowth !== undefined) run.rssGrowth.push(outcome.rssGrowth);
			}
		}
	}
	if (sizeMB === SHARE_CHECK_MB) {
		const body = await webhookBody();
		run.gc = { http: await gcOfOneRun(ctx, stack.n8n, http, body), node: await gcOfOneRun(ctx, stack.n8n, path, body) };
	}
	ctx.log(
		`  ${target.label} ${path} ${sizeMB} MB, fastest rounds: raw ${best(run.rawMs).toFixed(0)} ms, HTTP Request ${best(run.httpMs).toFixed(0)} ms, node ${best(run.nodeMs).toFixed(0)} ms` +
			` [raw ${run.rawMs.map(Math.round).join('/')}; HTTP Request ${run.httpMs.join('/')}; node ${run.nodeMs.join('/')}]` +
			` (${((100 * best(run.rawMs)) / best(run.nodeMs)).toFixed(0)} % of raw), RSS +${(Math.max(...run.rssGrowth, 0) / MB).toFixed(1)} MB` +
			(run.gc?.node ? `; profiled: node ${run.gc.node.ms} ms, ${run.gc.node.gcMs.toFixed(0)} ms GC` : '') +
			(run.gc?.http ? `, HTTP Request ${run.gc.http.ms} ms, ${run.gc.http.gcMs.toFixed(0)} ms GC` : '') +
			(run.error ? `, ERROR ${run.error}` : ''),
	);
	return run;
}

/** Per-item cost: `items` Lipsync Gets vs n8n's HTTP Request node on the same URL, same credential. */
async function measureItems(ctx: SectionContext, stack: E2eStack, target: E2eTarget, items: number, repeats: number) {
	const { id } = await finishedGeneration(stack, 1024);
	const packageMs: number[] = [];
	const httpMs: number[] = [];
	let error: string | undefined;
	for (let attempt = 0; attempt < repeats; attempt++) {
		for (const [workflow, into] of [['getsPackage', packageMs], ['getsHttp', httpMs]] as const) {
			const outcome = await runNode(stack.n8n, workflow, { id, n: items });
			if (outcome.error) error = `${workflow}: ${outcome.error}`;
			into.push(outcome.ms);
		}
	}
	ctx.log(`  ${target.label} ${items} Gets: package ${median(packageMs)} ms, HTTP Request ${median(httpMs)} ms`);
	return { target: target.name, items, packageMs, httpMs, error };
}

/**
 * Real n8n in each e2e target (regular mode, filesystem binary data), the package installed as
 * n8n installs community packages: every streamed path against a raw copy of the same bytes.
 */
export async function throughputSection(
	ctx: SectionContext,
	options: { sizesMB: number[]; repeats: number; items: number; targets?: string[] },
): Promise<ThroughputResults> {
	const results: ThroughputResults = { targets: [], runs: [], items: [] };
	for (const target of e2eTargets().filter((one) => !options.targets || options.targets.includes(one.name))) {
		ctx.log(`Throughput in ${target.label}: starting n8n`);
		const started = Date.now();
		// The profiler preload stays idle until the share runs ask (gcOfOneRun).
		const stack = await startE2eStack({ target, moreFileDirs: [ctx.files.dir], n8nEnv: profilerEnv(profileFile(ctx)) });
		try {
			const { n8n } = stack;
			for (const workflow of throughputWorkflows(stack.data.packageName, stack.emulator)) {
				await n8n.createWorkflow(workflow);
				await n8n.activateWorkflow(workflow.id!);
			}
			const setupMs = Date.now() - started;
			// One unmeasured small run of each path first: n8n loads the node and its modules.
			for (const path of STREAM_PATHS) await measurePath(ctx, stack, target, path, 1, 1);
			results.targets.push({ name: target.name, label: target.label, setupMs });
			for (const sizeMB of options.sizesMB) {
				for (const path of STREAM_PATHS) {
					results.runs.push(await measurePath(ctx, stack, target, path, sizeMB, options.repeats));
				}
			}
			if (options.items > 0) results.items.push(await measureItems(ctx, stack, target, options.items, options.repeats));
		} finally {
			await stack.stop();
		}
	}
	return results;
}
