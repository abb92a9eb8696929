// Queue mode: the worker running Sync Dub is killed (SIGKILL) while it polls. Measured in n8n 2.8.4
// and 2.41.3: n8n does not run the job again (its queue allows no stalled re-run); the execution
// ends "error" ("failed to be processed too many times") with no start data saved, so n8n's Retry
// of it ends at once with the same error and submits nothing. The way back is running the
// workflow again with "Reuse Identical Recent Generations" on: that run carries on with the
// generations the killed worker created. One paid generation per language in all.
import { recoverWhileRunning } from '../lib/crashLab';
import { binaryBytes, expectSuccess, nodeItems, useFastEmulator } from '../lib/runs';
import { executionTrail } from './lib/executionTrail';
import { getQueueContext } from './lib/queueContext';
import { postToWebhook, waitForExecutions } from './lib/scenario';
import { waitUntil } from '../lib/waitUntil';
import { QUEUE_WORKFLOWS } from './workflows';

const ctx = getQueueContext();
const { id: WORKFLOW_ID, path } = QUEUE_WORKFLOWS.crashDub;
const VIDEO_URL = 'https://media.example.com/queue-crash.mp4';

afterAll(async () => {
	await useFastEmulator(ctx);
	// A killed worker comes back, as a supervisor would restart it.
	for (const worker of ctx.cluster.workers) if (!worker.isRunning) await worker.start();
});

const created = async () => (await ctx.emulatorAdmin.counters()).generationsCreated;

describe(`a killed worker never costs twice (${ctx.target.label})`, () => {
	it('the worker dies while polling; running again adopts its generations instead of paying again', async () => {
		await ctx.emulatorAdmin.configureSync({
			timing: { pendingMs: 50, processingMs: 600_000, batchPendingMs: 50 },
		});
		const before = await created();
		expect((await postToWebhook(ctx, path, { videoUrl: VIDEO_URL })).status).toBe(200);
		await waitUntil(async () => (await created()) - before >= 2, {
			what: 'both submits',
			timeoutMs: 60_000,
		});
		const [execution] = await ctx.n8n.listExecutions(WORKFLOW_ID);
		const [workerName] = executionTrail(ctx.cluster, execution.id).ranOn;
		const worker = ctx.cluster.processes.find(({ name }) => name === workerName)!.instance;
		await worker.kill();

		// n8n gives up on the job of a dead worker (stalled-job check, ~30 s); it never re-runs it.
		let status = '';
		await waitUntil(
			async () => {
				status = (await ctx.n8n.getExecution(execution.id)).status;
				return ['crashed', 'error', 'success'].includes(status);
			},
			{ what: `execution ${execution.id} given up`, timeoutMs: 240_000, intervalMs: 1_000 },
		);
		expect(status).toBe('error');
		expect(executionTrail(ctx.cluster, execution.id).ranOn).toEqual([workerName]);
		await worker.start();

		// n8n's Retry has nothing to run: it ends at once with n8n's error, and submits nothing.
		const rest = await ctx.n8n.rest();
		const retried = await rest.request<{ id: string; status: string }>(
			'POST',
			`/rest/executions/${execution.id}/retry`,
			{ loadWorkflow: false },
		);
		const retry = await ctx.n8n.waitForExecutionToSettle(String(retried.id));
		expect(retry.status).toBe('error');
		expect(retry.data.resultData.error?.message).toMatch(/failed to be processed too many times/);
		expect(retry.data.resultData.runData['Sync Dub']).toBeUndefined();
		expect((await created()) - before).toBe(2);

		// Running it again (the same webhook call) with "Reuse Identical Recent Generations" on.
		const again = await recoverWhileRunning(ctx.emulatorAdmin, async () => {
			expect((await postToWebhook(ctx, path, { videoUrl: VIDEO_URL })).status).toBe(200);
			const runs = await waitForExecutions(ctx, WORKFLOW_ID, 1, 'success', 90_000);
			return await ctx.n8n.getExecution(runs.find((run) => run.status === 'success')!.id);
		});
		expectSuccess(again);
		const dubs = nodeItems(again.data, 'Sync Dub');
		expect(dubs.map((item) => item.json.language)).toEqual(['es', 'fr']);
		for (const item of dubs) {
			expect(item.json).toMatchObject({ status: 'COMPLETED', adoptedFromEarlierRun: true });
			expect(binaryBytes(item.binary!.data)).toBeGreaterThan(1000);
		}
		expect((await created()) - before).toBe(2);
	}, 420_000);
});
