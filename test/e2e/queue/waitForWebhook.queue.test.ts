// Lipsync Generation with Wait for Webhook and three items in queue mode: a worker submits and
// the execution waits; Sync's callbacks reach the webhook processor (WEBHOOK_URL), each of them
// sees its run, and the execution resumes exactly once, on the other worker: the one that started
// it is stopped while the execution waits, as when a worker is replaced.
import { binaryBytes, expectSuccess, nodeItems, outputSize, useFastEmulator } from '../lib/runs';
import { executionTrail, workerNames } from './lib/executionTrail';
import { getQueueContext } from './lib/queueContext';
import { downloadBinary, expectRanOnWorkers, postToWebhook, theExecutionOf } from './lib/scenario';
import { QUEUE_WORKFLOWS } from './workflows';

const ctx = getQueueContext();
const { id: WORKFLOW_ID, path } = QUEUE_WORKFLOWS.waitLipsync;

beforeAll(async () => {
	// Every generation finishes well after the execution has started waiting (a callback that
	// arrives while it still runs is refused with 409) and after the starting worker has stopped,
	// and all three at about the same time, so that several callbacks find the run finished and
	// race to resume it.
	await ctx.emulatorAdmin.configureSync({
		timing: { pendingMs: 100, processingMs: 5_000, batchPendingMs: 50 },
	});
});

afterAll(async () => {
	await useFastEmulator(ctx);
});

describe(`Lipsync Generation, Wait for Webhook in queue mode, ${ctx.target.label}`, () => {
	it('waits after a worker submitted three items and resumes once, on the other worker, through the webhook processor', async () => {
		const videoUrls = ['one', 'two', 'three'].map(
			(name) => `https://media.example.com/queue-${name}.mp4`,
		);
		const response = await postToWebhook(ctx, path, { videoUrls });
		expect(response.status).toBe(200);

		const waiting = await theExecutionOf(ctx, WORKFLOW_ID, { status: 'waiting' });
		const resumeUrl = `${ctx.cluster.webhook.baseUrl}/webhook-waiting/${waiting.id}/`;
		const submitted = (await ctx.emulatorAdmin.generations()).filter((generation) =>
			generation.webhookUrl?.startsWith(resumeUrl),
		);
		expect(submitted.map((generation) => generation.input[0].url).sort()).toEqual(
			[...videoUrls].sort(),
		);

		const [startedOn] = executionTrail(ctx.cluster, waiting.id).ranOn;
		const starter = ctx.cluster.processes.find(({ name }) => name === startedOn)!.instance;
		await starter.stop();
		let execution;
		try {
			execution = await theExecutionOf(ctx, WORKFLOW_ID, { timeoutMs: 60_000 });
		} finally {
			await starter.start();
		}
		expect(execution.id).toBe(waiting.id);
		expectSuccess(execution);
		// Queued twice by the webhook processor (start, one resume) and run twice on workers: first
		// on the stopped one, then on the other.
		const ranOn = expectRanOnWorkers(ctx, execution.id, 2);
		expect(ranOn).toEqual(
			expect.arrayContaining([
				startedOn,
				workerNames(ctx.cluster).find((name) => name !== startedOn),
			]),
		);

		const items = nodeItems(execution.data, 'Lipsync');
		const byUrl = (url: string) => submitted.find((generation) => generation.input[0].url === url)!;
		expect(items.map((item) => item.json.id)).toEqual(videoUrls.map((url) => byUrl(url).id));
		for (const item of items) {
			expect(item.json).toMatchObject({ status: 'COMPLETED' });
			expect(item.binary?.data.id).toMatch(/^database:/);
			expect(binaryBytes(item.binary!.data)).toBe(await outputSize(item.json.outputUrl));
		}
		const video = await downloadBinary(ctx, items[2].binary!.data);
		expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');

		// Every generation called back once and was acknowledged; only one call resumed the run.
		const deliveries = (await ctx.emulatorAdmin.webhookDeliveries()).filter((delivery) =>
			submitted.some((generation) => generation.id === delivery.resourceId),
		);
		expect(deliveries).toHaveLength(3);
		for (const delivery of deliveries) {
			expect(delivery).toMatchObject({ statusCode: 200, url: expect.stringContaining(resumeUrl) });
		}
	});
});
