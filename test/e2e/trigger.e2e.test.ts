// The Generation Trigger inside the real n8n: an activated workflow receives the emulator's signed
// deliveries on its production URL (Lipsync Generation with the trigger's URL as Webhook URL) and
// starts exactly one execution per finished generation, with the generation's JSON and video.
// Forged, stale, replayed and unsigned deliveries, sent directly, start nothing.
import { getE2eContext } from './lib/context';
import { manualWorkflow } from './lib/graph';
import type { OutputItem } from './lib/runs';
import {
	binaryBytes,
	createCredential,
	expectSuccess,
	outputSize,
	nodeItems,
	readBinary,
	runInServer,
} from './lib/runs';
import {
	activeDuringTests,
	postDelivery,
	syncSignature as signature,
	triggerWorkflow,
} from './lib/trigger';

const ctx = getE2eContext();
const WORKFLOW_ID = 'e2eTriggerWflow1';
const trigger = triggerWorkflow(ctx, {
	id: WORKFLOW_ID,
	name: 'e2e Generation Trigger',
	parameters: { downloadOutput: true },
});
const triggerUrl = trigger.url;

async function deliver(body: string, header?: string): Promise<Response> {
	return await postDelivery(triggerUrl, body, header);
}

async function triggerExecutions() {
	return await ctx.n8n.listExecutions(WORKFLOW_ID);
}

async function triggerItem(executionId: string): Promise<OutputItem> {
	const execution = await ctx.n8n.waitForExecutionToSettle(executionId);
	expectSuccess(execution);
	const items = nodeItems(execution.data, 'Generation Trigger');
	expect(items).toHaveLength(1);
	return items[0];
}

/** Runs a Lipsync Generation that tells Sync to notify the trigger; returns the generation id. */
async function submitWithTriggerUrl(
	workflowId: string,
	videoUrl: string,
	callbackUrl = triggerUrl,
): Promise<string> {
	const submit = manualWorkflow(workflowId, `e2e submit to trigger ${workflowId}`, [
		{
			name: 'Submit',
			type: ctx.nodeType('lipsyncGeneration'),
			credentials: ctx.credentialRef('videoDubSyncLabsApi'),
			parameters: {
				videoUrl,
				audioUrl: 'https://media.example.com/voice.wav',
				completion: 'none',
				options: { webhookUrl: callbackUrl },
			},
		},
	]);
	const execution = await runInServer(ctx, submit);
	expectSuccess(execution);
	const [submitted] = nodeItems(execution.data, 'Submit');
	expect(submitted.json).toMatchObject({ status: 'PENDING' });
	return String(submitted.json.id);
}

activeDuringTests(ctx, trigger);

