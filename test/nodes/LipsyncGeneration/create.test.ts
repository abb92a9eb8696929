import type { IBinaryData, INodeParameters } from 'n8n-workflow';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { webhookReceiver } from '../../emulator/testkit';
import { AUDIO_URL, FIXTURES, IMAGE_URL, VIDEO_URL, createParameters, useTestBed } from './setup';

/** Generation → Create with every kind of input, against the emulator, polling to the end. */

const bed = useTestBed();

const fixture = (name: string) => join(FIXTURES, name);

async function binaryFile(name: string, mimeType: string): Promise<IBinaryData> {
	return await bed.harness.binaryFromFile(fixture(name), mimeType);
}

/** Runs Create and returns the single output item and the generation the emulator stored. */
async function createOne(parameters: INodeParameters, binary?: Record<string, IBinaryData>) {
	const result = await bed.run(createParameters(parameters), { items: [{ json: {}, binary }] });
	expect(result.error).toBeUndefined();
	const [item] = result.output![0];
	const generations = bed.emulator.admin.generations();
	expect(generations).toHaveLength(1);
	return { item, generation: generations[0] };
}

describe('visual and voice inputs', () => {
	it('video URL + audio URL: polls to COMPLETED and streams the video into binary "data"', async () => {
		const { item, generation } = await createOne({ downloadOutput: true });
		expect(generation.input).toEqual([
			{ type: 'video', url: VIDEO_URL },
			{ type: 'audio', url: AUDIO_URL },
		]);
		expect(item.json).toMatchObject({
			id: generation.id,
			status: 'COMPLETED',
			model: 'lipsync-2',
			outputUrl: generation.outputUrl,
			error: null,
			errorCode: null,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const binary = item.binary!.data;
		expect(binary.mimeType).toBe('video/mp4');
		const expected = Buffer.from(await (await fetch(generation.outputUrl!)).arrayBuffer());
		expect(await bed.harness.readBinary(binary)).toEqual(expected);
		expect(bed.emulator.admin.counters().requestsWithApiKeyOnStorage).toBe(0);
	});

	it('binary video and binary audio are streamed to Sync as assets, then referenced by ID', async () => {
		const { item, generation } = await createOne(
			{
				videoSource: 'binary',
				videoBinaryProperty: 'clip',
				audioSource: 'binary',
				audioBinaryProperty: 'voice',
				downloadOutput: true,
				binaryPropertyOutput: 'lipsynced',
			},
			{
				clip: await binaryFile('sample-video.mp4', 'video/mp4'),
				voice: await binaryFile('sample-speech.wav', 'audio/wav'),
			},
		);
		const assets = bed.emulator.admin.assets();
		expect(assets.map((asset) => [asset.type, asset.size])).toEqual([
			['VIDEO', (await readFile(fixture('sample-video.mp4'))).length],
			['AUDIO', (await readFile(fixture('sample-speech.wav'))).length],
		]);
		expect(generation.input).toEqual([
			{ type: 'video', assetId: assets[0].id },
			{ type: 'audio', assetId: assets[1].id },
		]);
		const counters = bed.emulator.admin.counters();
		expect(counters.uploadsReceived).toBe(2);
		expect(counters.requestsWithApiKeyOnStorage).toBe(0);
		expect(item.json.status).toBe('COMPLETED');
		expect(Object.keys(item.binary!)).toEqual(['lipsynced']);
	});

	it('an inline binary (n8n 1.x memory mode, no ID) is uploaded too', async () => {
		const bytes = await readFile(fixture('sample-speech.mp3'));
		const { generation } = await createOne(
			{ audioSource: 'binary', audioBinaryProperty: 'data' },
			{ data: bed.harness.inlineBinary(bytes, 'audio/mpeg', 'speech.mp3') },
		);
		const [asset] = bed.emulator.admin.assets();
		expect(asset).toMatchObject({ type: 'AUDIO', size: bytes.length, name: 'speech.mp3' });
		expect(generation.input[1]).toEqual({ type: 'audio', assetId: asset.id });
	});

	it('asset IDs from Asset → Upload are reused without uploading again', async () => {
		const upload = await bed.run(
			{ resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
			{
				items: [
					{ json: {}, binary: { data: await binaryFile('sample-video.mp4', 'video/mp4') } },
					{ json: {}, binary: { data: await binaryFile('sample-speech.wav', 'audio/wav') } },
				],
			},
		);
		expect(upload.error).toBeUndefined();
		const [video, audio] = upload.output![0].map((item) => item.json);
		expect([video.type, audio.type]).toEqual(['VIDEO', 'AUDIO']);

		const result = await bed.run(
			createParameters({
				videoSource: 'asset',
				videoAssetId: '={{ $json.videoId }}',
				audioSource: 'asset',
				audioAssetId: '={{ $json.audioId }}',
			}),
			{ items: [1, 2].map(() => ({ json: { videoId: video.id, audioId: audio.id } })) },
		);
		expect(result.error).toBeUndefined();
		expect(result.output![0].map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED']);
		const generations = bed.emulator.admin.generations();
		for (const generation of generations) {
			expect(generation.input).toEqual([
				{ type: 'video', assetId: video.id },
				{ type: 'audio', assetId: audio.id },
			]);
		}
		expect(bed.emulator.admin.counters().uploadsReceived).toBe(2);
	});

	it('an image URL with sync-3', async () => {
		const { item, generation } = await createOne({
			model: 'sync-3',
			visualType: 'image',
			imageSource: 'url',
			imageUrl: IMAGE_URL,
		});
		expect(generation.model).toBe('sync-3');
		expect(generation.input[0]).toEqual({ type: 'image', url: IMAGE_URL });
		expect(item.json.status).toBe('COMPLETED');
	});

	it('a binary image with sync-3 becomes an IMAGE asset', async () => {
		const { generation } = await createOne(
			{ model: 'sync-3', visualType: 'image', imageSource: 'binary', imageBinaryProperty: 'face' },
			{ face: await binaryFile('sample-face.png', 'image/png') },
		);
		const [asset] = bed.emulator.admin.assets();
		expect(asset.type).toBe('IMAGE');
		expect(generation.input[0]).toEqual({ type: 'image', assetId: asset.id });
	});

	it('text to speech with an ElevenLabs voice', async () => {
		const { item, generation } = await createOne({
			voiceInput: 'text',
			voiceId: 'EXAVITQu4vr4xnSDxMaL',
			script: 'Hola, bienvenidos al canal.',
			stability: 0.3,
			similarityBoost: 0.9,
		});
		expect(generation.input[1]).toEqual({
			type: 'text',
			provider: {
				name: 'elevenlabs',
				voiceId: 'EXAVITQu4vr4xnSDxMaL',
				script: 'Hola, bienvenidos al canal.',
				stability: 0.3,
				similarityBoost: 0.9,
			},
		});
		expect(item.json.status).toBe('COMPLETED');
	});

	it('several speakers (URL, binary and text) placed by segments, with an audio crop', async () => {
		const { item, generation } = await createOne(
			{
				model: 'lipsync-2-pro',
				voiceInput: 'speakers',
				speakers: {
					speaker: [
						{ refId: 'host', voiceKind: 'audio', audioSource: 'url', audioUrl: AUDIO_URL },
						{
							refId: 'guest',
							voiceKind: 'audio',
							audioSource: 'binary',
							audioBinaryProperty: 'guest',
						},
						{
							refId: 'narrator',
							voiceKind: 'text',
							voiceId: 'voice_n',
							script: 'And that was it.',
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
							audioStartTime: '0.5',
							audioEndTime: '2',
						},
						{ startTime: 4, endTime: 4, refId: 'narrator' },
					],
				},
			},
			{ guest: await binaryFile('sample-speech.wav', 'audio/wav') },
		);
		const [asset] = bed.emulator.admin.assets();
		expect(generation.input).toEqual([
			{ type: 'video', url: VIDEO_URL },
			{ type: 'audio', url: AUDIO_URL, refId: 'host' },
			{ type: 'audio', assetId: asset.id, refId: 'guest' },
			{
				type: 'text',
				refId: 'narrator',
				provider: {
					name: 'elevenlabs',
					voiceId: 'voice_n',
					script: 'And that was it.',
					stability: 0.5,
					similarityBoost: 0.75,
				},
			},
		]);
		expect(generation.segments).toEqual([
			{ startTime: 0, endTime: 2.5, audioInput: { refId: 'host' } },
			{ startTime: 2.5, endTime: 4, audioInput: { refId: 'guest', startTime: 0.5, endTime: 2 } },
			{ startTime: 4, endTime: 4, audioInput: { refId: 'narrator' } },
		]);
		expect(item.json.segments).toEqual(generation.segments);
	});
});

describe('options', () => {
	it('maps the lip-sync options to Sync snake_case keys and names the output file', async () => {
		const { item, generation } = await createOne({
			options: {
				syncMode: 'cut_off',
				temperature: 0.8,
				occlusionDetection: true,
				activeSpeaker: 'coordinates',
				speakerFrame: 12,
				speakerX: 640,
				speakerY: 360,
				outputFileName: 'greeting_v1',
			},
		});
		expect(generation.options).toEqual({
			sync_mode: 'cut_off',
			temperature: 0.8,
			occlusion_detection_enabled: true,
			active_speaker_detection: { frame_number: 12, coordinates: [640, 360] },
		});
		expect(generation.outputFileName).toBe('greeting_v1');
		expect(item.json.outputUrl).toMatch(/\/greeting_v1\.mp4$/);
	});

	it('auto-detects the active speaker', async () => {
		const { generation } = await createOne({ options: { activeSpeaker: 'auto' } });
		expect(generation.options).toEqual({ active_speaker_detection: { auto_detect: true } });
	});

	it('sends model_mode and the emotion prompt for react-1', async () => {
		const { generation } = await createOne({
			model: 'react-1',
			options: { modelMode: 'head', emotion: 'surprised' },
		});
		expect(generation.options).toEqual({ model_mode: 'head', prompt: 'surprised' });
	});

	it.each(['bounce', 'loop', 'cut_off', 'silence', 'remap'])(
		'sync mode %s is accepted by Sync',
		async (mode) => {
			const { item, generation } = await createOne({ options: { syncMode: mode } });
			expect(generation.options).toEqual({ sync_mode: mode });
			expect(item.json.status).toBe('COMPLETED');
		},
	);

	it('the webhook URL (e.g. a Generation Trigger) is called by Sync when the generation ends', async () => {
		const receiver = await webhookReceiver();
		try {
			const { item } = await createOne({
				completion: 'none',
				options: { webhookUrl: receiver.url },
			});
			const [hook] = await receiver.waitFor(1);
			const body = JSON.parse(hook.rawBody);
			expect(body).toMatchObject({
				id: item.json.id,
				status: 'COMPLETED',
				webhookUrl: receiver.url,
			});
			expect(hook.headers['sync-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
		} finally {
			await receiver.close();
		}
	});
});
