/**
 * For the Generation Trigger tests: the trigger's real webhook() in n8n-core's WebhookContext, fed
 * with the exact requests the emulator's webhook sender signed and delivered (captured on a local
 * receiver), plus variants re-signed with the emulator's signer.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { VideoDubSyncLabsApi } from '../../../credentials/VideoDubSyncLabsApi.credentials';
import { GenerationTrigger } from '../../../nodes/GenerationTrigger/GenerationTrigger.node';
import { signWebhook, type Emulator, type WebhookDelivery } from '../../emulator';
import { emulatorForFile, lipsyncBody, syncClient, webhookReceiver } from '../../emulator/testkit';
import { NodeHarness, type RunWebhookResult } from '../../harness';

export const SCALE_KEY = 'sk_test_sync_scale';

export let emulator: Emulator;
export let harness: NodeHarness;
export let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

/** Starts the emulator, the harness and a delivery receiver for the file's tests. */
export function useTriggerEnvironment() {
	// Not reset between tests (each test clears only the faults it injected).
	const emulated = emulatorForFile(
		{ sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 20 }, batchMinLines: 1 } },
		{ resetBeforeEach: false },
	);
	beforeAll(async () => {
		emulator = emulated.emu;
		harness = await NodeHarness.start({ credentialTypes: [new VideoDubSyncLabsApi()] });
		receiver = await webhookReceiver();
	});

	afterAll(async () => {
		await receiver?.close();
		await harness?.close();
	});

	beforeEach(() => {
		// Each test starts with a freshly activated workflow (no remembered deliveries).
		harness.staticData = {};
		emulator.admin.clearFaults();
	});
}

export const credentials = (overrides: IDataObject = {}) => ({
	videoDubSyncLabsApi: {
		apiKey: emulator.syncApiKey,
		baseUrl: emulator.syncBaseUrl,
		webhookSecret: emulator.webhookSecret,
		...overrides,
	},
});

/** Waits until the emulator has delivered the notification about `resourceId`. */
export async function deliveryAbout(resourceId: string): Promise<WebhookDelivery> {
	const deadline = Date.now() + 5000;
	for (;;) {
		const delivery = emulator.admin
			.webhookDeliveries()
			.find((candidate) => candidate.resourceId === resourceId && candidate.state !== 'pending');
		if (delivery) return delivery;
		if (Date.now() > deadline) throw new Error(`no webhook delivery about ${resourceId}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Runs a generation at the emulator, called back on the capture receiver; returns the delivery. */
export async function generationDelivery(outcome?: string, overrides: IDataObject = {}) {
	const created = await syncClient(emulator).post(
		'/v2/generate',
		lipsyncBody({ webhookUrl: receiver.url, ...overrides }),
		outcome ? { 'x-emulator-outcome': outcome } : {},
	);
	expect(created.status).toBe(201);
	return await deliveryAbout(created.body.id as string);
}

/** Runs a one-line batch with the Scale key; returns the batch webhook delivery. */
export async function batchDelivery() {
	const form = new FormData();
	const line = { request_id: 'request-1', endpoint: '/v2/generate', payload: lipsyncBody() };
	const jsonl = new Blob([JSON.stringify(line)], { type: 'application/jsonl' });
	form.append('input', jsonl, 'input.jsonl');
	form.append('webhook_url', receiver.url);
	const created = await syncClient(emulator, SCALE_KEY).form('/v2/batch', form);
	expect(created.status).toBe(201);
	return await deliveryAbout(created.body.id as string);
}

/** A body signed now with the emulator's signer and secret, as its sender would sign it. */
export function signedHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)) {
	return {
		'Content-Type': 'application/json',
		'Sync-Signature': `t=${timestamp},v1=${signWebhook(emulator.webhookSecret, timestamp, body)}`,
	};
}

export interface Replay {
	parameters?: INodeParameters;
	credentials?: ReturnType<typeof credentials>;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

/** Sends a delivery (exact bytes and headers unless overridden) to the trigger's webhook. */
export async function replay(delivery: WebhookDelivery | undefined, replayOptions: Replay = {}) {
	const headers = replayOptions.headers ?? {
		'Content-Type': delivery!.headers['Content-Type'],
		'Sync-Signature': delivery!.headers['Sync-Signature'],
	};
	return await harness.runWebhook({
		node: new GenerationTrigger(),
		parameters: replayOptions.parameters ?? {},
		credentials: replayOptions.credentials ?? credentials(),
		mode: 'webhook',
		request: { method: 'POST', headers, body: Buffer.from(replayOptions.body ?? delivery!.body) },
	});
}

export function startedItem(result: RunWebhookResult) {
	expect(result.error).toBeUndefined();
	expect(result.statusCode).toBe(200);
	expect(result.responseJson).toEqual({ received: true });
	expect(result.workflowData).toHaveLength(1);
	expect(result.workflowData![0]).toHaveLength(1);
	return result.workflowData![0][0];
}

export function expectNoExecution(result: RunWebhookResult, statusCode: number) {
	expect(result.error).toBeUndefined();
	expect(result.statusCode).toBe(statusCode);
	expect(result.noWebhookResponse).toBe(true);
	expect(result.workflowData).toBeUndefined();
}

export const apiGeneration = async (id: string) =>
	(await syncClient(emulator).get(`/v2/generate/${id}`)).body as IDataObject;
