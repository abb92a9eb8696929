/** The cost guard of Generation → Create and Batch → Create, against the emulator's estimates. */
import { NodeOperationError } from 'n8n-workflow';

import { createParameters, items, useTestBed } from './setup';

const bed = useTestBed();

describe('cost guard', () => {
	it('Create: an item over the per-generation limit is refused with its estimate; the others run', async () => {
		const result = await bed.run(
			createParameters({
				completion: 'none',
				// The output is as long as the speech.
				audioUrl: '={{ "https://media.example.com/voice.wav?duration=" + $json.seconds }}',
				options: { maxCostPerGeneration: 0.4 },
			}),
			{ items: items(2, (index) => ({ seconds: [4, 12][index] })), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		const [cheap, expensive] = result.output![0];
		expect(cheap.json).toMatchObject({
			status: 'PENDING',
			costEstimate: { estimatedGenerationCost: 0.2, basis: 'inputs' },
		});
		expect(expensive.json.error).toBe(
			'"Max Cost per Generation (USD)" is 0.4, but the generation is estimated at 0.6 USD (item 1)',
		);
		expect(expensive.pairedItem).toEqual({ item: 1 });
		expect(bed.emulator.admin.counters().generationsCreated).toBe(1);
	});

	it('Batch: one request over the limit refuses the whole batch, which is one request', async () => {
		const scale = {
			videoDubSyncLabsApi: {
				...bed.credentials!.videoDubSyncLabsApi,
				apiKey: 'sk_test_sync_scale',
			},
		};
		const parameters = {
			...createParameters({
				audioUrl:
					'={{ "https://media.example.com/voice.wav?duration=" + ($itemIndex === 7 ? 60 : 5) }}',
				options: { maxCostPerExecution: 100, maxCostPerGeneration: 1 },
			}),
			resource: 'batch',
			operation: 'create',
		};
		const refused = await bed.run(parameters, { items: items(20), credentials: scale });
		expect(refused.error).toBeInstanceOf(NodeOperationError);
		expect(refused.error!.message).toBe(
			'"Max Cost per Generation (USD)" is 1, but the request "item-7" is estimated at 3 USD (item 7)',
		);
		expect(bed.emulator.admin.counters().batchesCreated).toBe(0);

		const accepted = await bed.run(
			{ ...parameters, options: { maxCostPerGeneration: 5 } },
			{ items: items(20), credentials: scale },
		);
		expect(accepted.error).toBeUndefined();
		const requests = accepted.output![0][0].json.requests as Array<{
			costEstimate: { estimatedGenerationCost: number };
		}>;
		expect(requests[7].costEstimate.estimatedGenerationCost).toBe(3);
		expect(requests[0].costEstimate.estimatedGenerationCost).toBe(0.25);
		expect(bed.emulator.admin.counters().batchesCreated).toBe(1);
	});
});
