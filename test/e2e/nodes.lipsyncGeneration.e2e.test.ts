// Lipsync Generation inside the real n8n against the Sync emulator, every resource: generations
// (create with audio, a script, several speakers and an image with sync-3; get, list, estimate
// cost, delete), batches (create on a Scale-plan key, get, results, list; the plan error on
// another key) and assets (upload, get, list). Assertions read the executions' data and what the
// emulator received.
import { getE2eContext } from './lib/context';
import type { FilesDir } from './lib/files';
import { createFilesDir } from './lib/files';
import { fieldsNode, manualWorkflow, readFilesNode, splitOutNode } from './lib/graph';
import {
	createCredential,
	expectSuccess,
	fixtureSize,
	nodeItems,
	readBinary,
	runInServer,
	useFastEmulator,
} from './lib/runs';

const ctx = getE2eContext();
const TYPE = ctx.nodeType('lipsyncGeneration');
const credentials = ctx.credentialRef('videoDubSyncLabsApi');
const VIDEO_URL = 'https://media.example.com/presenter.mp4';
const AUDIO_URL = 'https://media.example.com/voice.wav';
const VOICE_ID = '21m00Tcm4TlvDq8ikWAM';

let files: FilesDir;

beforeAll(async () => {
	await useFastEmulator(ctx);
	files = createFilesDir(ctx.n8n.state, 'lipsync');
});

afterAll(() => files?.remove());

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

