// Queue mode: the worker running Sync Dub is killed (SIGKILL) while it polls. n8n does not run the
// job again (its queue allows no stalled re-run): the stalled job fails and the execution ends
// "error" (or "crashed" through the main's queue recovery, N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL:
// 180 min by default, 1 min here). n8n's Retry then runs it on a worker again, and that run
// carries on with the generations the killed worker created: one paid generation per language.
import { retryWhileRunning } from '../lib/crashLab';
import { binaryBytes, expectSuccess, nodeItems, useFastEmulator } from '../lib/runs';
import { executionTrail } from './lib/executionTrail';
import { getQueueContext } from './lib/queueContext';
import { postToWebhook } from './lib/scenario';
import { waitUntil } from './lib/waitUntil';
import { QUEUE_WORKFLOWS } from './workflows';

const ctx = getQueueContext();
const { id: WORKFLOW_ID, path } = QUEUE_WORKFLOWS.crashDub;

afterAll(async () => {
	await useFastEmulator(ctx);
	// A killed worker comes back, as a supervisor would restart it.
	for (const worker of ctx.cluster.workers) if (!worker.isRunning) await worker.start();
});

const counters = async () => await ctx.emulatorAdmin.counters();

describe(`a killed worker never costs twice (${ctx.target.label})`, () => {
	it('the worker dies while polling; Retry adopts its generations instead of paying again', async () => {
		await ctx.emulatorAdmin.configureSync({
			timing: { pendingMs: 50, processingMs: 600_000, batchPendingMs: 50 },
		});
		const before = (await counters()).generationsCreated;
		const response = await postToWebhook(ctx, path, {
			videoUrl: 'https://media.example.com/queue-crash.mp4',
		});
		expect(response.status).toBe(200);
		await waitUntil(async () => (await counters()).generationsCreated - before >= 2, {
			what: 'both submits',
			timeoutMs: 60_000,
		});
		const [execution] = await ctx.n8n.listExecutions(WORKFLOW_ID);
		const [workerName] = executionTrail(ctx.cluster, execution.id).ranOn;
		const worker = ctx.cluster.processes.find(({ name }) => name === workerName)!.instance;
		await worker.kill();

		// What n8n does with the job of a dead worker: it marks the execution, it does not re-run it.
		// Stalled-job detection (30 s) plus one queue recovery check (1 min here).
		let status = '';
		await waitUntil(
			async () => {
				status = (await ctx.n8n.getExecution(execution.id)).status;
				return ['crashed', 'error', 'success'].includes(status);
			},
			{ what: `execution ${execution.id} given up`, timeoutMs: 240_000, intervalMs: 1_000 },
		);
		// Measured: "error" in n8n 2.8.4 (the stalled job fails; the main records it).
		expect(['crashed', 'error']).toContain(status);
		expect(executionTrail(ctx.cluster, execution.id).ranOn).toEqual([workerName]);
		expect((await counters()).generationsCreated - before).toBe(2);
		await worker.start();

		const rest = await ctx.n8n.rest();
		const { id: retriedId } = await retryWhileRunning(ctx.emulatorAdmin, async () =>
			rest.request<{ id: string }>('POST', `/rest/executions/${execution.id}/retry`, {
				loadWorkflow: false,
			}),
		);
		const retried = await ctx.n8n.waitForExecutionToSettle(String(retriedId), {
			timeoutMs: 60_000,
		});
		expectSuccess(retried);
		const dubs = nodeItems(retried.data, 'Sync Dub');
		expect(dubs.map((item) => item.json.language)).toEqual(['es', 'fr']);
		for (const item of dubs) {
			expect(item.json).toMatchObject({ status: 'COMPLETED', adoptedFromEarlierRun: true });
			expect(binaryBytes(item.binary!.data)).toBeGreaterThan(1000);
		}
		expect((await counters()).generationsCreated - before).toBe(2);
	}, 420_000);
});
