/** The throughput section (real n8n, both versions): results, report and checks. */
import type { GcShare } from './gcProfile';
import { table } from './markdown';
import type { Check } from './results';
import { MB } from './types';

export const STREAM_PATHS = ['videoToMusic', 'assetUpload', 'download'] as const;
export type StreamPath = (typeof STREAM_PATHS)[number];

export interface ThroughputRun {
	/** e2e target name: 'oldest' | 'newest'. */
	target: string;
	path: StreamPath;
	sizeMB: number;
	/** Wall times of the plain client's copy, ms, one per repeat. */
	rawMs: number[];
	/** n8n's own HTTP Request node moving the same bytes (`executionTime`), ms, one per repeat. */
	httpMs: number[];
	/** The node's run time in n8n (`executionTime`), ms, one per repeat. */
	nodeMs: number[];
	/** n8n's peak RSS growth while the node ran, bytes, one per repeat. */
	rssGrowth: number[];
	/** One more run of each at the checked size, under n8n's CPU profiler: time and GC of it. */
	gc?: { http?: GcShare; node?: GcShare };
	error?: string;
}

export interface ItemsRun {
	target: string;
	items: number;
	packageMs: number[];
	httpMs: number[];
	error?: string;
}

export interface ThroughputResults {
	targets: Array<{ name: string; label: string; setupMs: number }>;
	runs: ThroughputRun[];
	items: ItemsRun[];
}

/** Every streamed path must reach this share of the raw copy at 200 MB. */
export const MIN_SHARE = 0.8;
export const SHARE_CHECK_MB = 200;
/** n8n's RSS may grow at most this much while a node streams (n8n's own memory included). */
export const MAX_N8N_GROWTH = 50 * MB;
/** The package's per-item time may exceed n8n's HTTP Request node by this factor (noise). */
export const MAX_ITEM_RATIO = 1.1;

const PATHS: Record<StreamPath, string> = {
	videoToMusic: 'Video To Music: multipart upload',
	assetUpload: 'Sync asset upload: pre-signed PUT',
	download: 'Lipsync / Sync Dub output download into the binary store',
};

export const median = (values: number[]) =>
	values.length === 0 ? Number.NaN : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/**
 * The fastest of a transfer's rounds: what the path costs when nothing else gets in the way. A
 * garbage collection of n8n's heap landing in the run, or the disk flushing, only ever adds time
 * (the bench log has every round).
 */
export const best = (values: number[]) => (values.length === 0 ? Number.NaN : Math.min(...values));
const share = (run: ThroughputRun) => best(run.rawMs) / best(run.nodeMs);
const httpShare = (run: ThroughputRun) => best(run.rawMs) / best(run.httpMs);
/** Node time over n8n's HTTP Request node's time on the same transfer. */
const vsHttp = (run: ThroughputRun) => best(run.nodeMs) / best(run.httpMs);
const pct = (value: number) => `${(value * 100).toFixed(0)} %`;
const mbs = (sizeMB: number, ms: number) => (sizeMB / (ms / 1000)).toFixed(0);

export function throughputChecks(results: ThroughputResults): Check[] {
	const label = (name: string) => results.targets.find((target) => target.name === name)?.label ?? name;
	const checks: Check[] = [];
	for (const run of results.runs) {
		const name = `${label(run.target)}, ${PATHS[run.path]}, ${run.sizeMB} MB`;
		if (run.error) checks.push({ name: `${name}: ran`, limit: 'no error', measured: run.error, pass: false });
		const growth = Math.max(...run.rssGrowth, 0);
		checks.push({
			name: `${name}: n8n RSS growth while the node ran`,
			limit: `≤ ${(MAX_N8N_GROWTH / MB).toFixed(1)} MB`,
			measured: `${(growth / MB).toFixed(1)} MB`,
			pass: growth <= MAX_N8N_GROWTH,
		});
		if (run.sizeMB !== SHARE_CHECK_MB) continue;
		// Where n8n's own HTTP Request node cannot reach the limit either, the gap is n8n's: the
		// node passes when it is no slower than n8n's node on the same transfer.
		const pass = share(run) >= MIN_SHARE || vsHttp(run) <= MAX_ITEM_RATIO;
		checks.push({
			name: `${name}: node throughput as a share of the raw copy (else: time vs n8n's HTTP Request node)`,
			limit: `≥ ${pct(MIN_SHARE)} (else ≤ ${MAX_ITEM_RATIO.toFixed(2)}×)`,
			measured: `${pct(share(run))} (${vsHttp(run).toFixed(2)}×; HTTP Request ${pct(httpShare(run))})`,
			pass,
		});
	}
	for (const run of results.items) {
		const ratio = median(run.packageMs) / median(run.httpMs);
		checks.push({
			name: `${label(run.target)}, ${run.items} Lipsync Gets vs ${run.items} HTTP Request GETs: time ratio`,
			limit: `≤ ${MAX_ITEM_RATIO.toFixed(2)}`,
			measured: run.error ?? ratio.toFixed(2),
			pass: !run.error && ratio <= MAX_ITEM_RATIO,
		});
	}
	return checks;
}

