import { NodeApiError } from 'n8n-workflow';

import { items, useSyncDub } from './setup';

/** "Don't Wait" with more jobs than the plan's concurrent slots: "When the Plan Is Full". */
const env = useSyncDub();

/** The emulator's Hobbyist key: one generation at a time. */
const HOBBYIST = 'sk_test_sync_hobbyist';
const twoVideos = items({ target: 'es' }, { target: 'fr' });
const dontWait = { targetLanguage: '={{ $json.target }}', completion: 'none' };

describe("Don't Wait when the plan is full", () => {
	it('by default fails the jobs beyond the plan at once, one error item each, saying why', async () => {
		const startedAt = Date.now();
		const { output, error } = await env.run(dontWait, {
			items: twoVideos,
			apiKey: HOBBYIST,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(Date.now() - startedAt).toBeLessThan(5_000);
		const [submitted, refused] = output![0];
		expect(submitted.json.status).toBe('PENDING');
		expect(refused.pairedItem).toEqual({ item: 1 });
		expect(refused.json).toMatchObject({
			error:
				"Sync Labs: the plan's concurrent generations are all busy (1 of 1 running), so the generation was not submitted",
			httpCode: '429',
			vendorErrorCode: 'concurrency_limit_reached',
			planFull: true,
		});
		expect(String(refused.json.description)).toContain('Lipsync Generation → Batch');
		expect(String(refused.json.description)).toContain('"Wait for a Free Slot"');
		// One refused submit, not retried.
		expect(env.createRequests()).toBe(2);
		expect(env.emulator.admin.counters().generationsCreated).toBe(1);
	});

	it('without Continue On Fail the full plan fails the node with that error', async () => {
		const { error } = await env.run(dontWait, { items: twoVideos, apiKey: HOBBYIST });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error!.message).toMatch(/^Sync Labs: the plan's concurrent generations are all busy/);
		expect(env.createRequests()).toBe(2);
	});

	it('"Wait for a Free Slot" queues each further job, within the timeout shown in that mode', async () => {
		const { output, error } = await env.run(
			{ ...dontWait, whenPlanFull: 'wait', timeout: 60 },
			{ items: twoVideos, apiKey: HOBBYIST },
		);
		expect(error).toBeUndefined();
		expect(output![0].map((item) => item.json.status)).toEqual(['PENDING', 'PENDING']);
		expect(env.emulator.admin.counters().generationsCreated).toBe(2);
		expect(env.createRequests()).toBeGreaterThan(2);
	}, 20_000);

	it('"Wait for a Free Slot" gives up after the timeout', async () => {
		env.emulator.admin.configureSync({
			timing: { pendingMs: 60_000, processingMs: 60_000, batchPendingMs: 50 },
		});
		const { error } = await env.run(
			{ ...dontWait, whenPlanFull: 'wait', timeout: 1 },
			{ items: twoVideos, apiKey: HOBBYIST },
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error!.message).toContain('Sync Labs:');
		expect((error as NodeApiError).context.vendorErrorCode).toBe('concurrency_limit_reached');
		expect(env.emulator.admin.counters().generationsCreated).toBe(1);
	}, 20_000);
});
