// Lipsync Generation inside the real n8n against the Sync emulator, batches (create on a
// Scale-plan key, get, results, list; the plan error on another key) and assets (upload, get,
// list). Assertions read the executions' data and what the emulator received.
import { fieldsNode, manualWorkflow, readFilesNode, splitOutNode } from './lib/graph';
import { AUDIO_URL, lipsyncSuite } from './lib/lipsyncSuite';
import { createCredential, expectSuccess, fixtureSize, nodeItems, runInServer } from './lib/runs';

const suite = lipsyncSuite('lipsync-batches');
const { ctx, TYPE, credentials } = suite;

describe(`Lipsync Generation in ${ctx.target.label}: batches and assets`, () => {
	const requests = Array.from({ length: 20 }, (_, index) => ({
		requestId: `clip-${index}`,
		videoUrl: `https://media.example.com/clip-${index}.mp4`,
	}));
	const batchNode = (name: string, credential: Record<string, { id: string; name: string }>) => ({
		name,
		type: TYPE,
		credentials: credential,
		parameters: {
			resource: 'batch',
			operation: 'create',
			videoUrl: '={{ $json.videoUrl }}',
			audioUrl: AUDIO_URL,
			requestId: '={{ $json.requestId }}',
		},
	});

	it('creates a batch of 20 on a Scale-plan key, gets it, lists it and reads its results; other plans get the plan explained', async () => {
		const scale = {
			videoDubSyncLabsApi: await createCredential(ctx, {
				name: 'Sync Labs (emulator, Scale plan)',
				type: 'videoDubSyncLabsApi',
				data: {
					apiKey: 'sk_test_sync_scale',
					baseUrl: ctx.emulator.syncBaseUrl,
					webhookSecret: ctx.emulator.webhookSecret,
				},
			}),
		};
		const create = manualWorkflow(
			'e2eLipsyncBatch1',
			'e2e Lipsync Generation: batch create',
			[
				fieldsNode('Requests', { requests }),
				splitOutNode('One Item Per Request', 'requests'),
				batchNode('Create Batch', scale),
				{ ...batchNode('Creator Plan', credentials), onError: 'continueRegularOutput' },
			],
			[
				['Requests', 'One Item Per Request'],
				['One Item Per Request', 'Create Batch'],
				['One Item Per Request', 'Creator Plan'],
			],
		);
		const created = await runInServer(ctx, create);
		expectSuccess(created);
		const batchItems = nodeItems(created.data, 'Create Batch');
		expect(batchItems).toHaveLength(1);
		const batch = batchItems[0].json;
		expect(batch).toMatchObject({ id: expect.any(String), requestCount: 20 });
		expect((batch.requests as unknown[])[19]).toEqual({ requestId: 'clip-19', itemIndex: 19 });
		const [refused] = nodeItems(created.data, 'Creator Plan');
		expect(JSON.stringify(refused.json)).toMatch(/Scale/);

		// The emulator runs the 20 generations (Scale: 15 at once) in about a second.
		const deadline = Date.now() + 30_000;
		for (;;) {
			const stored = (await ctx.emulatorAdmin.batches()).find(
				(candidate) => candidate.id === batch.id,
			);
			if (stored?.status === 'COMPLETED') break;
			if (Date.now() > deadline) throw new Error(`batch ${String(batch.id)} is ${stored?.status}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}

		const read = manualWorkflow('e2eLipsyncBatch2', 'e2e Lipsync Generation: batch read', [
			{
				name: 'Get Batch',
				type: TYPE,
				credentials: scale,
				parameters: { resource: 'batch', operation: 'get', batchId: String(batch.id) },
			},
			{
				name: 'Results',
				type: TYPE,
				credentials: scale,
				parameters: { resource: 'batch', operation: 'getResults', batchId: String(batch.id) },
			},
			{
				name: 'List Batches',
				type: TYPE,
				credentials: scale,
				parameters: {
					resource: 'batch',
					operation: 'list',
					batchStatus: 'COMPLETED',
					returnAll: true,
				},
			},
		]);
		const execution = await runInServer(ctx, read);
		expectSuccess(execution);
		const [got] = nodeItems(execution.data, 'Get Batch');
		expect(got.json).toMatchObject({
			id: batch.id,
			status: 'COMPLETED',
			metrics: { totalGenerations: 20, successCount: 20, failedCount: 0, pendingCount: 0 },
		});
		const results = nodeItems(execution.data, 'Results').map((item) => item.json);
		expect(results).toHaveLength(20);
		expect(results.map((result) => result.requestId).sort()).toEqual(
			requests.map((request) => request.requestId).sort(),
		);
		for (const result of results) {
			expect(result).toMatchObject({
				batchId: batch.id,
				status: 'COMPLETED',
				outputUrl: expect.any(String),
			});
			const index = String(result.requestId).replace('clip-', '');
			expect(result.input).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ url: `https://media.example.com/clip-${index}.mp4` }),
				]),
			);
		}
		const listed = nodeItems(execution.data, 'List Batches').map((item) => item.json.id);
		expect(listed).toContain(batch.id);
	});

	it('uploads an asset from a binary, gets it and lists it', async () => {
		const speech = suite.files.fixture('sample-speech.mp3');
		const workflow = manualWorkflow(
			'e2eLipsyncAsset1',
			'e2e Lipsync Generation: assets',
			[
				readFilesNode('Read Speech', speech),
				{
					name: 'Upload',
					type: TYPE,
					credentials,
					parameters: { resource: 'asset', operation: 'upload' },
				},
				{
					name: 'Get Asset',
					type: TYPE,
					credentials,
					parameters: { resource: 'asset', operation: 'get', assetId: '={{ $json.id }}' },
				},
				{
					name: 'List Audio Assets',
					type: TYPE,
					credentials,
					parameters: {
						resource: 'asset',
						operation: 'list',
						assetTypes: ['AUDIO'],
						returnAll: true,
					},
				},
			],
			[
				['Read Speech', 'Upload'],
				['Upload', 'Get Asset'],
				['Get Asset', 'List Audio Assets'],
			],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [uploaded] = nodeItems(execution.data, 'Upload');
		expect(uploaded.json).toMatchObject({
			id: expect.any(String),
			type: 'AUDIO',
			name: 'sample-speech.mp3',
		});
		const stored = (await ctx.emulatorAdmin.assets()).find(
			(asset) => asset.id === uploaded.json.id,
		);
		expect(stored).toMatchObject({ size: fixtureSize('sample-speech.mp3'), inputType: 'UPLOAD' });
		// The uploaded bytes are the file's bytes.
		const download = await fetch(String(uploaded.json.url));
		expect(Buffer.from(await download.arrayBuffer()).length).toBe(fixtureSize('sample-speech.mp3'));

		const [got] = nodeItems(execution.data, 'Get Asset');
		expect(got.json).toMatchObject({ id: uploaded.json.id, type: 'AUDIO', url: uploaded.json.url });
		const listed = nodeItems(execution.data, 'List Audio Assets').map((item) => item.json);
		expect(listed.map((asset) => asset.id)).toContain(uploaded.json.id);
		for (const asset of listed) expect(asset.type).toBe('AUDIO');
	});
});
