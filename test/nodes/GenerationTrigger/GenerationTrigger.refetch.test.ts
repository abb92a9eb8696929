/** The Generation Trigger's webhook: re-fetching the job from the API, and the output download. */
import type { IDataObject } from 'n8n-workflow';

import { GenerationTrigger } from '../../../nodes/GenerationTrigger/GenerationTrigger.node';
import { sendHttp } from '../../harness';
import {
	apiGeneration,
	credentials,
	emulator,
	generationDelivery,
	harness,
	replay,
	signedHeaders,
	startedItem,
	useTriggerEnvironment,
} from './triggerSetup';

useTriggerEnvironment();

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
