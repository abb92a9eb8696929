// Sync Dub inside the real n8n against the Sync emulator: a video URL with parameters from
// expressions, a binary video read from disk (uploaded as an asset), the parameter defaults a user
// gets when setting only the video, "Don't Wait", and a failed dub surfaced on its item.
import { getE2eContext } from './lib/context';
import type { FilesDir } from './lib/files';
import { createFilesDir } from './lib/files';
import { fieldsNode, manualWorkflow, noOpNode, readFilesNode, splitOutNode } from './lib/graph';
import {
	binaryBytes,
	expectSuccess,
	fixtureSize,
	outputSize,
	nodeItems,
	readBinary,
	runInServer,
	useFastEmulator,
} from './lib/runs';

const ctx = getE2eContext();
const TYPE = ctx.nodeType('syncDub');
const credentials = ctx.credentialRef('videoDubSyncLabsApi');

let files: FilesDir;

beforeAll(async () => {
	await useFastEmulator(ctx);
	files = createFilesDir(ctx.n8n.state, 'dub');
});

afterAll(() => files?.remove());

describe(`Sync Dub in ${ctx.target.label}`, () => {
	it('dubs a video URL (parameters from expressions) and a binary video read from disk', async () => {
		const video = files.fixture('sample-video.mp4');
		const workflow = manualWorkflow(
			'e2eDubUrlBin0001',
			'e2e Sync Dub: URL and binary',
			[
				fieldsNode('Job', {
					videoUrl: 'https://media.example.com/interview.mp4',
					language: 'French',
					speakers: 2,
					name: 'interview_fr',
				}),
				{
					name: 'Dub URL',
					type: TYPE,
					credentials,
					parameters: {
						videoSource: 'url',
						videoUrl: '={{ $json.videoUrl }}',
						targetLanguage: '={{ $json.language }}',
						sourceLanguage: 'en',
						numSpeakers: '={{ $json.speakers }}',
						model: 'lipsync-2-pro',
						pollInterval: 1,
						binaryPropertyOutput: 'dubbed',
						options: {
							outputFileName: '={{ $json.name }}',
							syncMode: 'cut_off',
							temperature: 0.3,
							additionalBodyFields: '{"options": {"custom_flag": true}}',
						},
					},
				},
				readFilesNode('Read Video', video),
				// Only the video: language, model, completion and download are the defaults.
				{
					name: 'Dub Binary',
					type: TYPE,
					credentials,
					parameters: { videoSource: 'binary', pollInterval: 1 },
				},
			],
			[
				['Job', 'Dub URL'],
				['Read Video', 'Dub Binary'],
			],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [fromUrl] = nodeItems(execution.data, 'Dub URL');
		expect(fromUrl.json).toMatchObject({ status: 'COMPLETED', model: 'lipsync-2-pro' });
		expect(fromUrl.binary?.data).toBeUndefined();
		expect(fromUrl.binary?.dubbed).toMatchObject({
			mimeType: 'video/mp4',
			fileName: 'interview_fr.mp4',
		});
		expect(binaryBytes(fromUrl.binary!.dubbed)).toBe(await outputSize(fromUrl.json.outputUrl));
		expect(readBinary(ctx, fromUrl.binary!.dubbed).subarray(4, 8).toString('latin1')).toBe('ftyp');
		const urlGeneration = await ctx.emulatorAdmin.generation(fromUrl.json.id);
		expect(urlGeneration.input).toEqual([
			{ type: 'video', url: 'https://media.example.com/interview.mp4' },
		]);
		expect(urlGeneration.dubParams).toEqual({
			providerName: 'elevenlabs',
			targetLang: 'fr',
			sourceLang: 'en',
			numSpeakers: 2,
		});
		expect(urlGeneration.outputFileName).toBe('interview_fr');
		expect(urlGeneration.options).toEqual({
			sync_mode: 'cut_off',
			temperature: 0.3,
			custom_flag: true,
		});

		const [fromBinary] = nodeItems(execution.data, 'Dub Binary');
		expect(fromBinary.json).toMatchObject({ status: 'COMPLETED', model: 'lipsync-2' });
		expect(fromBinary.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(binaryBytes(fromBinary.binary!.data)).toBe(await outputSize(fromBinary.json.outputUrl));
		const binaryGeneration = await ctx.emulatorAdmin.generation(fromBinary.json.id);
		expect(binaryGeneration.dubParams).toEqual({
			providerName: 'elevenlabs',
			targetLang: 'es',
			sourceLang: 'auto',
		});
		const assetId = binaryGeneration.input[0].assetId;
		const asset = (await ctx.emulatorAdmin.assets()).find((candidate) => candidate.id === assetId);
		expect(asset).toMatchObject({
			type: 'VIDEO',
			name: 'sample-video.mp4',
			size: fixtureSize('sample-video.mp4'),
		});
	});

	it("returns at once with Don't Wait, and routes a failed dub to the error output", async () => {
		const talk = 'https://media.example.com/talk.mp4';
		const noSpeech = 'https://media.example.com/nospeech.mp4';
		const workflow = manualWorkflow(
			'e2eDubNoneFail01',
			'e2e Sync Dub: no wait, failure',
			[
				{
					name: 'Submit Only',
					type: TYPE,
					credentials,
					parameters: { videoUrl: talk, completion: 'none' },
				},
				fieldsNode('Videos', { videoUrl: [talk, noSpeech] }),
				splitOutNode('One Item Per Video', 'videoUrl'),
				{
					name: 'Dub Both',
					type: TYPE,
					credentials,
					onError: 'continueErrorOutput',
					parameters: { videoUrl: '={{ $json.videoUrl }}', pollInterval: 1 },
				},
				noOpNode('Dubbed'),
				noOpNode('Not Dubbed'),
			],
			[
				['Videos', 'One Item Per Video'],
				['One Item Per Video', 'Dub Both'],
				['Dub Both', 'Dubbed', 0],
				['Dub Both', 'Not Dubbed', 1],
			],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [pending] = nodeItems(execution.data, 'Submit Only');
		expect(pending.json).toMatchObject({ status: 'PENDING' });
		expect(pending.binary).toBeUndefined();

		const [dubbed] = nodeItems(execution.data, 'Dubbed');
		expect(nodeItems(execution.data, 'Dubbed')).toHaveLength(1);
		expect(dubbed.json).toMatchObject({ status: 'COMPLETED' });
		expect((await ctx.emulatorAdmin.generation(dubbed.json.id)).input[0].url).toBe(talk);
		expect(binaryBytes(dubbed.binary!.data)).toBe(await outputSize(dubbed.json.outputUrl));

		const failed = nodeItems(execution.data, 'Not Dubbed');
		expect(failed).toHaveLength(1);
		expect(failed[0].binary).toBeUndefined();
		const failedGeneration = (await ctx.emulatorAdmin.generations()).find(
			(generation) => generation.input[0]?.url === noSpeech,
		);
		expect(failedGeneration).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_audio_invalid',
		});
		expect(String(failed[0].json.error)).toContain(`${failedGeneration!.id} ended FAILED`);
		// The details ride along under `message` (n8n's error output takes `error` and `message`),
		// next to the input item's fields n8n adds.
		expect(failed[0].json).toMatchObject({
			videoUrl: noSpeech,
			message: {
				generationId: failedGeneration!.id,
				status: 'FAILED',
				vendorErrorCode: 'generation_input_audio_invalid',
			},
		});
	});
});
