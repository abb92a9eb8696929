/** The Generation Trigger's webhook: valid deliveries, refused ones, verification turned off. */
import type { IDataObject } from 'n8n-workflow';

import { GenerationTrigger } from '../../../nodes/GenerationTrigger/GenerationTrigger.node';
import { signWebhook, type WebhookDelivery } from '../../emulator';
import { lipsyncBody, syncClient } from '../../emulator/testkit';
import {
	apiGeneration,
	batchDelivery,
	credentials,
	deliveryAbout,
	emulator,
	expectNoExecution,
	generationDelivery,
	harness,
	receiver,
	replay,
	SCALE_KEY,
	signedHeaders,
	startedItem,
	useTriggerEnvironment,
} from './triggerSetup';

useTriggerEnvironment();

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
		// The answer names the credential field and what to do.
		expect(result.responseJson).toEqual({
			message: expect.stringContaining(
				'"Verify Signature" is on, but the Sync Labs credential has no "Webhook Signing Secret". Open the Sync Labs credential',
			),
		});
		const warnings = harness.logs.slice(logged).filter((line) => line.level === 'warn');
		expect(warnings.map((line) => line.message).join('\n')).toContain(
			'no "Webhook Signing Secret"',
		);
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
