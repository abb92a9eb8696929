import type { Check, ManyItemsRun, MemorySeries, QueueMemoryRun } from './results';
import { MB } from './types';

/**
 * The performance targets. Streaming means a node's memory does not depend on the file size:
 * - every run stays within MAX_GROWTH of its baseline (RSS and Buffers);
 * - the largest size needs at most MAX_SPREAD more than the smallest.
 * Some growth is expected: Buffers already sent wait for the garbage collector, and V8 only
 * collects them once external memory reaches its own threshold (tens of MB), whatever the size.
 */
export const MAX_GROWTH = 64 * MB;
export const MAX_SPREAD = 32 * MB;
/** Queue mode: how much more than n8n's own node storing the same file the package's node may take. */
export const N8N_STEP_MARGIN = 16 * MB;

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export function memoryChecks(series: MemorySeries): Check[] {
	const checks: Check[] = [];
	for (const run of series.runs) {
		checks.push(growthCheck(`${series.title}, ${run.label}: peak RSS growth`, run.rssGrowth));
		checks.push(
			growthCheck(`${series.title}, ${run.label}: peak arrayBuffers growth`, run.arrayBuffersGrowth),
		);
	}
	checks.push(...spreadCheck(series.title, series.runs.map((run) => ({ ...run, growth: run.rssGrowth }))));
	return checks;
}

function growthCheck(name: string, growth: number, limit = MAX_GROWTH): Check {
	return { name, limit: `≤ ${mb(limit)}`, measured: mb(growth), pass: growth <= limit };
}

/** The largest size may need at most MAX_SPREAD more than the smallest (none for one size). */
function spreadCheck(
	title: string,
	runs: Array<{ label: string; payloadBytes: number; growth: number }>,
): Check[] {
	if (runs.length < 2) return [];
	const smallest = runs.reduce((a, b) => (b.payloadBytes < a.payloadBytes ? b : a));
	const largest = runs.reduce((a, b) => (b.payloadBytes > a.payloadBytes ? b : a));
	const spread = largest.growth - smallest.growth;
	return [
		{
			name: `${title}: RSS growth ${largest.label} minus ${smallest.label}`,
			limit: `≤ ${mb(MAX_SPREAD)}`,
			measured: mb(spread),
			pass: spread <= MAX_SPREAD,
		},
	];
}

/**
 * Queue mode with filesystem binary data: in a real n8n worker, seen from the outside, the
 * node's run must meet the same streaming targets as in the harness. Database mode is n8n's own
 * cost: reported beside it, not a target of this package.
 */
export function queueModeChecks(runs: QueueMemoryRun[]): Check[] {
	const checks: Check[] = [];
	for (const n8n of new Set(runs.map((run) => run.n8n))) {
		// n8n's own Read/Write Files storing the same file is the yardstick where it needs more than
		// MAX_GROWTH itself (n8n 2.41 on Node 24 does): the node may need what n8n's own node needs.
		const n8nOwn = runs
			.filter((run) => run.n8n === n8n && run.binaryDataMode === 'filesystem')
			.map((run) => run.n8nStepGrowth ?? 0);
		const queueLimit = Math.max(MAX_GROWTH, Math.max(0, ...n8nOwn) + N8N_STEP_MARGIN);
		for (const transfer of ['upload', 'download'] as const) {
			const title = `Queue mode, ${n8n}, filesystem binary data, ${transfer}`;
			const measured = runs.filter(
				(run) => run.n8n === n8n && run.binaryDataMode === 'filesystem' && run.transfer === transfer,
			);
			const growths: Array<{ label: string; payloadBytes: number; growth: number }> = [];
			for (const run of measured) {
				if (run.error || run.nodeGrowth === undefined) {
					checks.push({ name: `${title}, ${run.label}: ran`, limit: 'no error', measured: run.error ?? 'no node run', pass: false });
					continue;
				}
				checks.push(
					growthCheck(`${title}, ${run.label}: worker RSS growth while the node ran`, run.nodeGrowth, queueLimit),
				);
				growths.push({ ...run, growth: run.nodeGrowth });
			}
			checks.push(...spreadCheck(title, growths));
		}
	}
	return checks;
}

/** Polling 50 items with 6 jobs at once must beat one at a time (a Growth key runs 6 at Sync). */
export function concurrencyCheck(runs: ManyItemsRun[]): Check[] {
	const serial = runs.find((run) => run.maxConcurrentJobs === 1);
	const parallel = runs.find((run) => run.maxConcurrentJobs > 1);
	if (!serial || !parallel) return [];
	return [
		{
			name: `${serial.items} items, poll: wall time with Max Concurrent Jobs ${parallel.maxConcurrentJobs} vs 1`,
			limit: '< 50 %',
			measured: `${((100 * parallel.wallMs) / serial.wallMs).toFixed(0)} %`,
			pass: parallel.wallMs < serial.wallMs / 2,
		},
	];
}
