import { readFile } from 'node:fs/promises';

import { OUTPUT_FORMATS } from '../../../nodes/elevenLabs/parameters/outputFormats';
import { SAMPLE_VIDEO, SAMPLE_VIDEO_2, useVideoToMusic } from './setup';

/** Video To Music against the emulator: inputs, combining, output formats and the output item. */
const env = useVideoToMusic();

/** Raw 16-bit PCM bytes the emulator returns for `seconds` of video at `rate` Hz. */
const pcmBytes = (rate: number, seconds: number) => Math.round(seconds * rate) * 2;

describe('Video To Music: inputs and output', () => {
	it('turns one binary video into an MP3 soundtrack with the recommended model', async () => {
		const { output, error } = await env.run(
			{ description: 'Warm acoustic guitar' },
			{
				items: [await env.videoItem({ data: SAMPLE_VIDEO })],
			},
		);
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			fileName: 'sample-video-soundtrack.mp3',
			mimeType: 'audio/mpeg',
			outputFormat: 'mp3_44100_128',
			model: 'music_v2',
			separateTracks: false,
			videoCount: 1,
			videos: [{ fileName: 'sample-video.mp4', source: 'data', bytes: 32917, durationSeconds: 4 }],
			// Music as long as the video: what an AI agent reads, since tools hand back no binary.
			durationSeconds: 4,
			description: 'Warm acoustic guitar',
			contentType: 'audio/mpeg',
		});
		expect(item.json.requestId).toMatch(/^[0-9a-f]{32}$/);
		const audio = await env.harness.readBinary(item.binary!.data);
		expect(item.json.bytes).toBe(audio.length);
		expect(item.binary!.data).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
		// Real MP3 frames (sync word), about 4 s at 128 kbps.
		expect(audio.readUInt16BE(0) & 0xffe0).toBe(0xffe0);
		expect(audio.length).toBeGreaterThan(0.9 * ((128_000 / 8) * 4));
		expect(audio.length).toBeLessThan(1.1 * ((128_000 / 8) * 4));
		expect(env.emulator.admin.counters().musicGenerations).toBe(1);
	});

	it('sends several comma-separated binary properties, in order, as one request', async () => {
		const { output, error } = await env.run(
			{ binaryPropertyName: 'second, data', outputFormat: 'pcm_16000' },
			{ items: [await env.videoItem({ data: SAMPLE_VIDEO, second: SAMPLE_VIDEO_2 })] },
		);
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(item.json.videoCount).toBe(2);
		expect((item.json.videos as Array<{ source: string }>).map((video) => video.source)).toEqual([
			'second',
			'data',
		]);
		// The soundtrack lasts as long as both videos together (4.0 s + 2.52 s): both arrived whole.
		expect(item.json.bytes).toBe(pcmBytes(16000, 6.52));
		expect(item.json.fileName).toBe('sample-video-2-soundtrack.pcm');
		expect(env.musicRequests()).toBe(1);
	});

	it('can send every binary property of the item', async () => {
		const { output, error } = await env.run(
			{ allBinaryProperties: true, outputFormat: 'pcm_8000' },
			{ items: [await env.videoItem({ a: SAMPLE_VIDEO, b: SAMPLE_VIDEO_2, c: SAMPLE_VIDEO })] },
		);
		expect(error).toBeUndefined();
		expect(output![0][0].json.videoCount).toBe(3);
		expect(output![0][0].json.bytes).toBe(pcmBytes(8000, 10.52));
	});

	it('reads binaries kept in memory (no binary id) as well', async () => {
		const bytes = await readFile(SAMPLE_VIDEO);
		const { output, error } = await env.run(
			{ outputFormat: 'pcm_8000' },
			{
				items: [
					{ json: {}, binary: { data: env.harness.inlineBinary(bytes, 'video/mp4', 'clip.mp4') } },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(output![0][0].json).toMatchObject({
			bytes: pcmBytes(8000, 4),
			videos: [{ fileName: 'clip.mp4', durationSeconds: 4 }],
		});
	});

	it('runs one request per item by default, outputs paired in input order', async () => {
		const items = [
			await env.videoItem({ data: SAMPLE_VIDEO }, { mood: 'calm' }),
			await env.videoItem({ data: SAMPLE_VIDEO_2 }, { mood: 'tense' }),
		];
		const { output, error } = await env.run(
			{ description: '={{ "A " + $json.mood + " score" }}', outputFormat: 'pcm_8000' },
			{ items },
		);
		expect(error).toBeUndefined();
		expect(output![0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output![0].map((item) => item.json.description)).toEqual([
			'A calm score',
			'A tense score',
		]);
		expect(output![0].map((item) => item.json.bytes)).toEqual([
			pcmBytes(8000, 4),
			pcmBytes(8000, 2.52),
		]);
		expect(env.emulator.admin.counters().musicGenerations).toBe(2);
	});

	it('"Combine All Input Items" sends every item\'s videos in order as one request, paired with all items', async () => {
		const items = [
			await env.videoItem({ data: SAMPLE_VIDEO }),
			await env.videoItem({ data: SAMPLE_VIDEO_2 }),
			await env.videoItem({ data: SAMPLE_VIDEO }),
		];
		const { output, error } = await env.run(
			{ combineItems: true, outputFormat: 'pcm_8000' },
			{ items },
		);
		expect(error).toBeUndefined();
		expect(output![0]).toHaveLength(1);
		const [item] = output![0];
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(item.json.videoCount).toBe(3);
		expect(
			(item.json.videos as Array<{ itemIndex: number }>).map((video) => video.itemIndex),
		).toEqual([0, 1, 2]);
		expect(item.json.bytes).toBe(pcmBytes(8000, 10.52));
		expect(env.musicRequests()).toBe(1);
	});

	it('downloads URL videos (no API key to their host) and streams them to ElevenLabs', async () => {
		const first = env.media.add('/cdn/intro.mp4', { path: SAMPLE_VIDEO });
		const second = env.media.add('/cdn/outro?token=a,b', {
			path: SAMPLE_VIDEO_2,
			contentType: 'application/octet-stream',
		});
		const { output, error } = await env.run({
			videoSource: 'url',
			videoUrls: `${first}\n${second}`,
			outputFormat: 'pcm_8000',
		});
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(item.json).toMatchObject({
			videoCount: 2,
			bytes: pcmBytes(8000, 6.52),
			videos: [
				{ fileName: 'intro.mp4', source: first, bytes: 32917, durationSeconds: 4 },
				{ fileName: 'video-2.mp4', source: second, bytes: 47162, durationSeconds: 2.52 },
			],
		});
		expect(env.media.requests.map((request) => request.path)).toEqual([
			'/cdn/intro.mp4',
			'/cdn/outro?token=a,b',
		]);
		for (const request of env.media.requests) {
			expect(request.headers['xi-api-key']).toBeUndefined();
			expect(JSON.stringify(request.headers)).not.toContain(env.emulator.elevenLabsApiKey);
		}
	});

	it('takes comma-separated URLs and URL lists from expressions, and combines URLs of all items', async () => {
		const a = env.media.add('/a.mp4', { path: SAMPLE_VIDEO });
		const b = env.media.add('/b.mp4', { path: SAMPLE_VIDEO_2 });
		const { output, error } = await env.run(
			{
				videoSource: 'url',
				videoUrls: '={{ $json.urls }}',
				combineItems: true,
				outputFormat: 'pcm_8000',
			},
			{ items: [{ json: { urls: `${a}, ${b}` } }, { json: { urls: [a] } }] },
		);
		expect(error).toBeUndefined();
		expect(output![0][0].json).toMatchObject({ videoCount: 3, bytes: pcmBytes(8000, 10.52) });
		expect(output![0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a URL that cannot be downloaded fails before anything is sent to ElevenLabs', async () => {
		const missing = env.media.add('/gone.mp4', { status: 404 });
		const { error } = await env.run({ videoSource: 'url', videoUrls: missing });
		expect(error?.message).toContain(`Could not download video URL ${missing} (item 0)`);
		expect(env.musicRequests()).toBe(0);
	});

	it('writes to the chosen output binary field', async () => {
		const { output, error } = await env.run(
			{ outputFormat: 'opus_48000_64', options: { binaryPropertyOutput: 'soundtrack' } },
			{ items: [await env.videoItem({ data: SAMPLE_VIDEO })] },
		);
		expect(error).toBeUndefined();
		expect(Object.keys(output![0][0].binary!)).toEqual(['soundtrack']);
		expect(output![0][0].binary!.soundtrack).toMatchObject({
			mimeType: 'audio/opus',
			fileExtension: 'opus',
		});
	});
});

describe('Video To Music: output formats', () => {
	it('labels each of the 21 formats with its MIME type and extension, matching what ElevenLabs sends', async () => {
		expect(OUTPUT_FORMATS).toHaveLength(21);
		const items = [await env.videoItem({ data: SAMPLE_VIDEO_2 })];
		const expected: Record<string, [string, string]> = {
			mp3: ['audio/mpeg', 'mp3'],
			pcm: ['audio/pcm', 'pcm'],
			ulaw: ['audio/basic', 'ulaw'],
			alaw: ['audio/alaw', 'alaw'],
			opus: ['audio/opus', 'opus'],
		};
		for (const format of OUTPUT_FORMATS) {
			// A Pro key may use every format (PCM 44.1 kHz needs Pro).
			const { output, error } = await env.run(
				{ outputFormat: format.value },
				{ items, apiKey: 'sk_test_el_pro' },
			);
			expect(error).toBeUndefined();
			const [mimeType, extension] = expected[format.value.split('_')[0]];
			const [item] = output![0];
			expect(item.binary!.data).toMatchObject({ mimeType, fileExtension: extension });
			expect(item.json).toMatchObject({
				outputFormat: format.value,
				mimeType,
				contentType: mimeType,
			});
			const audio = await env.harness.readBinary(item.binary!.data);
			if (format.codec === 'opus') expect(audio.subarray(0, 4).toString('latin1')).toBe('OggS');
			if (format.codec === 'mp3') expect(audio.readUInt16BE(0) & 0xffe0).toBe(0xffe0);
			if (format.codec === 'pcm') expect(audio.length).toBe(pcmBytes(format.sampleRateHz, 2.52));
			if (format.codec === 'ulaw' || format.codec === 'alaw')
				expect(audio.length).toBe(Math.round(2.52 * 8000));
		}
		expect(env.emulator.admin.counters().musicGenerations).toBe(21);
	});

	it('"Separate Tracks" returns a ZIP with one file per track', async () => {
		const { output, error } = await env.run(
			{ outputFormat: 'mp3_44100_64', options: { separateTracks: true, addSoundEffects: true } },
			{ items: [await env.videoItem({ data: SAMPLE_VIDEO })] },
		);
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(item.binary!.data).toMatchObject({
			mimeType: 'application/zip',
			fileExtension: 'zip',
			fileName: 'sample-video-soundtrack.zip',
		});
		expect(item.json).toMatchObject({ separateTracks: true, contentType: 'application/zip' });
		const zip = await env.harness.readBinary(item.binary!.data);
		expect(zip.readUInt32LE(0)).toBe(0x04034b50);
		const text = zip.toString('latin1');
		expect(text).toContain('music.mp3');
		expect(text).toContain('sfx.mp3');
	});
});
