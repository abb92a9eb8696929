// One trigger event, one execution, in the real n8n: 20 signed deliveries at once start exactly 20
// executions, and the same 20 deliveries replayed after a minute (past the old 60 s in-memory
// guard, inside the 300 s signature window) start none, whatever n8n's static data kept.
import { randomUUID } from 'node:crypto';

import { getE2eContext } from './lib/context';
import { activeDuringTests, postDelivery, syncSignature, triggerWorkflow } from './lib/trigger';

const ctx = getE2eContext();
const WORKFLOW_ID = 'e2eTriggerReplay';
const DELIVERIES = 20;
/** Past the in-memory window the trigger used to have (60 s). */
const REPLAY_AFTER_MS = 61_000;

jest.setTimeout(180_000);

const trigger = triggerWorkflow(ctx, {
	id: WORKFLOW_ID,
	name: 'e2e Generation Trigger replays',
	// Re-fetching is off so that 20 deliveries make 20 quick executions.
	parameters: { refetch: false },
});

/** A signed notification of a completed generation, compact JSON as Sync sends it. */
function signedDelivery(index: number) {
	const body = JSON.stringify({
		id: randomUUID(),
		status: 'COMPLETED',
		createdAt: new Date().toISOString(),
		model: 'lipsync-2',
		input: [{ type: 'video', url: `https://media.example.com/replay-${index}.mp4` }],
		outputUrl: `https://storage.example.com/replay-${index}.mp4`,
		outputDuration: 10,
	});
	return { body, header: syncSignature(body, ctx.emulator.webhookSecret) };
}

async function deliverAll(deliveries: Array<{ body: string; header: string }>) {
	const replies = await Promise.all(
		deliveries.map(async ({ body, header }) => await postDelivery(trigger.url, body, header)),
	);
	expect(replies.map((reply) => reply.status)).toEqual(deliveries.map(() => 200));
}

const executions = async () => await ctx.n8n.listExecutions(WORKFLOW_ID);

activeDuringTests(ctx, trigger);

it(`20 deliveries at once start 20 executions; replayed after a minute they start none (${ctx.target.label})`, async () => {
	const deliveries = Array.from({ length: DELIVERIES }, (_, index) => signedDelivery(index));
	await deliverAll(deliveries);
	const deadline = Date.now() + 30_000;
	while ((await executions()).length < DELIVERIES && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	expect(await executions()).toHaveLength(DELIVERIES);

	await new Promise((resolve) => setTimeout(resolve, REPLAY_AFTER_MS));
	await deliverAll(deliveries);
	// Give n8n time to start anything it would start.
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	expect(await executions()).toHaveLength(DELIVERIES);
});
