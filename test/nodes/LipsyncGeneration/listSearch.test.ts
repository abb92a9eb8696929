/**
 * The resource locators' "From List" mode: what the editor shows when a user opens the Model,
 * Generation, Batch or Asset picker, run through n8n-core's own LoadOptionsContext against the
 * emulator. Picked values (resource-locator objects) must work as parameters too.
 */
import { SyncDub } from '../../../nodes/SyncDub/SyncDub.node';
import { lipsyncBody, syncClient } from '../../emulator/testkit';
import { createParameters, useTestBed } from './setup';

const bed = useTestBed();

const search = async (method: string, filter?: string, paginationToken?: string) =>
	await bed.harness.listSearch({
		node: bed.node,
		credentials: bed.credentials,
		method,
		filter,
		paginationToken,
	});

const locator = (value: string) => ({ __rl: true, mode: 'list', value });

describe('resource locators: From List', () => {
	it('Model lists the account’s models this node supports, each with what it is for', async () => {
		const { results } = await search('searchModels');
		expect(results.map((result) => result.value)).toEqual([
			'sync-3',
			'lipsync-2-pro',
			'lipsync-2',
			'lipsync-1.9.0-beta',
			'react-1',
		]);
		expect(results.find((result) => result.value === 'sync-3')?.description).toMatch(/still image/);
		expect((await search('searchModels', 'pro')).results.map((result) => result.value)).toEqual([
			'lipsync-2-pro',
		]);
		expect(bed.emulator.admin.counters().requests['GET /v2/models']).toBe(2);
	});

	it('Sync Dub offers the same model list', async () => {
		const node = new SyncDub();
		const { results } = await bed.harness.listSearch({
			node,
			credentials: bed.credentials,
			method: 'searchModels',
		});
		expect(results).toHaveLength(5);
		expect(node.methods.listSearch.searchVideoAssets).toBeDefined();
	});

	it('Generation lists the newest first, page by page, and filters by ID, status or model', async () => {
		const client = syncClient(bed.emulator);
		bed.emulator.admin.configureSync({
			createRateLimitPerMin: 100_000,
			concurrencyByPlan: { creator: 100_000 } as never,
		});
		const ids: string[] = [];
		for (let index = 0; index < 60; index += 1) {
			ids.push(
				(
					await client.post(
						'/v2/generate',
						lipsyncBody({ model: index === 7 ? 'sync-3' : 'lipsync-2' }),
					)
				).body.id,
			);
		}
		const first = await search('searchGenerations');
		expect(first.results).toHaveLength(50);
		expect(first.results[0].value).toBe(ids[59]);
		expect(first.results[0].name).toMatch(
			/^lipsync-2 · (PENDING|PROCESSING|COMPLETED) · \d{4}-\d\d-\d\d \d\d:\d\d \([0-9a-f]{8}\)$/,
		);
		expect(first.paginationToken).toBeDefined();
		const second = await search('searchGenerations', undefined, first.paginationToken as string);
		expect(second.results.map((result) => result.value)).toEqual(ids.slice(0, 10).reverse());
		expect(second.paginationToken).toBeUndefined();

		expect(
			(await search('searchGenerations', 'sync-3')).results.map((result) => result.value),
		).toEqual([ids[7]]);
		expect(
			(await search('searchGenerations', ids[3].slice(0, 13))).results.map(
				(result) => result.value,
			),
		).toEqual([ids[3]]);
	});

	it('a picked generation works as the Generation ID of Get', async () => {
		const id = (await syncClient(bed.emulator).post('/v2/generate', lipsyncBody())).body
			.id as string;
		const { results } = await search('searchGenerations');
		const result = await bed.run({
			resource: 'generation',
			operation: 'get',
			generationId: locator(results[0].value as string),
		});
		expect(result.error).toBeUndefined();
		expect(result.output![0][0].json.id).toBe(id);
	});

	it('Asset lists the library by type and search text; a picked asset feeds a generation', async () => {
		const client = syncClient(bed.emulator);
		const video = (
			await client.post('/v2/assets', {
				url: 'https://media.example.com/intro.mp4',
				type: 'VIDEO',
				name: 'intro.mp4',
			})
		).body;
		await client.post('/v2/assets', {
			url: 'https://media.example.com/voice.wav',
			type: 'AUDIO',
			name: 'voice.wav',
		});

		const videos = await search('searchVideoAssets');
		expect(videos.results.map((result) => result.value)).toEqual([video.id]);
		expect(videos.results[0].name).toBe('intro.mp4 (video)');
		expect((await search('searchAssets')).results).toHaveLength(2);
		expect(
			(await search('searchAudioAssets', 'voice')).results.map((result) => result.name),
		).toEqual(['voice.wav (audio)']);
		expect((await search('searchAudioAssets', 'nothing-like-it')).results).toEqual([]);

		const created = await bed.run(
			createParameters({
				completion: 'none',
				videoSource: 'asset',
				videoAssetId: locator(video.id as string),
			}),
		);
		expect(created.error).toBeUndefined();
		const [stored] = bed.emulator.admin.generations();
		expect(stored.input[0]).toMatchObject({ type: 'video', assetId: video.id });
	});

	it('Batch lists batches with their status', async () => {
		const scale = {
			videoDubSyncLabsApi: {
				...bed.credentials!.videoDubSyncLabsApi,
				apiKey: 'sk_test_sync_scale',
			},
		};
		const lines = Array.from({ length: 20 }, (_, index) =>
			JSON.stringify({ request_id: `r${index}`, endpoint: '/v2/generate', payload: lipsyncBody() }),
		).join('\n');
		const form = new FormData();
		form.append('input', new Blob([lines], { type: 'application/jsonl' }), 'input.jsonl');
		const response = await fetch(`${bed.emulator.syncBaseUrl}/v2/batch`, {
			method: 'POST',
			headers: { 'x-api-key': 'sk_test_sync_scale' },
			body: form,
		});
		const batch = (await response.json()) as { id: string };
		const { results } = await bed.harness.listSearch({
			node: bed.node,
			credentials: scale,
			method: 'searchBatches',
		});
		expect(results.map((result) => result.value)).toEqual([batch.id]);
		expect(results[0].name).toMatch(
			new RegExp(`^[A-Z_]+ · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(${batch.id}\\)$`),
		);
	});
});
