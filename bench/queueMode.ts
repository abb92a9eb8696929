import { readFileSync, statSync } from 'node:fs';

import { EmulatorAdminClient } from '../test/e2e/lib/emulatorAdmin';
import type { ExecutionDetails } from '../test/e2e/lib/n8nInstance';
import { ensureN8n } from '../test/e2e/lib/n8nInstall';
import type { E2eTarget } from '../test/e2e/lib/targets';
import { nodeItems } from '../test/e2e/lib/runs';
import { cleanUpQueueRun, killQueueRunNow } from '../test/e2e/queue/lib/queueCleanup';
import type { BinaryDataMode } from '../test/e2e/queue/lib/queueCluster';
import type { QueueStack } from '../test/e2e/queue/lib/queueStack';
import { startQueueStack } from '../test/e2e/queue/lib/queueStack';
import { peakBetween, traceProcessMemory, type ProcessMemoryTrace } from './processMemory';
import { QUEUE_BENCH, queueBenchWorkflows } from './queueWorkflows';
import type { QueueMemoryRun, QueueModeResults, QueueTransfer } from './results';
import { TIMING, type SectionContext } from './sections';
import { MB } from './types';

/** Order of the report: filesystem (what the node itself needs) first, then n8n's database mode. */
export const BINARY_DATA_MODES: BinaryDataMode[] = ['filesystem', 'database'];
/** A freshly started worker still settles (task runner, license, queue) for a moment. */
const SETTLE_MS = 2_000;
const TRANSFER_TIMEOUT_MS = 180_000;
/**
 * n8n 2.8.4 in database mode reads a binary back from PostgreSQL as hex text, two characters per
 * byte: above 256 MiB that exceeds V8's longest string, the PostgreSQL client throws outside any
 * execution and the execution never ends. The worker logs this line.
 */
const N8N_STRING_LIMIT = /Cannot create a string longer than 0x[0-9a-f]+ characters/;

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Start and end (epoch ms) of a node's first run in an execution. */
function runWindow(execution: ExecutionDetails, node: string): [number, number] | undefined {
	const run = execution.data.resultData.runData[node]?.[0];
	return run ? [run.startTime, run.startTime + run.executionTime] : undefined;
}

/** Peak RSS growth over `baseline` while `node` ran, from the outside trace. */
function growthDuring(
	trace: ProcessMemoryTrace,
	execution: ExecutionDetails,
	node: string,
	baseline: number,
): number | undefined {
	const window = runWindow(execution, node);
	const peak = window && peakBetween(trace.samples, ...window);
	return peak === undefined ? undefined : peak - baseline;
}

/** What went wrong, when something did: n8n's execution error or a size that does not match. */
function problemWith(
	execution: ExecutionDetails,
	transfer: QueueTransfer,
	bytes: number,
	uploaded?: number,
) {
	const error = execution.data.resultData.error;
	if (error) return error.message;
	if (transfer === 'upload')
		return uploaded === bytes ? undefined : `Sync received ${uploaded} bytes`;
	const stored = nodeItems(execution.data, QUEUE_BENCH.download.node)[0]?.binary?.data?.bytes;
	return stored === bytes ? undefined : `n8n stored ${String(stored)} bytes`;
}

/**
 * POSTs `body` to a production webhook that answers when the run is done and waits for the
 * answer. Returns what went wrong instead: no answer in time, or n8n's fatal log line when the
 * worker's log (`workerLog()`) shows that the execution will never end.
 */
async function callAndWatch(
	url: string,
	body: unknown,
	workerLog: () => string,
): Promise<string | undefined> {
	const abort = new AbortController();
	const answered = fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.any([abort.signal, AbortSignal.timeout(TRANSFER_TIMEOUT_MS)]),
	})
		.then(async (response) => {
			await response.arrayBuffer();
			return undefined;
		})
		.catch((error: Error) => (abort.signal.aborted ? undefined : `no answer: ${error.message}`));
	const watching = (async () => {
		while (!abort.signal.aborted) {
			const fatal = N8N_STRING_LIMIT.exec(workerLog());
			if (fatal) return `n8n: ${fatal[0]}`;
			await sleep(250);
		}
		return undefined;
	})();
	try {
		return await Promise.race([answered, watching]);
	} finally {
		abort.abort();
		await answered;
	}
}

/**
 * One transfer on a freshly restarted worker (so that earlier runs leave nothing behind), its RSS
 * traced from the outside while the webhook processor waits for the result.
 */
