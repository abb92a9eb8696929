// Video To Music inside the real n8n against the ElevenLabs emulator: binary videos read from disk
// (one soundtrack per item, and all items combined), several URL videos in one item, output
// formats and separate tracks, and a plan error surfaced on the item. Assertions read the audio
// n8n stored.
import path from 'node:path';

import { getE2eContext } from './lib/context';
import type { FilesDir } from './lib/files';
import { createFilesDir } from './lib/files';
import { fieldsNode, manualWorkflow, readFilesNode, splitOutNode } from './lib/graph';
import type { OutputItem } from './lib/runs';
import {
	binaryBytes,
	expectSuccess,
	nodeItems,
	readBinary,
	runInServer,
	uploadFixtureToEmulator,
} from './lib/runs';

const ctx = getE2eContext();
const TYPE = ctx.nodeType('videoToMusic');
const credentials = ctx.credentialRef('videoDubElevenLabsApi');

let files: FilesDir;

beforeAll(() => {
	files = createFilesDir(ctx.n8n.state, 'music');
});

afterAll(() => files?.remove());

const totalSeconds = (item: OutputItem) =>
	(item.json.videos as Array<{ durationSeconds: number }>).reduce(
		(sum, video) => sum + video.durationSeconds,
		0,
	);

/** Raw 16-bit mono PCM at `rate` Hz: 2 bytes per sample. */
const pcmBytes = (rate: number, seconds: number) => 2 * rate * seconds;

describe(`Video To Music in ${ctx.target.label}`, () => {
	it('composes from binary videos: one soundtrack per item with the defaults, and one for all items combined', async () => {
		const folder = files.sub('videos');
		files.fixture('sample-video.mp4', folder);
		files.fixture('sample-video-2.mp4', folder);
		const workflow = manualWorkflow(
			'e2eMusicBinary01',
			'e2e Video To Music: binary',
			[
				readFilesNode('Read Videos', path.join(folder, '*.mp4')),
				// Only what a user must set: everything else is the node's defaults.
				{ name: 'Per Video', type: TYPE, parameters: {}, credentials },
				{
					name: 'Combined',
					type: TYPE,
					credentials,
					parameters: {
						combineItems: true,
						outputFormat: 'pcm_16000',
						description: '={{ "Calm ambient pads for " + $json.fileName }}',
						tags: 'ambient, calm',
						options: { binaryPropertyOutput: 'soundtrack', addSoundEffects: true },
					},
				},
			],
			[
				['Read Videos', 'Per Video'],
				['Read Videos', 'Combined'],
			],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const perVideo = nodeItems(execution.data, 'Per Video');
		expect(perVideo.map((item) => item.json.fileName)).toEqual([
			'sample-video-2-soundtrack.mp3',
			'sample-video-soundtrack.mp3',
		]);
		for (const item of perVideo) {
			expect(item.json).toMatchObject({
				mimeType: 'audio/mpeg',
				outputFormat: 'mp3_44100_128',
				model: 'music_v2',
				videoCount: 1,
				separateTracks: false,
			});
			expect(item.binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
			const audio = readBinary(ctx, item.binary!.data);
			expect(audio.length).toBe(binaryBytes(item.binary!.data));
			expect(audio.length).toBe(item.json.bytes);
			// 128 kbps = 16,000 bytes per second of video.
			expect(audio.length / 16_000).toBeCloseTo(totalSeconds(item), 0);
			expect(audio[0] === 0xff && (audio[1] & 0xe0) === 0xe0).toBe(true);
		}

		const [combined] = nodeItems(execution.data, 'Combined');
		expect(combined.json).toMatchObject({
			videoCount: 2,
			outputFormat: 'pcm_16000',
			mimeType: 'audio/pcm',
			// Settings come from the first item.
			description: 'Calm ambient pads for sample-video-2.mp4',
			tags: ['ambient', 'calm'],
		});
		expect(combined.json.videos).toEqual([
			expect.objectContaining({ fileName: 'sample-video-2.mp4', itemIndex: 0 }),
			expect.objectContaining({ fileName: 'sample-video.mp4', itemIndex: 1 }),
		]);
		expect(combined.binary?.data).toBeUndefined();
		expect(combined.binary?.soundtrack).toMatchObject({ mimeType: 'audio/pcm' });
		// One soundtrack as long as both videos together.
		const pcm = binaryBytes(combined.binary!.soundtrack);
		expect(Math.abs(pcm - pcmBytes(16_000, totalSeconds(combined)))).toBeLessThan(3_200);
		expect(totalSeconds(combined)).toBeGreaterThan(6);
	});

	it('composes from several video URLs in one item, as separate tracks, and reports a plan error on the item', async () => {
		const [first, second] = await Promise.all([
			uploadFixtureToEmulator(ctx.emulator, 'sample-video.mp4'),
			uploadFixtureToEmulator(ctx.emulator, 'sample-video-2.mp4'),
		]);
		const workflow = manualWorkflow(
			'e2eMusicUrls0001',
			'e2e Video To Music: URLs',
			[
				fieldsNode('Video URLs', { urls: [first, second] }),
				{
					name: 'Two URLs',
					type: TYPE,
					credentials,
					parameters: {
						videoSource: 'url',
						videoUrls: "={{ $json.urls.join('\\n') }}",
						outputFormat: 'opus_48000_64',
						options: { separateTracks: true },
					},
				},
				{
					name: 'Telephony',
					type: TYPE,
					credentials,
					parameters: { videoSource: 'url', videoUrls: first, outputFormat: 'ulaw_8000' },
				},
				splitOutNode('One Item Per URL', 'urls'),
				{
					name: 'Needs Pro Plan',
					type: TYPE,
					credentials,
					onError: 'continueRegularOutput',
					parameters: {
						videoSource: 'url',
						videoUrls: '={{ $json.urls }}',
						combineItems: true,
						outputFormat: 'pcm_44100',
					},
				},
			],
			[
				['Video URLs', 'Two URLs'],
				['Video URLs', 'Telephony'],
				['Video URLs', 'One Item Per URL'],
				['One Item Per URL', 'Needs Pro Plan'],
			],
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [tracks] = nodeItems(execution.data, 'Two URLs');
		expect(tracks.json).toMatchObject({
			videoCount: 2,
			separateTracks: true,
			mimeType: 'application/zip',
			fileName: 'sample-video-soundtrack.zip',
		});
		expect(tracks.json.videos).toEqual([
			expect.objectContaining({ source: first }),
			expect.objectContaining({ source: second }),
		]);
		const zip = readBinary(ctx, tracks.binary!.data);
		expect(tracks.binary?.data).toMatchObject({ mimeType: 'application/zip' });
		expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
		expect(zip.includes(Buffer.from('music.opus'))).toBe(true);
		expect(zip.includes(Buffer.from('sfx.opus'))).toBe(true);

		const [telephony] = nodeItems(execution.data, 'Telephony');
		expect(telephony.binary?.data).toMatchObject({
			mimeType: 'audio/basic',
			fileExtension: 'ulaw',
		});
		// G.711: one byte per sample at 8 kHz.
		expect(
			Math.abs(binaryBytes(telephony.binary!.data) - 8_000 * totalSeconds(telephony)),
		).toBeLessThan(800);

		// The creator test key may not use PCM 44.1 kHz: the item carries the explained error.
		const [refused] = nodeItems(execution.data, 'Needs Pro Plan');
		expect(refused.binary).toBeUndefined();
		expect(JSON.stringify(refused.json)).toMatch(/Pro plan/);
	});
});
