/** The throughput section (real n8n, both versions): results, report and checks. */
import { table } from './markdown';
import type { Check } from './results';
import { MB } from './types';

export type StreamPath = 'videoToMusic' | 'assetUpload' | 'download';

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
const share = (run: ThroughputRun) => median(run.rawMs) / median(run.nodeMs);
const httpShare = (run: ThroughputRun) => median(run.rawMs) / median(run.httpMs);
/** Node time over n8n's HTTP Request node's time on the same transfer. */
const vsHttp = (run: ThroughputRun) => median(run.nodeMs) / median(run.httpMs);
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
			`binary data), the emulator in its own process. For every path and size, ${repeats} runs of ` +
			`a **raw copy** alternate with ${repeats} runs of the node; medians. The raw copy is a plain ` +
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
				median(run.rawMs).toFixed(0),
				median(run.httpMs).toFixed(0),
				median(run.nodeMs).toFixed(0),
				mbs(run.sizeMB, median(run.rawMs)),
				mbs(run.sizeMB, median(run.nodeMs)),
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
		`**Where the gap to the raw copy is n8n's own.** Uploads: n8n's HTTP helper (axios, the ` +
			`only way a node may send) on Node 24 spends most of a 200 MB streamed upload in garbage ` +
			`collection (CPU profile of the helper alone, outside n8n: about 1.1 s of GC against 56 ms ` +
			`for the raw client; chunk sizes from 64 KB to 4 MB do not change it); on Node 20 the same ` +
			`helper matches the raw client. Downloads: both n8n versions store an incoming stream with ` +
			`\`fs.promises.writeFile(path, stream)\`, one awaited write per socket chunk (16-64 KB), which ` +
			`n8n's HTTP Request node pays the same way (its share column). Re-cutting the stream into ` +
			`1 MiB pieces would need a stream the node may not build (\`stream\` is not among the ` +
			`modules a verified node may import, and with \`Readable.compose\` a cut-off download ` +
			`raised an uncaught error in the unit harness, which runs n8n-core); left to n8n.`,
		'',
		`Set-up (n8n start, package install, workflows): ${results.targets
			.map((target) => `${target.label} ${(target.setupMs / 1000).toFixed(1)} s`)
			.join(', ')}.`,
	].join('\n');
}
