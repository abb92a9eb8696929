// Sync Dub 1.1 in the real n8n: one video into several languages (one generation and one output
// item per language, paired with the video's item, named by language) and the cost guard, which
// refuses a job over its limit before it is submitted while the other languages go ahead.
import { getE2eContext } from './lib/context';
import { manualWorkflow } from './lib/graph';
import { expectSuccess, nodeItems, runInServer, useFastEmulator } from './lib/runs';

const ctx = getE2eContext();
const credentials = ctx.credentialRef('videoDubSyncLabsApi');

beforeAll(async () => {
	await useFastEmulator(ctx);
});

afterAll(async () => {
	await ctx.emulatorAdmin.configureSync({ failDubLanguages: [] });
});

const dubNode = (parameters: Record<string, unknown>) => ({
	name: 'Dub',
	type: ctx.nodeType('syncDub'),
	typeVersion: 1.1,
	credentials,
	onError: 'continueRegularOutput',
	parameters: { videoUrl: 'https://media.example.com/talk.mp4', pollInterval: 1, ...parameters },
});

describe(`Sync Dub into several languages in ${ctx.target.label}`, () => {
	it('one video × 3 languages gives 3 generations and 3 paired outputs, named by language', async () => {
		const before = (await ctx.emulatorAdmin.counters()).generationsCreated;
		const workflow = manualWorkflow('e2eDubLanguages1', 'e2e Sync Dub: three languages', [
			dubNode({ targetLanguage: ['es', 'fr', 'de'] }),
		]);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);
		const items = nodeItems(execution.data, 'Dub');
		expect(items.map((item) => item.json.language)).toEqual(['es', 'fr', 'de']);
		expect(items.every((item) => item.json.status === 'COMPLETED')).toBe(true);
		for (const item of items) {
			// <name>-<lang>.mp4, the name the video URL's file name (talk.mp4).
			expect(item.binary!.data.fileName).toBe(`talk-${String(item.json.language)}.mp4`);
		}
		expect(
			execution.data.resultData.runData.Dub[0].data!.main![0]!.map(
				(item) => (item as { pairedItem?: unknown }).pairedItem,
			),
		).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		expect((await ctx.emulatorAdmin.counters()).generationsCreated - before).toBe(3);
	});

	it('a cost limit below one job’s estimate creates nothing for that job, with a clear error; the others proceed', async () => {
		const before = (await ctx.emulatorAdmin.generations()).length;
		// 10 s of video at lipsync-2: 0.5 USD a dub; 30 s: 1.5 USD.
		const workflow = manualWorkflow(
			'e2eDubCostGuard1',
			'e2e Sync Dub: cost limit',
			[
				{
					name: 'Videos',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					parameters: {
						jsCode:
							"return [{ json: { video: 'https://media.example.com/short.mp4' } }, { json: { video: 'https://media.example.com/long.mp4?duration=30' } }];",
					},
				},
				dubNode({
					videoUrl: '={{ $json.video }}',
					targetLanguage: ['es', 'ja'],
					completion: 'none',
					options: { maxCostPerGeneration: 1 },
				}),
			],
			[['Videos', 'Dub']],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);
		const items = nodeItems(execution.data, 'Dub');
		expect(
			items.map((item) => [item.json.language, item.json.error ? 'refused' : item.json.status]),
		).toEqual([
			['es', 'PENDING'],
			['ja', 'PENDING'],
			['es', 'refused'],
			['ja', 'refused'],
		]);
		expect(items[2].json.error).toBe(
			'"Max Cost per Generation (USD)" is 1, but the generation (language es) is estimated at 1.5 USD (item 1)',
		);
		expect(items[0].json.costEstimate).toMatchObject({
			estimatedGenerationCost: 0.5,
			currency: 'USD',
		});
		const created = (await ctx.emulatorAdmin.generations()).slice(before);
		expect(created.map((generation) => generation.input[0].url)).toEqual([
			'https://media.example.com/short.mp4',
			'https://media.example.com/short.mp4',
		]);
	});

	it('a failed language is an error item on its own; the other languages succeed', async () => {
		await ctx.emulatorAdmin.configureSync({ failDubLanguages: ['fr'] });
		const workflow = manualWorkflow('e2eDubOneFails1', 'e2e Sync Dub: one language fails', [
			dubNode({ targetLanguage: ['es', 'fr'], downloadOutput: false }),
		]);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);
		const items = nodeItems(execution.data, 'Dub');
		expect(items.map((item) => [item.json.language, item.json.status])).toEqual([
			['es', 'COMPLETED'],
			['fr', 'FAILED'],
		]);
		expect(String(items[1].json.error)).toMatch(/ended FAILED/);
	});
});