export function throughputReport(results: ThroughputResults, index: number, repeats: number): string {
	const label = (name: string) => results.targets.find((target) => target.name === name)?.label ?? name;
	return [
		`### ${index}. Throughput against the physical limit, in real n8n (both versions)`,
		'',
		`The packed package installed in each n8n the end-to-end tests use (regular mode, filesystem ` +
			`binary data), the emulator in its own process. For every path and size, ${repeats} rounds of ` +
			`a **raw copy**, n8n's **HTTP Request** node and the **node** (which of the two nodes runs ` +
			`first alternates: the second one meets the garbage of the first); each time is the **fastest ` +
			`of the rounds**, since a garbage collection of n8n's heap that happens to land in a run, or ` +
			`the disk flushing, only ever adds time (every round's time is in the bench log). The raw copy is a plain ` +
			`Node client (bench/rawCopy.ts, run by that n8n's own Node.js): \`fs\` read stream → ` +
			`\`http.request\` → the same emulator route (the same multipart framing for Video To Music, ` +
			`the same pre-signed PUT for the asset), and for the download the reverse, the output URL → ` +
			`a file; it copies once to warm up, then once timed. **HTTP Request** is n8n's own HTTP ` +
			`Request node (4.2) moving the same bytes the same way (form-data binary field, binary ` +
			`body, response as a file): what n8n itself manages, so the gap between it and the raw ` +
			`copy is n8n's own (its binary store, its HTTP client, its event loop). **Node** is n8n's own run time of the node (\`executionTime\`): for uploads n8n reading ` +
			`the stored input, for the download one status GET plus storing the output in n8n's binary ` +
			`store. **Share** = raw time / node time: 100 % is the machine's limit. **RSS growth**: the n8n ` +
			`process's peak RSS while the node ran minus its RSS when the node started, sampled every ` +
			`10 ms from /proc (n8n's own memory included), worst of the runs.`,
		'',
		table(
			[
				'n8n',
				'Path',
				'Size',
				'Raw copy (ms)',
				'HTTP Request (ms)',
				'Node (ms)',
				'Raw (MB/s)',
				'Node (MB/s)',
				'HTTP Request: share of raw',
				'Node: share of raw',
				'Node / HTTP Request',
				'RSS growth (MB)',
			],
			results.runs.map((run) => [
				label(run.target),
				PATHS[run.path],
				`${run.sizeMB} MB`,
				best(run.rawMs).toFixed(0),
				best(run.httpMs).toFixed(0),
				best(run.nodeMs).toFixed(0),
				mbs(run.sizeMB, best(run.rawMs)),
				mbs(run.sizeMB, best(run.nodeMs)),
				pct(httpShare(run)),
				pct(share(run)),
				vsHttp(run).toFixed(2),
				(Math.max(...run.rssGrowth, 0) / MB).toFixed(1),
			]),
		),
		'',
		`Per-item cost: one execution with N items, each a GET of the same finished generation, by ` +
			`Lipsync Generation → Get and by n8n's HTTP Request node (same URL, same credential, n8n ` +
			`adds the header); node run times, medians of ${repeats}.`,
		'',
		table(
			['n8n', 'Items', 'Lipsync Get (ms)', 'HTTP Request (ms)', 'Ratio'],
			results.items.map((run) => [
				label(run.target),
				String(run.items),
				median(run.packageMs).toFixed(0),
				median(run.httpMs).toFixed(0),
				(median(run.packageMs) / median(run.httpMs)).toFixed(2),
			]),
		),
		'',
		`**Where the time goes.** At ${SHARE_CHECK_MB} MB each path runs once more for each node with ` +
			`V8's CPU profiler attached to n8n (bench/n8nProfiler.cjs, loaded into the bench's n8n and ` +
			`idle until asked); the profile is cut to the node's run. **GC** is the time n8n's main ` +
			`thread spent collecting garbage in it. Moving a file allocates a new Buffer for every ` +
			`chunk read from a socket or a file, and V8 answers every few dozen MB of them with a full ` +
			`collection that marks n8n's whole heap (hundreds of MB), where the raw client's heap is ` +
			`a few MB. **Outside GC** is the node's share of the raw copy once that time is taken out.`,
		'',
		table(
			['n8n', 'Path', 'Node run (ms)', 'GC in it', 'HTTP Request run (ms)', 'GC in it', 'Node outside GC: share of raw'],
			results.runs
				.filter((run) => run.sizeMB === SHARE_CHECK_MB)
				.map((run) => {
					const { node, http } = run.gc ?? {};
					const gc = (share?: GcShare) => (share ? `${share.gcMs.toFixed(0)} ms (${pct(share.gcMs / share.ms)})` : '–');
					return [
						label(run.target),
						PATHS[run.path],
						node?.ms.toFixed(0) ?? '–',
						gc(node),
						http?.ms.toFixed(0) ?? '–',
						gc(http),
						node ? pct(best(run.rawMs) / (node.ms - node.gcMs)) : '–',
					];
				}),
		),
		'',
		`What is left is n8n's too, and its HTTP Request node pays it alike: n8n's binary store ` +
			`writes an incoming stream with \`fs.promises.writeFile(path, stream)\`, one awaited write ` +
			`per chunk, and reads a stored file with its own read stream; n8n's HTTP helper (axios, ` +
			`the only way a node may send) wraps a streamed response in one more stream on n8n 2.41. ` +
			`The node hands the stream from n8n's helper to n8n's store, or from n8n's store to n8n's ` +
			`helper, and adds no copy, buffer or stream of its own.`,
		'',
		`Set-up (n8n start, package install, workflows): ${results.targets
			.map((target) => `${target.label} ${(target.setupMs / 1000).toFixed(1)} s`)
			.join(', ')}.`,
	].join('\n');
}