async function measureTransfer(
	stack: QueueStack,
	admin: EmulatorAdminClient,
	transfer: QueueTransfer,
	bytes: number,
	inputPath: string,
) {
	const workflow = QUEUE_BENCH[transfer];
	const [worker] = stack.cluster.workers;
	await worker.restart();
	const pid = worker.commandPid;
	if (pid === undefined) throw new Error('the worker process is not running');
	await sleep(SETTLE_MS);
	if (transfer === 'download') await admin.configureSync({ largeOutputBytes: bytes });
	const assetsBefore = (await admin.assets()).length;

	const logOffset = statSync(worker.state.logFile).size;
	const tracing = traceProcessMemory(pid);
	const started = Date.now();
	const failure = await callAndWatch(
		stack.cluster.webhookUrl(workflow.path),
		{ path: inputPath },
		() => readFileSync(worker.state.logFile).subarray(logOffset).toString('utf8'),
	);
	const wallMs = Date.now() - started;
	const trace = tracing.stop();
	const baselineRss = trace.samples[0].rss;
	if (failure) {
		return { wallMs, baselineRss, processPeakRss: trace.peakRss, error: failure };
	}

	const [summary] = await stack.cluster.main.listExecutions(workflow.id, 1);
	const execution = await stack.cluster.main.getExecution(summary.id);
	const assets = await admin.assets();
	const uploaded = assets.length > assetsBefore ? assets[assets.length - 1].size : undefined;
	return {
		wallMs,
		baselineRss,
		n8nStepGrowth:
			transfer === 'upload'
				? growthDuring(trace, execution, QUEUE_BENCH.upload.n8nNode, baselineRss)
				: undefined,
		nodeGrowth: growthDuring(trace, execution, workflow.node, baselineRss),
		processPeakRss: trace.peakRss,
		error: problemWith(execution, transfer, bytes, uploaded),
	};
}

/**
 * Queue mode with real n8n processes (main, one worker, webhook processor, PostgreSQL, Redis):
 * worker memory while the package uploads a binary to Sync and downloads a Sync output, with
 * binary data in PostgreSQL (queue mode's default) and on a shared filesystem. One cluster per
 * mode; the worker is restarted before every transfer.
 */
export async function queueModeMemory(
	ctx: SectionContext,
	sizesMB: number[],
	target: E2eTarget,
	results: QueueModeResults = { runs: [], setupMs: {} },
): Promise<QueueModeResults> {
	for (const binaryDataMode of BINARY_DATA_MODES) {
		ctx.log(`Queue mode, ${target.label}, ${binaryDataMode} binary data: starting PostgreSQL, Redis and n8n`);
		const stack = await startQueueStack({
			installation: async () => await ensureN8n({ target }),
			workflows: queueBenchWorkflows,
			workers: 1,
			binaryDataMode,
			fileDirs: [ctx.files.dir],
			log: (message) => ctx.log(`  ${message}`),
			onContextFile: (contextFile) => process.once('exit', () => killQueueRunNow(contextFile)),
		});
		if (Object.keys(results.setupMs).length === 0) results.setupMs = stack.data.timings;
		try {
			const admin = new EmulatorAdminClient(stack.data.emulator!.info.adminUrl);
			await admin.configureSync({ timing: TIMING });
			for (const transfer of ['upload', 'download'] as const) {
				for (const sizeMB of sizesMB) {
					const bytes = sizeMB * MB;
					const inputPath = transfer === 'upload' ? await ctx.files.video(bytes) : '';
					const measured = await measureTransfer(stack, admin, transfer, bytes, inputPath);
					const run: QueueMemoryRun = {
						n8n: target.label,
						binaryDataMode,
						transfer,
						label: `${sizeMB} MB`,
						payloadBytes: bytes,
						...measured,
					};
					results.runs.push(run);
					logQueueRun(ctx, run);
				}
			}
		} finally {
			await cleanUpQueueRun(stack.contextFile);
		}
	}
	return results;
}

function logQueueRun(ctx: SectionContext, run: QueueMemoryRun) {
	const mb = (bytes: number | undefined) =>
		bytes === undefined ? '–' : `+${(bytes / MB).toFixed(1)} MB`;
	ctx.log(
		`Queue mode ${run.n8n} ${run.binaryDataMode} ${run.transfer} ${run.label}: ${(run.wallMs / 1000).toFixed(2)} s, ` +
			`worker RSS ${(run.baselineRss / MB).toFixed(0)} MB, n8n step ${mb(run.n8nStepGrowth)}, ` +
			`node ${mb(run.nodeGrowth)}, peak ${(run.processPeakRss / MB).toFixed(0)} MB` +
			(run.error ? `, FAILED: ${run.error}` : ''),
	);
}
