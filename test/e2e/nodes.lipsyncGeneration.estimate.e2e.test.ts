// Lipsync Generation inside the real n8n against the Sync emulator: cost estimates from a
// duration and from the inputs, compared with what the emulator's API answers directly.
import { manualWorkflow } from './lib/graph';
import { AUDIO_URL, lipsyncSuite, VIDEO_URL } from './lib/lipsyncSuite';
import { expectSuccess, nodeItems, runInServer } from './lib/runs';

const { ctx, TYPE, credentials } = lipsyncSuite('lipsync-estimate');

/** POST to the emulator's Sync API with the test key, as an independent reference. */
async function syncPost(path: string, body: unknown): Promise<Record<string, unknown>> {
	const response = await fetch(`${ctx.emulator.syncBaseUrl}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': ctx.emulator.syncApiKey },
		body: JSON.stringify(body),
	});
	const json = (await response.json()) as unknown;
	return (Array.isArray(json) ? json[0] : json) as Record<string, unknown>;
}

describe(`Lipsync Generation in ${ctx.target.label}: cost estimates`, () => {
	it('estimates the cost from a duration and from the inputs, as the API computes it', async () => {
		const workflow = manualWorkflow('e2eLipsyncCost01', 'e2e Lipsync Generation: estimates', [
			{
				name: 'From Duration',
				type: TYPE,
				credentials,
				parameters: {
					operation: 'estimateCost',
					estimateFrom: 'duration',
					model: 'lipsync-2',
					duration: 12,
					fps: 25,
				},
			},
			{
				name: 'From Inputs',
				type: TYPE,
				credentials,
				parameters: {
					operation: 'estimateCost',
					model: 'lipsync-2-pro',
					videoUrl: `${VIDEO_URL}?duration=7`,
					audioUrl: `${AUDIO_URL}?duration=7`,
				},
			},
		]);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [fromDuration] = nodeItems(execution.data, 'From Duration');
		const expectedDuration = await syncPost('/v2/generations/estimate', {
			model: 'lipsync-2',
			duration: 12,
			fps: 25,
		});
		expect(fromDuration.json).toMatchObject({
			model: 'lipsync-2',
			duration: 12,
			fps: 25,
			currency: 'USD',
		});
		expect(fromDuration.json.estimatedGenerationCost).toBe(
			expectedDuration.estimatedGenerationCost,
		);
		expect(fromDuration.json.estimatedGenerationCost).toBeGreaterThan(0);

		const [fromInputs] = nodeItems(execution.data, 'From Inputs');
		const expectedInputs = await syncPost('/v2/analyze/cost', {
			model: 'lipsync-2-pro',
			input: [
				{ type: 'video', url: `${VIDEO_URL}?duration=7` },
				{ type: 'audio', url: `${AUDIO_URL}?duration=7` },
			],
		});
		expect(fromInputs.json).toMatchObject({ model: 'lipsync-2-pro', currency: 'USD' });
		expect(fromInputs.json.estimatedGenerationCost).toBe(expectedInputs.estimatedGenerationCost);
		expect(fromInputs.json.estimatedGenerationCost).toBeGreaterThan(0);
		// The pro model for 7 s costs something else than lipsync-2 for 12 s.
		expect(fromInputs.json.estimatedGenerationCost).not.toBe(
			fromDuration.json.estimatedGenerationCost,
		);
	});
});
