/**
 * Sync Dub's cost estimates: retried like other safe calls (an estimate creates nothing), and the
 * estimate-only operation (Video → Estimate Cost).
 */
import type { INodeParameters } from 'n8n-workflow';

import { useSyncDub } from './setup';

const env = useSyncDub();

const dub = async (parameters: INodeParameters, options: Parameters<typeof env.run>[1] = {}) =>
	await env.run(parameters, { typeVersion: 1.1, ...options });

/** The next estimate request from the whole request fails with `fault`. */
const failEstimate = (
	fault: { kind: 'status'; status: number } | { kind: 'reset'; when: 'afterBody' },
) =>
	env.emulator.admin.injectFault({
		vendor: 'sync',
		method: 'POST',
		path: '^/v2/analyze/cost$',
		...fault,
	});

const underLimit = {
	targetLanguage: ['es'],
	completion: 'none',
	options: { maxCostPerGeneration: 1 },
};

const estimateRequests = () => env.emulator.admin.counters().requests['POST /v2/analyze/cost'] ?? 0;

describe('cost estimates are retried like other safe calls', () => {
	it.each([
		['a passing 5xx', { kind: 'status' as const, status: 503 }],
		[
			'a connection reset after the request was read',
			{ kind: 'reset' as const, when: 'afterBody' as const },
		],
	])('%s does not refuse the job under a cost limit', async (_name, fault) => {
		failEstimate(fault);
		const { output, error } = await dub(underLimit);
		expect(error).toBeUndefined();
		expect(output![0][0].json).toMatchObject({
			status: 'PENDING',
			costEstimate: { estimatedGenerationCost: 0.5, basis: 'inputs' },
		});
		expect(estimateRequests()).toBe(2);
		expect(env.createRequests()).toBe(1);
	});

	it('a 4xx is not retried: the estimate is missing and the job is refused', async () => {
		failEstimate({ kind: 'status', status: 400 });
		const { error } = await dub(underLimit);
		expect(error!.message).toMatch(/^"When No Estimate" is "Refuse the Generation"/);
		expect(estimateRequests()).toBe(1);
		expect(env.createRequests()).toBe(0);
	});
});

describe('Video → Estimate Cost', () => {
	const estimateCost = { operation: 'estimateCost', targetLanguage: ['es', 'fr', 'de'] };

	it('one item per language with its estimate and the total, nothing submitted', async () => {
		const { output, error } = await dub(estimateCost);
		expect(error).toBeUndefined();
		expect(output![0]).toEqual(
			['es', 'fr', 'de'].map((language) => ({
				json: {
					language,
					model: 'lipsync-2',
					estimatedGenerationCost: 0.5,
					estimatedFrameCount: 250,
					currency: 'USD',
					basis: 'inputs',
					totalEstimatedCost: 1.5,
					languages: 3,
				},
				pairedItem: { item: 0 },
			})),
		);
		expect(estimateRequests()).toBe(3);
		expect(env.createRequests()).toBe(0);
		expect(env.emulator.admin.counters().generationsCreated).toBe(0);
	});

	it('a language Sync cannot estimate fails the item, naming it', async () => {
		failEstimate({ kind: 'status', status: 400 });
		const { output, error } = await dub(estimateCost, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output![0]).toHaveLength(1);
		expect(output![0][0].json).toMatchObject({
			error: expect.stringMatching(/^Sync Labs could not estimate the dub into es: Sync Labs: /),
			language: 'es',
		});
	});
});
