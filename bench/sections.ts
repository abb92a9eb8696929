import { startEmulator, type Emulator, type EmulatorOptions } from '../test/emulator';
import { maxRunningAtOnce } from '../test/emulator/testkit';
import type { InputFiles } from './inputs';
import type { Check, ManyItemsRun, MemoryRun, MemorySeries, TransportRun } from './results';
import { runChild } from './spawn';
import { MB, type ChildResult, type ChildSpec } from './types';

/** Emulator timings of every Sync run: short, fixed, so wall times compare across machines. */
export const TIMING = { pendingMs: 100, processingMs: 300, batchPendingMs: 50 };
export const MANY_ITEMS = 50;
export const SEQUENTIAL_GETS = 500;
const GROWTH_KEY = 'sk_test_sync_growth';

export interface SectionContext {
	files: InputFiles;
	checks: Check[];
	log(line: string): void;
}

/** Starts a fresh emulator for one measurement (clean counters and rate-limit windows). */
export async function withEmulator<T>(options: EmulatorOptions, use: (emulator: Emulator) => Promise<T>) {
	const emulator = await startEmulator(options);
	try {
		return await use(emulator);
	} finally {
		await emulator.close();
	}
}

export function syncTarget(emulator: Emulator, apiKey = emulator.syncApiKey) {
	return { syncBaseUrl: emulator.syncBaseUrl, apiKey, webhookSecret: emulator.webhookSecret };
}

/**
 * Runs a child. A node error becomes a failed check; the result is still returned (its timings and
 * the emulator's counters say how far the node got). A child that could not report gives undefined.
 */
export async function measure(ctx: SectionContext, name: string, spec: ChildSpec) {
	let result: ChildResult;
	try {
		result = await runChild(spec);
	} catch (error) {
		ctx.checks.push({ name: `${name} ran`, limit: 'no error', measured: (error as Error).message, pass: false });
		return undefined;
	}
	if (result.error) {
		ctx.checks.push({ name: `${name} ran`, limit: 'no error', measured: result.error, pass: false });
		ctx.log(`${name} FAILED after ${seconds(result.endedAt - result.startedAt)} s: ${result.error}`);
	}
	return result;
}

export const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function expectEqual(ctx: SectionContext, name: string, actual: unknown, expected: unknown) {
	if (actual === expected) return;
	ctx.checks.push({ name, limit: `= ${String(expected)}`, measured: String(actual), pass: false });
}

function memoryRun(label: string, payloadBytes: number, result: ChildResult, phaseMs?: number): MemoryRun {
	const wallMs = result.endedAt - result.startedAt;
	const { memory } = result;
	return {
		label,
		payloadBytes,
		wallMs,
		throughputMBs: payloadBytes / MB / (Math.max(1, phaseMs ?? wallMs) / 1000),
		rssGrowth: memory.peakRss - memory.baselineRss,
		arrayBuffersGrowth: memory.peakArrayBuffers - memory.baselineArrayBuffers,
		baselineRss: memory.baselineRss,
		processPeakRss: memory.maxRss,
		samples: memory.samples,
	};
}

function logRun(ctx: SectionContext, series: string, run: MemoryRun) {
	ctx.log(
		`${series} ${run.label}: ${seconds(run.wallMs)} s, ${run.throughputMBs.toFixed(0)} MB/s, ` +
			`RSS +${(run.rssGrowth / MB).toFixed(1)} MB, arrayBuffers +${(run.arrayBuffersGrowth / MB).toFixed(1)} MB`,
	);
}

/** 1. Video To Music: one binary input streamed into the multipart upload. */
export async function videoToMusicUpload(ctx: SectionContext, sizesMB: number[]): Promise<MemorySeries> {
	const series: MemorySeries = {
		id: 'video-to-music',
		title: 'Video To Music: streaming multipart upload',
		what: 'One item with one binary video (a valid MP4 padded to the size), output format pcm_8000.',
		throughputOver: 'whole node run',
		runs: [],
	};
	for (const sizeMB of sizesMB) {
		const bytes = sizeMB * MB;
		const videoPath = await ctx.files.video(bytes);
		await withEmulator({ elevenLabs: { maxTotalBytes: 200 * MB } }, async (emulator) => {
			const name = `Video To Music ${sizeMB} MB`;
			const result = await measure(ctx, name, {
				kind: 'videoToMusic',
				elevenLabsBaseUrl: emulator.elevenLabsBaseUrl,
				apiKey: emulator.elevenLabsApiKey,
				videoPath,
			});
			if (!result || result.error) return;
			expectEqual(ctx, `${name}: input bytes`, result.details.inputBytes, bytes);
			// 4 s of 8 kHz 16-bit PCM: the emulator read the whole upload including the MP4 header.
			expectEqual(ctx, `${name}: soundtrack bytes`, result.details.outputBytes, 64000);
			expectEqual(ctx, `${name}: music generations`, emulator.admin.counters().musicGenerations, 1);
			const run = memoryRun(`${sizeMB} MB`, bytes, result);
			series.runs.push(run);
			logRun(ctx, 'Video To Music', run);
		});
	}
	return series;
}

