// Lipsync Generation inside the real n8n against the Sync emulator, generations: create with
// audio, a script, several speakers and an image with sync-3; get, list, delete. Cost estimates,
// batches and assets have their own files (nodes.lipsyncGeneration.*.e2e.test.ts). Assertions
// read the executions' data and what the emulator received.
import { manualWorkflow, readFilesNode } from './lib/graph';
import { AUDIO_URL, lipsyncSuite, VIDEO_URL } from './lib/lipsyncSuite';
import { expectSuccess, fixtureSize, nodeItems, readBinary, runInServer } from './lib/runs';

const suite = lipsyncSuite('lipsync');
const { ctx, TYPE, credentials } = suite;
const VOICE_ID = '21m00Tcm4TlvDq8ikWAM';

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
		const face = suite.files.fixture('sample-face.png');
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
});
