import type { IDataObject, IHookFunctions, INodeParameters } from 'n8n-workflow';

import { VideoDubSyncLabsApi } from '../../../credentials/VideoDubSyncLabsApi.credentials';
import { GenerationTrigger } from '../../../nodes/GenerationTrigger/GenerationTrigger.node';
import { signWebhook, startEmulator, type Emulator, type WebhookDelivery } from '../../emulator';
import { lipsyncBody, syncClient, webhookReceiver } from '../../emulator/testkit';
import { NodeHarness, sendHttp, type RunWebhookResult } from '../../harness';

/**
 * The Generation Trigger's real webhook() in n8n-core's WebhookContext, fed with the exact requests
 * the emulator's webhook sender signed and delivered (captured on a local receiver), plus variants
 * re-signed with the emulator's signer.
 */

const SCALE_KEY = 'sk_test_sync_scale';

let emulator: Emulator;
let harness: NodeHarness;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
	emulator = await startEmulator({
		sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 20 }, batchMinLines: 1 },
	});
	harness = await NodeHarness.start({ credentialTypes: [new VideoDubSyncLabsApi()] });
	receiver = await webhookReceiver();
});

afterAll(async () => {
	await receiver?.close();
	await harness?.close();
	await emulator?.close();
});

beforeEach(() => {
	// Each test starts with a freshly activated workflow (no remembered deliveries).
	harness.staticData = {};
	emulator.admin.clearFaults();
});

const credentials = (overrides: IDataObject = {}) => ({
	videoDubSyncLabsApi: {
		apiKey: emulator.syncApiKey,
		baseUrl: emulator.syncBaseUrl,
		webhookSecret: emulator.webhookSecret,
		...overrides,
	},
});

/** Waits until the emulator has delivered the notification about `resourceId`. */
async function deliveryAbout(resourceId: string): Promise<WebhookDelivery> {
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
async function generationDelivery(outcome?: string, overrides: IDataObject = {}) {
	const created = await syncClient(emulator).post(
		'/v2/generate',
		lipsyncBody({ webhookUrl: receiver.url, ...overrides }),
		outcome ? { 'x-emulator-outcome': outcome } : {},
	);
	expect(created.status).toBe(201);
	return await deliveryAbout(created.body.id as string);
}

/** Runs a one-line batch with the Scale key; returns the batch webhook delivery. */
async function batchDelivery() {
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
function signedHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)) {
	return {
		'Content-Type': 'application/json',
		'Sync-Signature': `t=${timestamp},v1=${signWebhook(emulator.webhookSecret, timestamp, body)}`,
	};
}