/** 2. Sync: a binary uploaded through the assets flow (presigned PUT), by two operations. */
export async function syncBinaryUpload(
	ctx: SectionContext,
	kind: 'assetUpload' | 'dubUpload',
	sizesMB: number[],
): Promise<MemorySeries> {
	const asset = kind === 'assetUpload';
	const series: MemorySeries = {
		id: asset ? 'sync-asset-upload' : 'sync-dub-upload',
		title: asset
			? 'Lipsync Generation → Asset → Upload: presigned upload'
			: 'Sync Dub with a binary video: upload, then create',
		what: asset
			? 'One item with one binary video; asks for an upload URL, PUTs the file, registers the asset.'
			: 'One item with one binary video, Completion "Don\'t Wait": asset upload plus POST /v2/generate.',
		throughputOver: 'whole node run',
		runs: [],
	};
	for (const sizeMB of sizesMB) {
		const bytes = sizeMB * MB;
		const videoPath = await ctx.files.video(bytes);
		await withEmulator({ sync: { timing: TIMING } }, async (emulator) => {
			const name = `${asset ? 'Asset Upload' : 'Sync Dub'} ${sizeMB} MB`;
			const result = await measure(ctx, name, { kind, videoPath, ...syncTarget(emulator) });
			if (!result || result.error) return;
			const counters = emulator.admin.counters();
			expectEqual(ctx, `${name}: uploads received`, counters.uploadsReceived, 1);
			expectEqual(ctx, `${name}: stored asset bytes`, emulator.admin.assets()[0]?.size, bytes);
			if (!asset) expectEqual(ctx, `${name}: generations created`, counters.generationsCreated, 1);
			const run = memoryRun(`${sizeMB} MB`, bytes, result);
			series.runs.push(run);
			logRun(ctx, asset ? 'Asset Upload' : 'Sync Dub', run);
		});
	}
	return series;
}

/** 3. Lipsync Generation Create (poll) streaming a large output video into the binary store. */
export async function lipsyncDownload(ctx: SectionContext, sizesMB: number[]): Promise<MemorySeries> {
	const series: MemorySeries = {
		id: 'lipsync-download',
		title: 'Lipsync Generation → Create (Poll Until Done): streamed output download',
		what: 'One item (video and audio URLs); the emulator serves an output MP4 of the given size.',
		throughputOver: 'download phase: COMPLETED → node done',
		runs: [],
	};
	for (const sizeMB of sizesMB) {
		const bytes = sizeMB * MB;
		await withEmulator({ sync: { timing: TIMING, largeOutputBytes: bytes } }, async (emulator) => {
			const name = `Lipsync download ${sizeMB} MB`;
			const result = await measure(ctx, name, { kind: 'lipsyncDownload', ...syncTarget(emulator) });
			if (!result || result.error) return;
			expectEqual(ctx, `${name}: output bytes`, result.details.outputBytes, bytes);
			const generation = emulator.admin.generations()[0];
			expectEqual(ctx, `${name}: status`, generation?.status, 'COMPLETED');
			const completedAt = generation?.processingUntil ?? result.startedAt;
			const run = memoryRun(`${sizeMB} MB`, bytes, result, result.endedAt - completedAt);
			series.runs.push(run);
			logRun(ctx, 'Lipsync download', run);
		});
	}
	return series;
}


