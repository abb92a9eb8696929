import { items, storedGeneration, useSyncDub } from './setup';

/** Sync Dub: the three completion modes, several items, idempotent submits. */
const env = useSyncDub();

describe('Sync Dub completion modes', () => {
	it("Don't Wait returns the PENDING generation at once, without output", async () => {
		const { output, error } = await env.run({ targetLanguage: 'es', completion: 'none' });
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(item.json).toMatchObject({ status: 'PENDING', outputUrl: null, id: expect.any(String) });
		expect(item.binary).toBeUndefined();
		expect(env.emulator.admin.counters().requests['GET /v2/generate/:id']).toBeUndefined();
	});

	it('Poll Until Done can return the URL only', async () => {
		const { output, error } = await env.run({ targetLanguage: 'es', downloadOutput: false });
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(item.json).toMatchObject({
			status: 'COMPLETED',
			outputUrl: expect.stringMatching(/^http.*\.mp4$/),
		});
		expect(item.json.outputDuration).toEqual(expect.any(Number));
		expect(item.binary).toBeUndefined();
	});

	it('Poll Until Done writes the video to the chosen binary property', async () => {
		const { output, error } = await env.run({
			targetLanguage: 'es',
			binaryPropertyOutput: 'dubbed',
			options: { outputFileName: 'talk_es' },
		});
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(Object.keys(item.binary!)).toEqual(['dubbed']);
		expect(item.binary!.dubbed.fileName).toBe('talk_es.mp4');
		expect((await env.harness.readBinary(item.binary!.dubbed)).length).toBeGreaterThan(1000);
	});

	it('Wait for Webhook pauses, and resumes with every dubbed video when Sync calls back', async () => {
		const result = await env.run(
			{
				targetLanguage: '={{ $json.target }}',
				completion: 'webhook',
				timeout: 60,
				// The user's webhook URL is not used: Sync calls the execution's resume URL.
				options: { maxConcurrentJobs: 2, webhookUrl: 'https://hooks.example.com/ignored' },
			},
			{ items: items({ target: 'es' }, { target: 'ja' }), mode: 'trigger' },
		);
		expect(result.error).toBeUndefined();
		expect(result.waiting).toBeDefined();

		const resumed = await result.waiting!.resumed(10_000);
		expect(resumed.timedOut).toBe(false);
		const outputs = resumed.output![0];
		expect(outputs.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const [index, item] of outputs.entries()) {
			expect(item.json.status).toBe('COMPLETED');
			expect(item.binary!.data.mimeType).toBe('video/mp4');
			const generation = storedGeneration(env.emulator, item);
			expect(generation.dubParams).toMatchObject({ targetLang: ['es', 'ja'][index] });
			expect(generation.webhookUrl).toContain(
				`${env.harness.baseUrl}webhook-waiting/${result.executionId}/`,
			);
		}
		const deliveries = env.emulator.admin.webhookDeliveries();
		expect(deliveries).toHaveLength(2);
		expect(deliveries.every((delivery) => !delivery.url.includes('hooks.example.com'))).toBe(true);
	});

	it('runs several items at once, at most Max Concurrent Jobs, outputs paired in input order', async () => {
		const { output, error } = await env.run(
			{
				targetLanguage: '={{ $json.target }}',
				downloadOutput: false,
				options: { maxConcurrentJobs: 3 },
			},
			{ items: items({ target: 'es' }, { target: 'fr' }, { target: 'de' }, { target: 'it' }) },
		);
		expect(error).toBeUndefined();
		const outputs = output![0];
		expect(outputs.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(
			outputs.map((item) => storedGeneration(env.emulator, item).dubParams!.targetLang),
		).toEqual(['es', 'fr', 'de', 'it']);
		expect(outputs.every((item) => item.json.status === 'COMPLETED')).toBe(true);
		// The creator plan runs 3 at once: the fourth never hit the concurrency limit.
		const counters = env.emulator.admin.counters();
		expect(counters.generationsCreated).toBe(4);
		expect(counters.requests['POST /v2/generate']).toBe(4);
	});

	it('submits idempotently: a lost response is retried without a second generation', async () => {
		env.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'POST',
			path: '^/v2/generate$',
			kind: 'reset',
			when: 'afterProcessing',
		});
		const { output, error } = await env.run({ targetLanguage: 'es', completion: 'none' });
		expect(error).toBeUndefined();
		const counters = env.emulator.admin.counters();
		expect(counters.requests['POST /v2/generate']).toBe(2);
		expect(counters.generationsCreated).toBe(1);
		expect(counters.idempotentReplays).toBe(1);
		expect(output![0][0].json.id).toBe(env.emulator.admin.generations()[0].id);
	});
});
