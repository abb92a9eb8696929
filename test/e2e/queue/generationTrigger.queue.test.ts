// Don't Wait + Generation Trigger in queue mode: a worker submits 20 generations with the
// trigger's production URL; Sync's 20 signed deliveries reach the webhook processor at about the
// same time and start exactly 20 executions, queued by the webhook processor and spread over both
// workers. Replaying every delivery at once starts nothing.
import { signWebhook } from '../../emulator';
import type { WebhookDelivery } from '../../emulator';
import { binaryBytes, expectSuccess, nodeItems, outputSize, useFastEmulator } from '../lib/runs';
import { executionTrail, workerNames } from './lib/executionTrail';
import { getQueueContext } from './lib/queueContext';
import { postToWebhook, theExecutionOf, waitForExecutions } from './lib/scenario';
import { QUEUE_WORKFLOWS, triggerPath } from './workflows';

const ctx = getQueueContext();
const { submitForTrigger, trigger } = QUEUE_WORKFLOWS;
const triggerUrl = ctx.cluster.webhookUrl(triggerPath(trigger.webhookId));
const DELIVERIES = 20;

beforeAll(async () => {
	// A plan that runs all 20 at once, so that they finish, and are delivered, together.
	await ctx.emulatorAdmin.configureSync({
		plan: 'enterprise',
		timing: { pendingMs: 200, processingMs: 1_500, batchPendingMs: 50 },
	});
});

afterAll(async () => {
	await ctx.emulatorAdmin.configureSync({ plan: 'creator' });
	await useFastEmulator(ctx);
});

/** The same delivery again, signed afresh as Sync does on a redelivery. */
async function replay(delivery: WebhookDelivery): Promise<Response> {
	const timestamp = Math.floor(Date.now() / 1000);
	const signature = signWebhook(ctx.emulator.webhookSecret, timestamp, delivery.body);
	return await fetch(delivery.url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'sync-signature': `t=${timestamp},v1=${signature}`,
		},
		body: delivery.body,
	});
}

describe(`Generation Trigger in queue mode, ${ctx.target.label}`, () => {
	let submittedIds: string[];
	let deliveries: WebhookDelivery[];

	it('starts exactly one execution per delivery, 20 in all, spread over the workers', async () => {
		const videoUrls = Array.from(
			{ length: DELIVERIES },
			(_, index) => `https://media.example.com/queue-trigger-${index}.mp4`,
		);
		const response = await postToWebhook(ctx, submitForTrigger.path, { videoUrls, triggerUrl });
		expect(response.status).toBe(200);
		const submitted = (await response.json()) as Array<{ id: string; status: string }>;
		expect(submitted).toHaveLength(DELIVERIES);
		for (const generation of submitted) expect(generation.status).toBe('PENDING');
		submittedIds = submitted.map((generation) => generation.id);
		expect(new Set(submittedIds).size).toBe(DELIVERIES);
		const submit = await theExecutionOf(ctx, submitForTrigger.id);
		expect(executionTrail(ctx.cluster, submit.id).ranOn).toHaveLength(1);

		const executions = await waitForExecutions(ctx, trigger.id, DELIVERIES, 'success', 90_000);
		expect(executions).toHaveLength(DELIVERIES);

		deliveries = (await ctx.emulatorAdmin.webhookDeliveries()).filter(
			(delivery) => delivery.url === triggerUrl,
		);
		expect(deliveries.map((delivery) => delivery.resourceId).sort()).toEqual(
			[...submittedIds].sort(),
		);
		for (const delivery of deliveries) expect(delivery.statusCode).toBe(200);

		const generationIds: string[] = [];
		const ranOn: string[] = [];
		for (const { id } of executions) {
			const execution = await ctx.n8n.getExecution(id);
			expectSuccess(execution);
			const [item] = nodeItems(execution.data, 'Generation Trigger');
			expect(item.json).toMatchObject({ status: 'COMPLETED' });
			expect(item.binary?.data.id).toMatch(/^database:/);
			expect(binaryBytes(item.binary!.data)).toBe(await outputSize(item.json.outputUrl));
			generationIds.push(String(item.json.id));
			const trail = executionTrail(ctx.cluster, id);
			expect(trail.enqueued).toEqual(['webhook']);
			expect(trail.ranOn).toHaveLength(1);
			ranOn.push(trail.ranOn[0]);
		}
		expect(generationIds.sort()).toEqual([...submittedIds].sort());
		expect([...new Set(ranOn)].sort()).toEqual(workerNames(ctx.cluster).sort());
	});

	it('ignores all 20 deliveries replayed at once (the same webhook processor, within the signature window)', async () => {
		const replies = await Promise.all(deliveries.map(replay));
		for (const reply of replies) {
			expect(reply.status).toBe(200);
			expect(await reply.json()).toMatchObject({
				ignored: expect.stringMatching(/delivered before/),
			});
		}
		// Time for n8n to (wrongly) queue something.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect(await ctx.n8n.listExecutions(trigger.id)).toHaveLength(DELIVERIES);
	});
});