/** 4. Many items on a Growth key (6 running at Sync), Max Concurrent Jobs 1 vs 6. */
export async function manyItems(
	ctx: SectionContext,
	completion: 'none' | 'poll',
	concurrencies: number[],
): Promise<ManyItemsRun[]> {
	const runs: ManyItemsRun[] = [];
	for (const maxConcurrentJobs of concurrencies) {
		await withEmulator({ sync: { timing: TIMING } }, async (emulator) => {
			const name = `${MANY_ITEMS} items, ${completion}, Max Concurrent Jobs ${maxConcurrentJobs}`;
			const result = await measure(ctx, name, {
				kind: 'manyItems',
				items: MANY_ITEMS,
				completion,
				maxConcurrentJobs,
				...syncTarget(emulator, GROWTH_KEY),
			});
			if (!result) return;
			const counters = emulator.admin.counters();
			const requests = Object.entries(counters.requests);
			const count = (match: (route: string) => boolean) =>
				requests.filter(([route]) => match(route)).reduce((sum, [, n]) => sum + n, 0);
			const createRequests = count((route) => route === 'POST /v2/generate');
			const statusRequests = count((route) => route.startsWith('GET /v2/generat'));
			const run: ManyItemsRun = {
				completion,
				maxConcurrentJobs,
				items: MANY_ITEMS,
				wallMs: result.endedAt - result.startedAt,
				generationsCreated: counters.generationsCreated,
				createRequests,
				statusRequests,
				otherRequests: count(() => true) - createRequests - statusRequests,
				maxRunning: maxRunningAtOnce(emulator.admin.generations()),
				statuses: result.error ? `node failed: ${result.error}` : String(result.details.statuses),
				failed: Boolean(result.error),
			};
			// Every item must have created exactly one generation: no duplicates from retries.
			ctx.checks.push({
				name: `${name}: generations created`,
				limit: `= ${MANY_ITEMS}`,
				measured: String(run.generationsCreated),
				pass: run.generationsCreated === MANY_ITEMS,
			});
			const expected = completion === 'poll' ? 'COMPLETED' : 'PENDING';
			if (!run.failed) expectEqual(ctx, `${name}: output statuses`, run.statuses, `${expected} ${MANY_ITEMS}`);
			runs.push(run);
			ctx.log(
				`${name}: ${seconds(run.wallMs)} s, ` +
					`${run.generationsCreated} generations, ` +
					`${((run.createRequests + run.statusRequests + run.otherRequests) / Math.max(1, run.generationsCreated)).toFixed(2)} requests/generation, ` +
					`max ${run.maxRunning} running`,
			);
		});
	}
	return runs;
}

/** 5. Transport overhead: one execution of Get with many items, one request each, in sequence. */
export async function sequentialGets(ctx: SectionContext): Promise<TransportRun[]> {
	return await withEmulator({ sync: { timing: TIMING } }, async (emulator) => {
		const { id } = await seedGeneration(emulator);
		const seedRequests = countStatusRequests(emulator);
		const name = `Get × ${SEQUENTIAL_GETS}`;
		const result = await measure(ctx, name, {
			kind: 'getMany',
			items: SEQUENTIAL_GETS,
			generationId: id,
			...syncTarget(emulator),
		});
		if (!result || result.error) return [];
		const getRequests = countStatusRequests(emulator) - seedRequests;
		expectEqual(ctx, `${name}: GET requests`, getRequests, SEQUENTIAL_GETS);
		const run = { items: SEQUENTIAL_GETS, wallMs: result.endedAt - result.startedAt, getRequests };
		ctx.log(`${name}: ${seconds(run.wallMs)} s, ${(run.items / (run.wallMs / 1000)).toFixed(0)} items/s`);
		return [run];
	});
}

/** GET /v2/generate/:id and GET /v2/generations/:id requests so far. */
function countStatusRequests(emulator: Emulator): number {
	return Object.entries(emulator.admin.counters().requests)
		.filter(([route]) => route.startsWith('GET /v2/generat'))
		.reduce((sum, [, count]) => sum + count, 0);
}

/** Creates one generation over the API and waits until it is COMPLETED; its id and output URL. */
export async function seedGeneration(emulator: Pick<Emulator, 'syncBaseUrl' | 'syncApiKey'>) {
	const headers = { 'x-api-key': emulator.syncApiKey, 'content-type': 'application/json' };
	const response = await fetch(`${emulator.syncBaseUrl}/v2/generate`, {
		method: 'POST',
		headers,
		body: JSON.stringify({
			model: 'lipsync-2',
			input: [
				{ type: 'video', url: 'https://media.example.com/face.mp4' },
				{ type: 'audio', url: 'https://media.example.com/voice.wav' },
			],
		}),
	});
	const { id } = (await response.json()) as { id: string };
	if (!response.ok || !id) throw new Error(`Seeding a generation failed: HTTP ${response.status}`);
	// Sync's long poll answers at every change of status: ask until it is done.
	for (let attempt = 0; attempt < 20; attempt++) {
		const done = await fetch(`${emulator.syncBaseUrl}/v2/generations/${id}?wait=true&timeout=10`, { headers });
		const { status, outputUrl } = (await done.json()) as { status?: string; outputUrl?: string };
		if (status === 'COMPLETED' && outputUrl) return { id, outputUrl };
		if (status !== 'PENDING' && status !== 'PROCESSING') throw new Error(`Seeded generation ${id} is ${status}`);
	}
	throw new Error(`Seeded generation ${id} did not complete`);
}
