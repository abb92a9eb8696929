import { NodeApiError, type INodeParameters } from 'n8n-workflow';

import { createParameters, items, useTestBed } from './setup';

/**
 * Batch → Create sends no Idempotency-Key (Sync's POST /v2/batch takes none), so what keeps a
 * retry from creating a second, paid batch is the transport: a POST without a key is never
 * replayed once it may have reached Sync (a 5xx, a connection lost after sending, a timeout).
 * Only answers that say nothing was created (a 429) and connections never made are retried.
 */

const bed = useTestBed();

const scaleCredentials = () => ({
	videoDubSyncLabsApi: { ...bed.credentials!.videoDubSyncLabsApi, apiKey: 'sk_test_sync_scale' },
});

const batchCreate = (): INodeParameters => ({
	...createParameters({
		videoUrl: '={{ "https://media.example.com/clip" + $itemIndex + ".mp4" }}',
	}),
	resource: 'batch',
	operation: 'create',
});

const run = async () =>
	await bed.run(batchCreate(), { items: items(20), credentials: scaleCredentials() });

/** The next POST /v2/batch meets this fault. */
const faultOnBatch = (action: Record<string, unknown>) =>
	bed.emulator.admin.injectFault({
		vendor: 'sync',
		method: 'POST',
		path: '^/v2/batch$',
		...action,
	} as Parameters<typeof bed.emulator.admin.injectFault>[0]);

const batchPosts = () => bed.emulator.admin.counters().requests['POST /v2/batch'] ?? 0;

describe('Batch → Create, which carries no Idempotency-Key', () => {
	it('is not replayed when the batch was created but the answer was lost: one batch, a clear error', async () => {
		faultOnBatch({
			kind: 'reset',
			when: 'afterProcessing',
		});
		const result = await run();
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toMatch(
			/^Sync Labs received the request but its answer was lost/,
		);
		expect(batchPosts()).toBe(1);
		expect(bed.emulator.admin.counters().batchesCreated).toBe(1);
	});

	it.each([500, 502, 503])(
		'is not replayed after a %i (Sync may have created it)',
		async (status) => {
			faultOnBatch({ kind: 'status', status });
			const result = await run();
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(batchPosts()).toBe(1);
		},
	);

	it('is retried after a rate-limit 429, which created nothing: still one batch', async () => {
		faultOnBatch({
			kind: 'rateLimit',
			retryAfterSeconds: 1,
		});
		const result = await run();
		expect(result.error).toBeUndefined();
		expect(batchPosts()).toBe(2);
		expect(bed.emulator.admin.counters().batchesCreated).toBe(1);
	});
});
