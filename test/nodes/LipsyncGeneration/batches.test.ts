import { NodeApiError, NodeOperationError, type INodeParameters } from 'n8n-workflow';

import { waitUntil } from '../../emulator/testkit';
import { createParameters, items, useTestBed } from './setup';

/** The Batch operations, against the emulator. */

const bed = useTestBed();

const scaleCredentials = () => ({
	videoDubSyncLabsApi: { ...bed.credentials!.videoDubSyncLabsApi, apiKey: 'sk_test_sync_scale' },
});

describe('Batch', () => {
	const batchCreate = (parameters: INodeParameters = {}) => ({
		...createParameters({
			videoUrl: '={{ "https://media.example.com/clip" + $itemIndex + ".mp4" }}',
		}),
		resource: 'batch',
		operation: 'create',
		...parameters,
	});

	it('is refused with 402 on plans below Scale, saying which plans have it', async () => {
		const result = await bed.run(batchCreate(), { items: items(20) });
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.httpCode).toBe('402');
		expect(`${error.message} ${error.description}`).toMatch(/Scale/);
		expect(`${error.message} ${error.description}`).toMatch(/Enterprise/);
		expect(bed.emulator.admin.counters().batchesCreated).toBe(0);
	});

	it('a 402 whose message does not say why still names the plans batch needs', async () => {
		bed.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'POST',
			path: '^/v2/batch$',
			kind: 'status',
			status: 402,
			errorCode: 'account_payment_required',
			message: 'Payment required',
		});
		const result = await bed.run(batchCreate(), {
			items: items(20),
			credentials: scaleCredentials(),
		});
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Sync Labs: Payment required');
		expect(error.description).toMatch(
			/^Batch processing is available on the Sync Scale and Enterprise plans only/,
		);
		expect(error.description).toContain('Error code: account_payment_required.');
	});

	it('Dry Run only validates: nothing is created', async () => {
		const result = await bed.run(batchCreate({ dryRun: true }), {
			items: items(20),
			credentials: scaleCredentials(),
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output![0];
		expect(item.json).toMatchObject({ status: 'VALIDATED', dryRun: true, requestCount: 20 });
		expect(item.pairedItem).toHaveLength(20);
		expect(bed.emulator.admin.batches()).toHaveLength(0);
	});

	it.each(['not a url', 'ftp://hooks.example.com/batch'])(
		'refuses the Batch Webhook URL %j before any request',
		async (batchWebhookUrl) => {
			const result = await bed.run(batchCreate({ batchWebhookUrl }), {
				items: items(20),
				credentials: scaleCredentials(),
			});
			expect(result.error?.message).toBe(
				`"Batch Webhook URL" must be an http(s) URL, got "${batchWebhookUrl}" (item 0)`,
			);
			expect(bed.emulator.admin.counters().requests).toEqual({});
		},
	);

	it('Create → Get → Get Many → Get Results, one request per input item', async () => {
		const credentials = scaleCredentials();
		const requestIds = Array.from({ length: 20 }, (_, index) => `order-${100 + index}`);
		const created = await bed.run(
			batchCreate({
				requestId: '={{ $json.order }}',
				videoUrl: '={{ $json.video }}',
				batchWebhookUrl: 'https://hooks.example.com/batch',
				options: { syncMode: 'loop', outputFileName: '={{ $json.order.replace("-", "_") }}' },
			}),
			{
				credentials,
				items: items(20, (index) => ({
					order: requestIds[index],
					video: `https://media.example.com/${index === 4 ? 'fail' : 'clip'}${index}.mp4`,
				})),
			},
		);
		expect(created.error).toBeUndefined();
		const batch = created.output![0][0].json;
		expect(batch).toMatchObject({
			status: 'PENDING',
			requestCount: 20,
			webhookUrl: 'https://hooks.example.com/batch',
		});
		expect((batch.requests as Array<{ requestId: string }>).map((r) => r.requestId)).toEqual(
			requestIds,
		);
		const [stored] = bed.emulator.admin.batches();
		expect(stored.lines[3]).toEqual({
			requestId: 'order-103',
			payload: {
				model: 'lipsync-2',
				input: [
					{ type: 'video', url: 'https://media.example.com/clip3.mp4' },
					{ type: 'audio', url: 'https://media.example.com/voice.wav' },
				],
				options: { sync_mode: 'loop' },
				outputFileName: 'order_103',
			},
		});

		const early = await bed.run(
			{ resource: 'batch', operation: 'getResults', batchId: batch.id as string },
			{ credentials },
		);
		expect(early.error).toBeInstanceOf(NodeOperationError);
		expect(early.error!.message).toMatch(
			/is (PENDING|JOBS_CREATED|PROCESSING); its results are ready once it is COMPLETED/,
		);

		await waitUntil(() => bed.emulator.admin.batches()[0].status === 'COMPLETED', 10_000);
		const got = await bed.run(
			{ resource: 'batch', operation: 'get', batchId: batch.id as string },
			{ credentials },
		);
		expect(got.output![0][0].json).toMatchObject({
			id: batch.id,
			status: 'COMPLETED',
			metrics: { totalGenerations: 20, successCount: 19, failedCount: 1, pendingCount: 0 },
		});

		const listed = await bed.run(
			{ resource: 'batch', operation: 'list', batchStatus: 'COMPLETED' },
			{ credentials },
		);
		expect(listed.output![0].map((item) => item.json.id)).toEqual([batch.id]);

		const results = await bed.run(
			{ resource: 'batch', operation: 'getResults', batchId: batch.id as string },
			{ credentials },
		);
		expect(results.error).toBeUndefined();
		const lines = results.output![0].map((item) => item.json);
		expect(lines.map((line) => line.requestId)).toEqual(requestIds);
		expect(lines[3]).toMatchObject({
			batchId: batch.id,
			status: 'COMPLETED',
			model: 'lipsync-2',
			outputFileName: 'order_103',
		});
		expect(lines[3].outputUrl).toMatch(/order_103\.mp4$/);
		expect(lines[4]).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_video_inaccessible',
			outputUrl: null,
		});
		expect(bed.emulator.admin.counters().batchGenerationsCreated).toBe(20);
		expect(bed.emulator.admin.counters().generationsCreated).toBe(0);
	});
});