describe(`Generation Trigger in ${ctx.target.label}`, () => {
	let completedId: string;
	// Executions seen so far, so that later checks can tell new ones apart.
	const executionIds = new Set<string>();
	beforeEach(async () => {
		for (const execution of await triggerExecutions()) executionIds.add(execution.id);
	});

	it('starts one execution with the generation and its video when Sync notifies its production URL', async () => {
		completedId = await submitWithTriggerUrl(
			'e2eTriggerSubm01',
			'https://media.example.com/ok.mp4',
		);
		const summary = await ctx.n8n.waitForExecution(
			(execution) => execution.status !== 'running' && execution.status !== 'new',
			30_000,
			WORKFLOW_ID,
		);
		const item = await triggerItem(summary.id);
		expect(item.json).toMatchObject({
			id: completedId,
			status: 'COMPLETED',
			model: 'lipsync-2',
			outputUrl: expect.any(String),
		});
		expect(item.binary?.data).toMatchObject({
			mimeType: 'video/mp4',
			fileName: `sync-${completedId}.mp4`,
		});
		expect(binaryBytes(item.binary!.data)).toBe(await outputSize(item.json.outputUrl));
		expect(readBinary(ctx, item.binary!.data).subarray(4, 8).toString('latin1')).toBe('ftyp');

		const [delivery] = (await ctx.emulatorAdmin.webhookDeliveries()).filter(
			(candidate) => candidate.resourceId === completedId,
		);
		expect(delivery).toMatchObject({ url: triggerUrl, statusCode: 200 });
		expect(await triggerExecutions()).toHaveLength(1);
	});

	it('starts an execution without a video for a failed generation', async () => {
		const failedId = await submitWithTriggerUrl(
			'e2eTriggerSubm02',
			'https://media.example.com/fail.mp4',
		);
		const summary = await ctx.n8n.waitForExecution(
			(execution) => execution.status === 'success' && !executionIds.has(execution.id),
			30_000,
			WORKFLOW_ID,
		);
		const item = await triggerItem(summary.id);
		expect(item.json).toMatchObject({
			id: failedId,
			status: 'FAILED',
			errorCode: expect.any(String),
		});
		expect(item.binary).toBeUndefined();
		expect(await triggerExecutions()).toHaveLength(2);
	});

	it('refuses forged, stale and unsigned deliveries and ignores a replay, starting nothing', async () => {
		const [delivery] = (await ctx.emulatorAdmin.webhookDeliveries()).filter(
			(candidate) => candidate.resourceId === completedId,
		);
		const body = delivery.body;
		const before = (await triggerExecutions()).length;

		const forged = await deliver(body, signature(body, 'whsec_not_the_real_secret'));
		expect(forged.status).toBe(401);
		const tampered = await deliver(
			body.replace('"COMPLETED"', '"FAILED"'),
			signature(body, ctx.emulator.webhookSecret),
		);
		expect(tampered.status).toBe(401);
		const stale = await deliver(
			body,
			signature(body, ctx.emulator.webhookSecret, Math.floor(Date.now() / 1000) - 3600),
		);
		expect(stale.status).toBe(401);
		const unsigned = await deliver(body);
		expect(unsigned.status).toBe(401);
		// Correctly signed and fresh, but the same event again: acknowledged, nothing started.
		const replay = await deliver(body, signature(body, ctx.emulator.webhookSecret));
		expect(replay.status).toBe(200);
		expect(await replay.json()).toMatchObject({
			ignored: expect.stringMatching(/delivered before/),
		});

		// Give n8n time to (wrongly) start something, then check nothing did.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(await triggerExecutions()).toHaveLength(before);
	});

	it('refuses to be published with Verify Signature on and no signing secret, naming the field', async () => {
		const noSecret = await createCredential(ctx, {
			name: 'Sync Labs (emulator, no signing secret)',
			type: 'videoDubSyncLabsApi',
			data: { apiKey: ctx.emulator.syncApiKey, baseUrl: ctx.emulator.syncBaseUrl },
		});
		const { workflow } = triggerWorkflow(ctx, {
			id: 'e2eTriggerNoSecr',
			name: 'e2e Generation Trigger: no signing secret',
			parameters: {},
		});
		workflow.nodes[0].credentials = { videoDubSyncLabsApi: noSecret };
		await ctx.n8n.createWorkflow(workflow);
		const refusal = await ctx.n8n.activateWorkflow(workflow.id!).then(
			() => 'published',
			(error: Error) => error.message,
		);
		expect(refusal).toContain('Webhook Signing Secret');
	});

	it('delivers to its test URL while the editor listens for a test event', async () => {
		const { workflow: listening } = triggerWorkflow(ctx, {
			id: 'e2eTriggerListen',
			name: 'e2e Generation Trigger: test URL',
			parameters: { downloadOutput: true },
		});
		await ctx.n8n.createWorkflow(listening);
		// What "Execute step"/"Listen for test event" on the trigger does.
		const started = await (
			await ctx.n8n.rest()
		).request<{ waitingForWebhook?: boolean }>('POST', `/rest/workflows/${listening.id}/run`, {
			workflowData: await ctx.n8n.getWorkflow(listening.id),
			triggerToStartFrom: { name: 'Generation Trigger' },
		});
		expect(started.waitingForWebhook).toBe(true);

		const testUrl = `${ctx.n8n.baseUrl}/webhook-test/${listening.nodes[0].webhookId}/webhook`;
		const generationId = await submitWithTriggerUrl(
			'e2eTriggerSubm03',
			'https://media.example.com/listen.mp4',
			testUrl,
		);
		const summary = await ctx.n8n.waitForExecution(
			(execution) => execution.status === 'success',
			30_000,
			listening.id,
		);
		const item = await triggerItem(summary.id);
		expect(item.json).toMatchObject({ id: generationId, status: 'COMPLETED' });
		expect(binaryBytes(item.binary!.data)).toBe(await outputSize(item.json.outputUrl));
	});
});
