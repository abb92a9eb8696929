/**
 * Idempotency-Keys: the same for every attempt within one execution (so nothing is submitted
 * twice), different between n8n instances that run the same imported workflow with coinciding ids.
 */
import { useSyncDub } from '../nodes/SyncDub/setup';

const env = useSyncDub();

describe('Idempotency-Key', () => {
	it('differs between two n8n instances running the same workflow file (same workflow, execution and node ids)', async () => {
		const sameIds = { executionId: '1', nodeId: '8b6f1c1e-7d7b-4c55-9b3e-2d5c0f1a9e01' };
		const staging = await env.run({ targetLanguage: 'es', completion: 'none' }, sameIds);
		const production = await env.run({ targetLanguage: 'es', completion: 'none' }, sameIds);
		expect(staging.error).toBeUndefined();
		expect(production.error).toBeUndefined();
		const [stagingId, productionId] = [staging, production].map((run) => run.output![0][0].json.id);
		// Before: production got staging's generation back (same key, same body).
		expect(productionId).not.toBe(stagingId);
		expect(env.emulator.admin.counters().generationsCreated).toBe(2);
	});

	it('stays the same when n8n retries the node (Retry On Fail): the first generation comes back', async () => {
		// The generation is created, then the first status check fails for good: the node throws.
		env.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'GET',
			path: '^/v2/generate/',
			kind: 'status',
			status: 403,
		});
		const result = await env.run(
			{ targetLanguage: 'es', completion: 'poll', downloadOutput: false },
			{ maxTries: 2 },
		);
		expect(result.error).toBeUndefined();
		expect(result.output![0][0].json.status).toBe('COMPLETED');
		expect(env.createRequests()).toBe(2);
		expect(env.emulator.admin.counters().generationsCreated).toBe(1);
	});
});
