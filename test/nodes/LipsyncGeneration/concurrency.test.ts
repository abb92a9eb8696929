import { maxRunningAtOnce } from '../../emulator/testkit';
import { createParameters, items, useTestBed } from './setup';

/** Many items: bounded concurrency, queueing behind the plan's limit, idempotent retries. */

const bed = useTestBed();

describe('Max Concurrent Jobs', () => {
	it.each([1, 2, 3])('runs at most %i generations at once', async (limit) => {
		const result = await bed.run(
			createParameters({
				options: { maxConcurrentJobs: limit },
				videoUrl: '={{ "https://media.example.com/v" + $itemIndex + ".mp4" }}',
			}),
			{ items: items(6) },
		);
		expect(result.error).toBeUndefined();
		const output = result.output![0];
		const generations = bed.emulator.admin.generations();
		expect(generations).toHaveLength(6);
		expect(generations.every((generation) => generation.status === 'COMPLETED')).toBe(true);
		expect(maxRunningAtOnce(generations)).toBe(limit);
		// Outputs stay in input order, each paired with the item it came from.
		expect(output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4, 5].map((item) => ({ item })),
		);
		const byId = new Map(generations.map((generation) => [generation.id, generation]));
		output.forEach((item, index) => {
			expect(byId.get(item.json.id as string)!.input[0].url).toBe(
				`https://media.example.com/v${index}.mp4`,
			);
		});
	});

	it('queues behind concurrency_limit_reached when the plan allows fewer than asked', async () => {
		const hobbyist = {
			videoDubSyncLabsApi: {
				...bed.credentials!.videoDubSyncLabsApi,
				apiKey: 'sk_test_sync_hobbyist',
			},
		};
		const result = await bed.run(createParameters({ options: { maxConcurrentJobs: 3 } }), {
			items: items(3),
			credentials: hobbyist,
		});
		expect(result.error).toBeUndefined();
		expect(result.output![0].map((item) => item.json.status)).toEqual([
			'COMPLETED',
			'COMPLETED',
			'COMPLETED',
		]);
		const counters = bed.emulator.admin.counters();
		expect(counters.generationsCreated).toBe(3);
		// Refused submits (429 concurrency_limit_reached) were retried once a slot was free.
		expect(counters.requests['POST /v2/generate']).toBeGreaterThan(3);
		expect(maxRunningAtOnce(bed.emulator.admin.generations())).toBe(1);
	}, 20_000);
	it("Don't Wait on a full plan fails the further items at once, unless told to wait", async () => {
		const hobbyist = {
			videoDubSyncLabsApi: {
				...bed.credentials!.videoDubSyncLabsApi,
				apiKey: 'sk_test_sync_hobbyist',
			},
		};
		const run = async (whenPlanFull?: string) =>
			await bed.run(
				createParameters({ completion: 'none', ...(whenPlanFull && { whenPlanFull }) }),
				{
					items: items(2),
					credentials: hobbyist,
					continueOnFail: true,
				},
			);
		const failed = await run();
		expect(failed.output![0].map((item) => item.json.status ?? item.json.vendorErrorCode)).toEqual([
			'PENDING',
			'concurrency_limit_reached',
		]);
		expect(String(failed.output![0][1].json.error)).toMatch(
			/plan's concurrent generations are all busy/,
		);
		const waited = await run('wait');
		expect(waited.output![0].map((item) => item.json.status)).toEqual(['PENDING', 'PENDING']);
	}, 20_000);
});

describe('idempotent submits', () => {
	it.each([
		['the connection is reset after Sync created the generation', 'afterProcessing' as const],
		['the connection is reset after the body was read', 'afterBody' as const],
	])('one generation per item when %s, then a 503', async (_name, when) => {
		bed.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'POST',
			path: '^/v2/generate$',
			kind: 'reset',
			when,
		});
		bed.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'POST',
			path: '^/v2/generate$',
			kind: 'status',
			status: 503,
		});
		const result = await bed.run(createParameters({ options: { maxConcurrentJobs: 2 } }), {
			items: items(3),
		});
		expect(result.error).toBeUndefined();
		const output = result.output![0];
		expect(output.map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(3);

		const counters = bed.emulator.admin.counters();
		expect(counters.generationsCreated).toBe(3);
		expect(bed.emulator.admin.generations()).toHaveLength(3);
		expect(counters.requests['POST /v2/generate']).toBe(5);
		// Only a generation created before its response was lost is replayed.
		expect(counters.idempotentReplays).toBe(when === 'afterProcessing' ? 1 : 0);
	});

	it('a new execution is a new request, not a replay', async () => {
		await bed.run(createParameters({ completion: 'none' }));
		await bed.run(createParameters({ completion: 'none' }));
		expect(bed.emulator.admin.counters().generationsCreated).toBe(2);
		expect(bed.emulator.admin.counters().idempotentReplays).toBe(0);
	});
});
