import { table } from './markdown';
import type { QueueMemoryRun, QueueModeResults } from './results';
import { MB } from './types';

const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / MB).toFixed(1));

const TRANSFERS = {
	upload: 'Upload: Read/Write Files → Lipsync Generation → Asset → Upload',
	download: 'Download: Lipsync Generation → Create, Poll Until Done, output stored',
} as const;

/**
 * What database mode adds to the node's run: its growth minus the filesystem run's for the same
 * transfer and size (the node and n8n-core are the same; only n8n's binary store differs).
 */
function databaseShare(run: QueueMemoryRun, runs: QueueMemoryRun[]): number | undefined {
	if (run.binaryDataMode !== 'database' || run.nodeGrowth === undefined) return undefined;
	const filesystem = runs.find(
		(other) =>
			other.binaryDataMode === 'filesystem' &&
			other.n8n === run.n8n &&
			other.transfer === run.transfer &&
			other.payloadBytes === run.payloadBytes,
	);
	return filesystem?.nodeGrowth === undefined ? undefined : run.nodeGrowth - filesystem.nodeGrowth;
}

function outcome(run: QueueMemoryRun): string {
	return run.error ? `**failed: ${run.error.replace(/\|/g, '\\|')}**` : 'ok';
}

export function queueModeSection(results: QueueModeResults, index: number): string {
	const setup = Object.entries(results.setupMs)
		.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
		.join(', ');
	return [
		`### ${index}. Queue mode: worker memory, binary data in PostgreSQL vs on a shared filesystem`,
		'',
		'Real n8n processes (the e2e install): main, one worker, webhook processor, PostgreSQL and ' +
			'Redis. A production webhook starts each run, so the worker runs it; the worker is restarted ' +
			'before every run and its RSS is sampled every 20 ms from outside (/proc), so it counts ' +
			"everything the worker holds: the node's memory **and n8n's own**. Columns: **n8n step** is " +
			"n8n's Read/Write Files node storing the input (n8n's cost only); **node** is the package's " +
			'node run, which includes n8n reading the input from, or writing the output to, its binary ' +
			"store; **n8n's database store** is the node-run growth in database mode minus the same run in " +
			"filesystem mode: what n8n's database mode costs, not the node.",
		'',
		table(
			[
				'n8n',
				'Binary data',
				'Transfer',
				'Size',
				'Wall time (s)',
				'Worker RSS before (MB)',
				'n8n step: peak growth (MB)',
				'Node: peak growth (MB)',
				"of which n8n's database store (MB)",
				'Worker peak RSS (MB)',
				'Outcome',
			],
			results.runs.map((run) => [
				run.n8n,
				run.binaryDataMode,
				TRANSFERS[run.transfer],
				run.label,
				(run.wallMs / 1000).toFixed(2),
				mb(run.baselineRss),
				mb(run.n8nStepGrowth),
				mb(run.nodeGrowth),
				mb(databaseShare(run, results.runs)),
				mb(run.processPeakRss),
				outcome(run),
			]),
			[0, 1, 9],
		),
		'',
		`Set-up of the first cluster: ${setup}.`,
	].join('\n');
}
