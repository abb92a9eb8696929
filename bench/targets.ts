import type { Check, ManyItemsRun, MemorySeries } from './results';
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

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export function memoryChecks(series: MemorySeries): Check[] {
	const checks: Check[] = [];
	for (const run of series.runs) {
		checks.push({
			name: `${series.title}, ${run.label}: peak RSS growth`,
			limit: `≤ ${mb(MAX_GROWTH)}`,
			measured: mb(run.rssGrowth),
			pass: run.rssGrowth <= MAX_GROWTH,
		});
		checks.push({
			name: `${series.title}, ${run.label}: peak arrayBuffers growth`,
			limit: `≤ ${mb(MAX_GROWTH)}`,
			measured: mb(run.arrayBuffersGrowth),
			pass: run.arrayBuffersGrowth <= MAX_GROWTH,
		});
	}
	if (series.runs.length >= 2) {
		const smallest = series.runs.reduce((a, b) => (b.payloadBytes < a.payloadBytes ? b : a));
		const largest = series.runs.reduce((a, b) => (b.payloadBytes > a.payloadBytes ? b : a));
		const spread = largest.rssGrowth - smallest.rssGrowth;
		checks.push({
			name: `${series.title}: RSS growth ${largest.label} minus ${smallest.label}`,
			limit: `≤ ${mb(MAX_SPREAD)}`,
			measured: mb(spread),
			pass: spread <= MAX_SPREAD,
		});
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