describe(`Lipsync Generation in ${ctx.target.label}: generations`, () => {
	it('creates from audio (defaults), gets with download, deletes, creates from a script, lists', async () => {
		const workflow = manualWorkflow(
			'e2eLipsyncGen001',
			'e2e Lipsync Generation: generation lifecycle',
			[
				// Only the media: model, inputs kinds, completion and download are the defaults.
				{
					name: 'Audio',
					type: TYPE,
					credentials,
					parameters: { videoUrl: VIDEO_URL, audioUrl: AUDIO_URL, pollInterval: 1 },
				},
				{
					name: 'Get',
					type: TYPE,
					credentials,
					parameters: {
						operation: 'get',
						generationId: "={{ $('Audio').item.json.id }}",
						downloadOutput: true,
						binaryPropertyOutput: 'video',
					},
				},
				{
					name: 'Delete',
					type: TYPE,
					credentials,
					parameters: { operation: 'delete', generationId: '={{ $json.id }}' },
				},
				{
					name: 'Text',
					type: TYPE,
					credentials,
					parameters: {
						model: 'lipsync-2-pro',
						videoUrl: VIDEO_URL,
						voiceInput: 'text',
						voiceId: VOICE_ID,
						script: 'Bonjour à tous, et bienvenue.',
						stability: 0.3,
						pollInterval: 1,
						downloadOutput: false,
						options: { activeSpeaker: 'auto', occlusionDetection: true },
					},
				},
				{
					name: 'List',
					type: TYPE,
					credentials,
					parameters: { operation: 'list', statusFilter: ['COMPLETED'], returnAll: true },
				},
			],
			[
				['Audio', 'Get'],
				['Get', 'Delete'],
				['Delete', 'Text'],
				['Text', 'List'],
			],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [audio] = nodeItems(execution.data, 'Audio');
		expect(audio.json).toMatchObject({ status: 'COMPLETED', model: 'lipsync-2' });
		expect(audio.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		// The workflow deletes the generation (and its output) below: compare what Get downloaded.
		const video = readBinary(ctx, audio.binary!.data);
		expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');

		const [got] = nodeItems(execution.data, 'Get');
		expect(got.json).toMatchObject({
			id: audio.json.id,
			status: 'COMPLETED',
			outputUrl: audio.json.outputUrl,
		});
		expect(got.binary?.video).toMatchObject({ mimeType: 'video/mp4' });
		expect(readBinary(ctx, got.binary!.video).equals(video)).toBe(true);

		const [deleted] = nodeItems(execution.data, 'Delete');
		expect(deleted.json).toMatchObject({ id: audio.json.id, deleted: true });
		expect((await ctx.emulatorAdmin.generations()).some((g) => g.id === audio.json.id)).toBe(false);

		const [text] = nodeItems(execution.data, 'Text');
		expect(text.json).toMatchObject({ status: 'COMPLETED', model: 'lipsync-2-pro' });
		expect(text.binary).toBeUndefined();
		const textGeneration = await ctx.emulatorAdmin.generation(text.json.id);
		expect(textGeneration.input).toEqual([
			{ type: 'video', url: VIDEO_URL },
			{
				type: 'text',
				provider: {
					name: 'elevenlabs',
					voiceId: VOICE_ID,
					script: 'Bonjour à tous, et bienvenue.',
					stability: 0.3,
					similarityBoost: 0.75,
				},
			},
		]);
		expect(textGeneration.options).toEqual({
			active_speaker_detection: { auto_detect: true },
			occlusion_detection_enabled: true,
		});

		const listed = nodeItems(execution.data, 'List').map((item) => item.json);
		expect(listed.map((generation) => generation.id)).toContain(text.json.id);
		expect(listed.map((generation) => generation.id)).not.toContain(audio.json.id);
		for (const generation of listed) expect(generation.status).toBe('COMPLETED');
	});

	it("creates from several speakers with segments, from an image with sync-3 and with react-1 options (Don't Wait)", async () => {
		const face = files.fixture('sample-face.png');
		const workflow = manualWorkflow(
			'e2eLipsyncGen002',
			'e2e Lipsync Generation: speakers and image',
			// Four Don't Wait jobs on a plan of three: the last waits for a slot rather than failing.
			[
				{
					name: 'Speakers',
					type: TYPE,
					credentials,
					parameters: {
						videoUrl: VIDEO_URL,
						voiceInput: 'speakers',
						completion: 'none',
						whenPlanFull: 'wait',
						speakers: {
							speaker: [
								{ refId: 'host', voiceKind: 'audio', audioSource: 'url', audioUrl: AUDIO_URL },
								{
									refId: 'guest',
									voiceKind: 'text',
									voiceId: VOICE_ID,
									script: 'Thanks for having me.',
								},
							],
						},
						segments: {
							segment: [
								{ startTime: 0, endTime: 2.5, refId: 'host' },
								{
									startTime: 2.5,
									endTime: 4,
									refId: 'guest',
									audioStartTime: '0',
									audioEndTime: '1.5',
								},
							],
						},
					},
				},
				readFilesNode('Read Face', face),
				{
					name: 'Image',
					type: TYPE,
					credentials,
					parameters: {
						model: 'sync-3',
						visualType: 'image',
						imageSource: 'binary',
						audioUrl: AUDIO_URL,
						completion: 'none',
						whenPlanFull: 'wait',
					},
				},
				{
					name: 'React',
					type: TYPE,
					credentials,
					parameters: {
						model: 'react-1',
						videoUrl: VIDEO_URL,
						audioUrl: AUDIO_URL,
						completion: 'none',
						whenPlanFull: 'wait',
						options: { modelMode: 'head', emotion: 'happy' },
					},
				},
				// React-1 options left behind after switching the model: n8n drops hidden options.
				{
					name: 'Switched Model',
					type: TYPE,
					credentials,
					parameters: {
						model: 'lipsync-2',
						videoUrl: VIDEO_URL,
						audioUrl: AUDIO_URL,
						completion: 'none',
						whenPlanFull: 'wait',
						options: { modelMode: 'head', temperature: 0.8 },
					},
				},
			],
			[['Read Face', 'Image']],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [speakers] = nodeItems(execution.data, 'Speakers');
		expect(speakers.json).toMatchObject({ status: 'PENDING' });
		const speakersGeneration = await ctx.emulatorAdmin.generation(speakers.json.id);
		expect(speakersGeneration.input).toEqual([
			{ type: 'video', url: VIDEO_URL },
			{ type: 'audio', url: AUDIO_URL, refId: 'host' },
			{
				type: 'text',
				refId: 'guest',
				provider: {
					name: 'elevenlabs',
					voiceId: VOICE_ID,
					script: 'Thanks for having me.',
					stability: 0.5,
					similarityBoost: 0.75,
				},
			},
		]);
		expect(speakersGeneration.segments).toEqual([
			{ startTime: 0, endTime: 2.5, audioInput: { refId: 'host' } },
			{ startTime: 2.5, endTime: 4, audioInput: { refId: 'guest', startTime: 0, endTime: 1.5 } },
		]);

		const [image] = nodeItems(execution.data, 'Image');
		expect(image.json).toMatchObject({ status: 'PENDING', model: 'sync-3' });
		const imageGeneration = await ctx.emulatorAdmin.generation(image.json.id);
		expect(imageGeneration.input).toEqual([
			{ type: 'image', assetId: expect.any(String) },
			{ type: 'audio', url: AUDIO_URL },
		]);
		const asset = (await ctx.emulatorAdmin.assets()).find(
			(a) => a.id === imageGeneration.input[0].assetId,
		);
		expect(asset).toMatchObject({
			type: 'IMAGE',
			name: 'sample-face.png',
			size: fixtureSize('sample-face.png'),
		});

		const [react] = nodeItems(execution.data, 'React');
		expect((await ctx.emulatorAdmin.generation(react.json.id)).options).toEqual({
			model_mode: 'head',
			prompt: 'happy',
		});
		const [switched] = nodeItems(execution.data, 'Switched Model');
		expect((await ctx.emulatorAdmin.generation(switched.json.id)).options).toEqual({
			temperature: 0.8,
		});
	});

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
		const speech = files.fixture('sample-speech.mp3');
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