interface Replay {
	parameters?: INodeParameters;
	credentials?: ReturnType<typeof credentials>;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

/** Sends a delivery (exact bytes and headers unless overridden) to the trigger's webhook. */
async function replay(delivery: WebhookDelivery | undefined, replayOptions: Replay = {}) {
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

function startedItem(result: RunWebhookResult) {
	expect(result.error).toBeUndefined();
	expect(result.statusCode).toBe(200);
	expect(result.responseJson).toEqual({ received: true });
	expect(result.workflowData).toHaveLength(1);
	expect(result.workflowData![0]).toHaveLength(1);
	return result.workflowData![0][0];
}

function expectNoExecution(result: RunWebhookResult, statusCode: number) {
	expect(result.error).toBeUndefined();
	expect(result.statusCode).toBe(statusCode);
	expect(result.noWebhookResponse).toBe(true);
	expect(result.workflowData).toBeUndefined();
}

const apiGeneration = async (id: string) =>
	(await syncClient(emulator).get(`/v2/generate/${id}`)).body as IDataObject;

describe('valid deliveries', () => {
	it('starts one execution with the normalised generation for a completed generation', async () => {
		const delivery = await generationDelivery();
		expect(delivery.status).toBe('COMPLETED');

		const item = startedItem(await replay(delivery));
		const api = await apiGeneration(delivery.resourceId);
		expect(item.json).toMatchObject({
			id: delivery.resourceId,
			status: 'COMPLETED',
			model: 'lipsync-2',
			outputUrl: api.outputUrl,
			outputDuration: api.outputDuration,
			errorCode: null,
			error: null,
			webhookUrl: receiver.url,
		});
		expect(item.json.input).toEqual(api.input);
		expect(item.binary).toBeUndefined();
	});

	it('reports a failed generation with its error code (snake_case in the webhook)', async () => {
		const delivery = await generationDelivery('FAILED:generation_pipeline_failed');
		expect(JSON.parse(delivery.body)).toHaveProperty('error_code', 'generation_pipeline_failed');

		for (const refetch of [true, false]) {
			harness.staticData = {};
			const item = startedItem(await replay(delivery, { parameters: { refetch } }));
			expect(item.json).toMatchObject({
				id: delivery.resourceId,
				status: 'FAILED',
				errorCode: 'generation_pipeline_failed',
				outputUrl: null,
			});
			expect(item.json.error).toEqual(expect.any(String));
		}
	});

	it('reports a completed batch and its metrics in one shape, whatever the casing', async () => {
		const scaleCredentials = credentials({ apiKey: SCALE_KEY });
		const parameters = { events: ['batchCompleted'] };
		const expected = (id: string) => ({
			id,
			status: 'COMPLETED',
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			metrics: { totalGenerations: 1, successCount: 1, failedCount: 0, pendingCount: 0 },
			outputUrl: `${emulator.syncBaseUrl}/v2/batches/${id}/result`,
			webhookUrl: receiver.url,
		});

		const snake = await batchDelivery();
		expect(JSON.parse(snake.body)).toHaveProperty('metrics.total_generations', 1);
		for (const refetch of [true, false]) {
			harness.staticData = {};
			const result = await replay(snake, {
				parameters: { ...parameters, refetch },
				credentials: scaleCredentials,
			});
			expect(startedItem(result).json).toEqual(expected(snake.resourceId));
		}

		emulator.admin.configureSync({ batchWebhookCasing: 'camel' });
		try {
			const camel = await batchDelivery();
			expect(JSON.parse(camel.body)).toHaveProperty('metrics.totalGenerations', 1);
			const result = await replay(camel, {
				parameters: { ...parameters, refetch: false },
				credentials: scaleCredentials,
			});
			expect(startedItem(result).json).toEqual(expected(camel.resourceId));
		} finally {
			emulator.admin.configureSync({ batchWebhookCasing: 'snake' });
		}
	});

	it('reports a failed batch (Sync sends FAILED for a batch that failed as a whole)', async () => {
		const delivered = await batchDelivery();
		const body = JSON.stringify({ ...JSON.parse(delivered.body), status: 'FAILED' });
		const result = await replay(undefined, {
			parameters: { events: ['batchFailed'], refetch: false },
			headers: signedHeaders(body),
			body,
		});
		expect(startedItem(result).json).toMatchObject({ id: delivered.resourceId, status: 'FAILED' });
	});

	it('runs end to end: the emulator delivers straight to the published trigger URL', async () => {
		const endpoint = harness.listenWebhook({
			node: new GenerationTrigger(),
			credentials: credentials(),
			mode: 'webhook',
		});
		try {
			const created = await syncClient(emulator).post(
				'/v2/generate',
				lipsyncBody({ webhookUrl: endpoint.url }),
			);
			const call = await endpoint.nextCall(5000);
			const [[item]] = call.workflowData!;
			expect(item.json).toMatchObject({ id: created.body.id, status: 'COMPLETED' });
			const delivery = await deliveryAbout(created.body.id as string);
			expect(delivery).toMatchObject({ state: 'delivered', statusCode: 200 });
		} finally {
			endpoint.close();
		}
	});

	it('reads the raw body itself when n8n has not read it yet', async () => {
		const delivery = await generationDelivery();
		// n8n leaves multipart bodies unread (no rawBody); the signed bytes must still be verified.
		const result = await replay(delivery, {
			headers: {
				'Content-Type': 'multipart/form-data; boundary=x',
				'Sync-Signature': delivery.headers['Sync-Signature'],
			},
		});
		expect(startedItem(result).json.id).toBe(delivery.resourceId);
	});
});

describe('refused deliveries start no execution', () => {
	let delivery: WebhookDelivery;
	beforeAll(async () => {
		delivery = await generationDelivery();
	});

	const withSignature = (signature: string | undefined) => {
		const headers: Record<string, string> = { 'Content-Type': 'application/json' };
		if (signature !== undefined) headers['Sync-Signature'] = signature;
		return headers;
	};

	it('refuses a missing signature', async () => {
		const result = await replay(delivery, { headers: withSignature(undefined) });
		expectNoExecution(result, 401);
		expect(result.responseJson).toEqual({ message: 'The Sync-Signature header is missing' });
	});

	it('refuses a malformed signature header', async () => {
		const [timestamp] = /t=\d+/.exec(delivery.headers['Sync-Signature'])!;
		for (const header of [timestamp, 'v1=abc', `${timestamp},v1=not-hex`, 'garbage']) {
			const result = await replay(delivery, { headers: withSignature(header) });
			expectNoExecution(result, 401);
			expect(result.responseJson).toEqual({ message: 'The Sync-Signature header is malformed' });
		}
	});

	it('refuses a wrong signature: other secret, other body, other timestamp', async () => {
		const timestamp = Math.floor(Date.now() / 1000);
		const otherSecret = `t=${timestamp},v1=${signWebhook('whsec_other', timestamp, delivery.body)}`;
		const tampered = delivery.body.replace('"COMPLETED"', '"FAILED"');
		const moved = delivery.headers['Sync-Signature'].replace(
			/t=(\d+)/,
			(_, t) => `t=${Number(t) + 1}`,
		);
		for (const [signature, body] of [
			[otherSecret, delivery.body],
			[delivery.headers['Sync-Signature'], tampered],
			[moved, delivery.body],
		]) {
			const result = await replay(delivery, { headers: withSignature(signature), body });
			expectNoExecution(result, 401);
			expect(result.responseJson).toEqual({ message: 'The signature does not match the body' });
		}
	});

	it('refuses a stale timestamp, unless the tolerance allows it', async () => {
		const headers = signedHeaders(delivery.body, Math.floor(Date.now() / 1000) - 600);
		const stale = await replay(delivery, { headers });
		expectNoExecution(stale, 401);
		expect(stale.responseJson).toEqual({
			message: 'The signature timestamp is outside the allowed window',
		});

		const future = await replay(delivery, {
			headers: signedHeaders(delivery.body, Math.floor(Date.now() / 1000) + 600),
		});
		expectNoExecution(future, 401);

		const tolerant = await replay(delivery, { headers, parameters: { toleranceSeconds: 900 } });
		expect(startedItem(tolerant).json.id).toBe(delivery.resourceId);
	});

	it('refuses a signed body that is not JSON', async () => {
		const body = 'status=COMPLETED&id=1';
		const result = await replay(undefined, {
			headers: { ...signedHeaders(body), 'Content-Type': 'text/plain' },
			body,
		});
		expectNoExecution(result, 400);
		expect(result.responseJson).toEqual({ message: 'The body is not JSON' });
	});

	it('refuses signed JSON that is not a Sync notification', async () => {
		const body = JSON.stringify({ hello: 'world' });
		const result = await replay(undefined, { headers: signedHeaders(body), body });
		expectNoExecution(result, 400);
	});

	it('refuses an oversized body before anything else', async () => {
		const notification = JSON.parse(delivery.body) as IDataObject;
		const body = JSON.stringify({ ...notification, padding: 'x'.repeat(1024 * 1024) });
		const result = await replay(undefined, { headers: signedHeaders(body), body });
		expectNoExecution(result, 413);
		expect(result.responseJson).toEqual({ message: 'The body exceeds 1048576 bytes' });
	});

	it('refuses everything while verifying without a secret in the credential', async () => {
		const logged = harness.logs.length;
		const result = await replay(delivery, { credentials: credentials({ webhookSecret: '' }) });
		expectNoExecution(result, 401);
		expect(result.responseJson).toEqual({
			message:
				'Signature verification is on but no webhook signing secret is configured in the Sync Labs credential',
		});
		const warnings = harness.logs.slice(logged).filter((line) => line.level === 'warn');
		expect(warnings.map((line) => line.message).join('\n')).toContain('no Webhook Signing Secret');
		expect(harness.logText()).not.toContain(emulator.webhookSecret);
		expect(harness.logText()).not.toContain(emulator.syncApiKey);
	});
});

describe('verification turned off', () => {
	it('accepts an unsigned delivery, and the re-fetch still refuses an invented job', async () => {
		const delivery = await generationDelivery();
		const parameters = { verifySignature: false };
		const unsigned = { 'Content-Type': 'application/json' };
		const item = startedItem(await replay(delivery, { parameters, headers: unsigned }));
		expect(item.json.id).toBe(delivery.resourceId);

		const invented = JSON.stringify({
			...JSON.parse(delivery.body),
			id: '00000000-0000-4000-8000-000000000000',
		});
		const result = await replay(undefined, { parameters, headers: unsigned, body: invented });
		// Sync is answered before the look-up; the 404 then keeps the workflow from starting.
		expect(result.statusCode).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('redelivery', () => {
	it('starts one execution per event, however often it is delivered', async () => {
		const delivery = await generationDelivery();
		expect(startedItem(await replay(delivery)).json.id).toBe(delivery.resourceId);

		const again = await replay(delivery);
		expectNoExecution(again, 200);
		expect(again.responseJson).toEqual({
			received: true,
			ignored: 'this event was delivered before',
		});

		// Re-signed later, as a retry would be: still the same event.
		const retried = await replay(delivery, { headers: signedHeaders(delivery.body) });
		expectNoExecution(retried, 200);

		const remembered = Object.values(harness.staticData)[0] as IDataObject;
		expect(Object.keys(remembered.deliveredEvents as IDataObject)).toEqual([
			`generation:${delivery.resourceId}:COMPLETED`,
		]);
	});

	it('remembers at most the last 1000 events of the last 7 days', async () => {
		const now = Date.now();
		const seeded: IDataObject = { 'generation:too-old:COMPLETED': now - 8 * 24 * 3600_000 };
		for (let index = 0; index < 1000; index += 1) {
			seeded[`generation:old-${index}:COMPLETED`] = now - 1000;
		}
		harness.staticData = { 'node:Generation Trigger': { deliveredEvents: seeded } };

		const delivery = await generationDelivery();
		startedItem(await replay(delivery));
		const keys = Object.keys(
			(harness.staticData['node:Generation Trigger'] as IDataObject).deliveredEvents as IDataObject,
		);
		expect(keys).toHaveLength(1000);
		expect(keys).not.toContain('generation:too-old:COMPLETED');
		expect(keys).not.toContain('generation:old-0:COMPLETED');
		expect(keys[999]).toBe(`generation:${delivery.resourceId}:COMPLETED`);
	});

	it('handles concurrent duplicates once', async () => {
		const delivery = await generationDelivery();
		const endpoint = harness.listenWebhook({
			node: new GenerationTrigger(),
			credentials: credentials(),
			mode: 'webhook',
			parameters: { downloadOutput: true },
		});
		try {
			const headers = {
				'Content-Type': 'application/json',
				'Sync-Signature': delivery.headers['Sync-Signature'],
			};
			const replies = await Promise.all(
				[1, 2, 3].map(async () => await sendHttp(endpoint.url, { headers, body: delivery.body })),
			);
			expect(replies.map((reply) => reply.statusCode)).toEqual([200, 200, 200]);
			const calls = await Promise.all([1, 2, 3].map(async () => await endpoint.nextCall(5000)));
			expect(calls.filter((call) => call.workflowData).length).toBe(1);
		} finally {
			endpoint.close();
		}
	});
});

describe('one event, one execution', () => {
	it('20 deliveries at once start 20 executions; the same 20 replayed start none, whatever the static data kept', async () => {
		const deliveries: WebhookDelivery[] = [];
		for (let index = 0; index < 20; index += 1) deliveries.push(await generationDelivery());
		// One activated trigger node, as in n8n: every call reaches the same node.
		const endpoint = harness.listenWebhook({
			node: new GenerationTrigger(),
			credentials: credentials(),
			mode: 'webhook',
		});
		const deliverAll = async () => {
			const replies = await Promise.all(
				deliveries.map(
					async (delivery) =>
						await sendHttp(endpoint.url, {
							headers: {
								'Content-Type': 'application/json',
								'Sync-Signature': delivery.headers['Sync-Signature'],
							},
							body: delivery.body,
						}),
				),
			);
			expect(replies.every((reply) => reply.statusCode === 200)).toBe(true);
			const calls = await Promise.all(deliveries.map(async () => await endpoint.nextCall(5000)));
			return calls
				.filter((call) => call.workflowData)
				.map((call) => call.workflowData![0][0].json.id);
		};
		try {
			expect((await deliverAll()).sort()).toEqual(
				deliveries.map((delivery) => delivery.resourceId).sort(),
			);
			// n8n saves the static data of each call whole, so concurrent calls overwrite each other.
			const remembered = Object.values(harness.staticData)[0] as IDataObject;
			expect(Object.keys(remembered.deliveredEvents as IDataObject).length).toBeLessThanOrEqual(20);
			harness.staticData = {};
			expect(await deliverAll()).toEqual([]);
		} finally {
			endpoint.close();
		}
	});
});

describe('filters', () => {
	it('starts only for the selected events', async () => {
		const failed = await generationDelivery('FAILED');
		const completed = await generationDelivery();
		const parameters = { events: ['generationCompleted'] };

		const ignored = await replay(failed, { parameters });
		expectNoExecution(ignored, 200);
		expect(ignored.responseJson).toEqual({
			received: true,
			ignored: 'event generationFailed is not selected',
		});
		expect(startedItem(await replay(completed, { parameters })).json.id).toBe(completed.resourceId);

		const batch = await batchDelivery();
		expectNoExecution(await replay(batch), 200);
	});

	it('treats REJECTED as a failed generation', async () => {
		emulator.admin.configureSync({ webhookOnRejected: true });
		try {
			const rejected = await generationDelivery('REJECTED');
			expect(rejected.status).toBe('REJECTED');
			const onlyCompleted = { parameters: { events: ['generationCompleted'] } };
			expectNoExecution(await replay(rejected, onlyCompleted), 200);
			const onlyFailed = { parameters: { events: ['generationFailed'] } };
			const item = startedItem(await replay(rejected, onlyFailed));
			expect(item.json.status).toBe('REJECTED');
		} finally {
			emulator.admin.configureSync({ webhookOnRejected: false });
		}
	});

	it('starts only for the selected models', async () => {
		const delivery = await generationDelivery(undefined, { model: 'lipsync-2-pro' });
		const other = await replay(delivery, { parameters: { models: ['lipsync-2', 'sync-3'] } });
		expectNoExecution(other, 200);
		expect(other.responseJson).toEqual({
			received: true,
			ignored: 'model lipsync-2-pro is not selected',
		});
		const chosen = await replay(delivery, { parameters: { models: ['lipsync-2-pro'] } });
		expect(startedItem(chosen).json.model).toBe('lipsync-2-pro');
	});

	it('checks the model after re-fetching when the delivery does not state it', async () => {
		const delivery = await generationDelivery(undefined, { model: 'sync-3' });
		const notification = JSON.parse(delivery.body) as IDataObject;
		delete notification.model;
		const body = JSON.stringify(notification);
		const send = async (models: string[]) =>
			await replay(undefined, { parameters: { models }, headers: signedHeaders(body), body });

		const other = await send(['lipsync-2']);
		expect(other.statusCode).toBe(200);
		expect(other.workflowData).toBeUndefined();
		expect(startedItem(await send(['sync-3'])).json.model).toBe('sync-3');
	});
});

describe('re-fetch', () => {
	it('trusts the API over a validly signed body that says otherwise', async () => {
		const delivery = await generationDelivery();
		const api = await apiGeneration(delivery.resourceId);
		const body = JSON.stringify({
			...JSON.parse(delivery.body),
			outputUrl: 'https://attacker.example/fake.mp4',
			outputDuration: 999,
		});

		const refetched = startedItem(await replay(undefined, { headers: signedHeaders(body), body }));
		expect(refetched.json).toMatchObject({
			outputUrl: api.outputUrl,
			outputDuration: api.outputDuration,
		});

		harness.staticData = {};
		const unchecked = { parameters: { refetch: false }, headers: signedHeaders(body), body };
		const trusted = startedItem(await replay(undefined, unchecked));
		expect(trusted.json).toMatchObject({
			outputUrl: 'https://attacker.example/fake.mp4',
			outputDuration: 999,
		});
	});

	it('fills in what the delivery leaves out', async () => {
		const delivery = await generationDelivery(undefined, { outputFileName: 'clip_es' });
		const { id, status, model } = JSON.parse(delivery.body) as IDataObject;
		const body = JSON.stringify({ id, status, model });
		const item = startedItem(await replay(undefined, { headers: signedHeaders(body), body }));
		const api = await apiGeneration(delivery.resourceId);
		expect(item.json).toMatchObject({
			id,
			outputUrl: api.outputUrl,
			outputDuration: api.outputDuration,
			createdAt: api.createdAt,
			outputFileName: 'clip_es',
		});
		expect(item.json.input).toEqual(api.input);
	});

	it('falls back to the signed delivery when the API cannot be reached', async () => {
		const delivery = await generationDelivery();
		emulator.admin.injectFault({
			vendor: 'sync',
			method: 'GET',
			path: '^/v2/generate/',
			kind: 'status',
			status: 404,
		});
		const item = startedItem(await replay(delivery));
		expect(item.json).toMatchObject({ id: delivery.resourceId, status: 'COMPLETED' });
		expect(item.json.outputUrl).toBe(JSON.parse(delivery.body).outputUrl);
	});
});

describe('re-fetch failure with a malformed signed body', () => {
	it('starts nothing (and throws nothing) when neither the API nor the body gives a valid generation', async () => {
		const delivery = await generationDelivery();
		const body = JSON.stringify({ ...JSON.parse(delivery.body), outputDuration: 'long' });
		emulator.admin.injectFault({
			vendor: 'sync',
			method: 'GET',
			path: '^/v2/generate/',
			kind: 'status',
			status: 404,
		});
		const result = await replay(undefined, { headers: signedHeaders(body), body });
		expect(result.statusCode).toBe(200);
		expect(result.error).toBeUndefined();
		expect(result.workflowData).toBeUndefined();
	});
});

describe('download', () => {
	it('streams the output video into binary data', async () => {
		const delivery = await generationDelivery();
		const api = await apiGeneration(delivery.resourceId);
		const output = Buffer.from(await (await fetch(api.outputUrl as string)).arrayBuffer());

		const item = startedItem(
			await replay(delivery, {
				parameters: { downloadOutput: true, binaryPropertyOutput: 'video' },
			}),
		);
		const binary = item.binary!.video;
		expect(binary.mimeType).toBe('video/mp4');
		expect(binary.fileName).toBe(`sync-${delivery.resourceId}.mp4`);
		const stored = await harness.readBinary(binary);
		expect(stored.length).toBe(output.length);
		expect(stored.equals(output)).toBe(true);
	});

	it('answers Sync before the download finishes', async () => {
		const delivery = await generationDelivery();
		emulator.admin.injectFault({
			vendor: 'storage',
			path: '^/outputs/',
			kind: 'delay',
			delayMs: 1500,
		});
		const endpoint = harness.listenWebhook({
			node: new GenerationTrigger(),
			credentials: credentials(),
			mode: 'webhook',
			parameters: { downloadOutput: true },
		});
		try {
			const started = Date.now();
			const reply = await sendHttp(endpoint.url, {
				headers: {
					'Content-Type': 'application/json',
					'Sync-Signature': delivery.headers['Sync-Signature'],
				},
				body: delivery.body,
			});
			const answeredAfter = Date.now() - started;
			expect(reply.statusCode).toBe(200);
			expect(answeredAfter).toBeLessThan(1000);
			const call = await endpoint.nextCall(5000);
			expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
			expect(call.workflowData![0][0].binary!.data.mimeType).toBe('video/mp4');
		} finally {
			endpoint.close();
		}
	});

	it('still starts the workflow, with the reason, when the download fails', async () => {
		const delivery = await generationDelivery();
		emulator.admin.injectFault({
			vendor: 'storage',
			path: '^/outputs/',
			kind: 'status',
			status: 403,
			times: 5,
		});
		const item = startedItem(await replay(delivery, { parameters: { downloadOutput: true } }));
		expect(item.binary).toBeUndefined();
		expect(item.json.downloadError).toEqual(expect.any(String));
	});

	it('downloads nothing for a failed generation', async () => {
		const delivery = await generationDelivery('FAILED');
		const item = startedItem(await replay(delivery, { parameters: { downloadOutput: true } }));
		expect(item.binary).toBeUndefined();
		expect(item.json.downloadError).toBeUndefined();
	});
});

describe('lifecycle', () => {
	it('registers nothing at Sync (the URL travels with each request)', async () => {
		const { default: hooks } = new GenerationTrigger().webhookMethods;
		const context = {} as IHookFunctions;
		await expect(hooks.checkExists.call(context)).resolves.toBe(true);
		await expect(hooks.create.call(context)).resolves.toBe(true);
		await expect(hooks.delete.call(context)).resolves.toBe(true);
	});
});
