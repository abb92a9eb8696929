import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { largeMp4Stream } from '../../emulator/media';
import { SAMPLE_VIDEO, SAMPLE_VIDEO_2, errorText, mp4WithDuration, useVideoToMusic } from './setup';

/**
 * Limits and parameter checks: every one must stop the node with an error naming the field, the
 * limit and the item BEFORE anything is uploaded (the emulator must see no request).
 */
const env = useVideoToMusic();

let tmp: string;
beforeAll(async () => {
	tmp = await mkdtemp(join(tmpdir(), 'v2m-limits-'));
});
afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

const MB = 1024 * 1024;

describe('Video To Music: API limits checked before upload', () => {
	it('refuses more than 10 videos, listing them', async () => {
		const files = Object.fromEntries(
			Array.from({ length: 11 }, (_, index) => [`v${index}`, SAMPLE_VIDEO]),
		);
		const { error } = await env.run(
			{ allBinaryProperties: true },
			{ items: [await env.videoItem(files)] },
		);
		expect(error?.message).toBe(
			'"Videos" are too many: 11, but ElevenLabs accepts at most 10 per request (item 0)',
		);
		expect(errorText(error)).toContain('v0 (item 0); v1 (item 0)');
		expect(errorText(error)).toContain('Nothing was sent to ElevenLabs');
		expect(env.musicRequests()).toBe(0);
	});

	it('counts the videos of all items when combining, and names the items', async () => {
		const items = await Promise.all(
			Array.from(
				{ length: 6 },
				async () => await env.videoItem({ data: SAMPLE_VIDEO, more: SAMPLE_VIDEO_2 }),
			),
		);
		const { error } = await env.run(
			{ combineItems: true, binaryPropertyName: 'data,more' },
			{ items },
		);
		expect(error?.message).toBe(
			'"Videos" are too many: 12, but ElevenLabs accepts at most 10 per request (items 0, 1, 2, 3, 4, 5)',
		);
		expect(env.musicRequests()).toBe(0);
	});

	it('counts URL videos before downloading any of them', async () => {
		const urls = Array.from({ length: 11 }, (_, index) =>
			env.media.add(`/v${index}.mp4`, { path: SAMPLE_VIDEO }),
		);
		const { error } = await env.run({ videoSource: 'url', videoUrls: urls.join('\n') });
		expect(error?.message).toContain('"Videos" are too many: 11');
		expect(env.media.requests).toHaveLength(0);
		expect(env.musicRequests()).toBe(0);
	});

	it('refuses more than 200 MB in all, naming files and sizes', async () => {
		const big = join(tmp, 'big-take.mp4');
		await pipeline(largeMp4Stream(200 * MB), createWriteStream(big));
		const item = await env.videoItem({ data: big, extra: SAMPLE_VIDEO_2 });
		const { error } = await env.run({ binaryPropertyName: 'data, extra' }, { items: [item] });
		expect(error?.message).toBe(
			'"Videos" are 200.04 MB (209,762,362 bytes) in all, but ElevenLabs accepts at most 200 MB (209,715,200 bytes) per request (item 0)',
		);
		expect(errorText(error)).toContain(
			'big-take.mp4 (200.00 MB, item 0); sample-video-2.mp4 (46.1 KB, item 0)',
		);
		expect(env.musicRequests()).toBe(0);
	});

	it('stops downloading URL videos as soon as they exceed 200 MB', async () => {
		const big = env.media.add('/huge.mp4', {
			size: 200 * MB + 1,
			stream: () => largeMp4Stream(200 * MB + 1),
		});
		const after = env.media.add('/after.mp4', { path: SAMPLE_VIDEO });
		const { error } = await env.run({ videoSource: 'url', videoUrls: `${big}\n${after}` });
		expect(error?.message).toContain(
			'(209,715,201 bytes) in all, but ElevenLabs accepts at most 200 MB',
		);
		expect(errorText(error)).toContain('huge.mp4 (200.00 MB, item 0)');
		expect(env.media.requests.map((request) => request.path)).toEqual(['/huge.mp4']);
		expect(env.musicRequests()).toBe(0);
	});

	it('refuses more than 600 seconds in all where the MP4 header tells the duration', async () => {
		const long = join(tmp, 'long.mp4');
		await writeFile(long, mp4WithDuration(450));
		const { error } = await env.run(
			{ combineItems: true },
			{ items: [await env.videoItem({ data: long }), await env.videoItem({ data: long })] },
		);
		expect(error?.message).toBe(
			'"Videos" last 900.0 seconds in all, but ElevenLabs accepts at most 600 seconds per request (items 0, 1)',
		);
		expect(errorText(error)).toMatch(
			/long\.mp4 \(\d+ B, 450\.0 s, item 0\); long\.mp4 \(\d+ B, 450\.0 s, item 1\)/,
		);
		expect(env.musicRequests()).toBe(0);
	});

	it('leaves limits it cannot check to ElevenLabs, whose 422 names the problem', async () => {
		env.emulator.admin.configureElevenLabs({ maxTotalBytes: 50_000 });
		let result = await env.run(
			{ binaryPropertyName: 'data, extra' },
			{ items: [await env.videoItem({ data: SAMPLE_VIDEO, extra: SAMPLE_VIDEO_2 })] },
		);
		expect(result.error?.message).toContain('ElevenLabs: ');
		expect((result.error as { httpCode?: string }).httpCode).toBe('422');
		env.emulator.admin.configureElevenLabs({ maxTotalBytes: 209_715_200, maxVideos: 1 });
		result = await env.run(
			{ binaryPropertyName: 'data, extra' },
			{ items: [await env.videoItem({ data: SAMPLE_VIDEO, extra: SAMPLE_VIDEO_2 })] },
		);
		expect(result.error?.message).toContain('ElevenLabs: videos: List should have at most 1 item');
		expect(errorText(result.error)).toContain('Field: videos.');
		expect(env.musicRequests()).toBe(2);
	});
});

describe('Video To Music: parameter validation', () => {
	const run = async (parameters: Record<string, unknown>) =>
		await env.run(parameters as never, { items: [await env.videoItem({ data: SAMPLE_VIDEO })] });

	it('Description: at most 1,000 characters (counted like the API: code points)', async () => {
		const { error } = await run({ description: 'x'.repeat(1001) });
		expect(error?.message).toBe(
			'"Description" must be at most 1,000 characters (it has 1,001) (item 0)',
		);
		expect(env.musicRequests()).toBe(0);
		const emoji = await run({ description: '🎻'.repeat(1000), outputFormat: 'pcm_8000' });
		expect(emoji.error).toBeUndefined();
		expect(env.musicRequests()).toBe(1);
	});

	it('Style Tags: at most 10', async () => {
		const { error } = await run({
			tags: Array.from({ length: 11 }, (_, index) => `tag${index}`).join(', '),
		});
		expect(error?.message).toBe('"Style Tags" must hold at most 10 tags (item 0)');
		expect(env.musicRequests()).toBe(0);
	});

	it('Sign With C2PA: MP3 only, refused for other formats', async () => {
		const { error } = await run({ outputFormat: 'opus_48000_64', options: { signWithC2pa: true } });
		expect(error?.message).toBe(
			'"Sign With C2PA" works only with MP3 output formats, not opus_48000_64. Pick an MP3 format or turn signing off (item 0)',
		);
		expect(env.musicRequests()).toBe(0);
		const mp3 = await run({ outputFormat: 'mp3_44100_64', options: { signWithC2pa: true } });
		expect(mp3.error).toBeUndefined();
	});

	it('Model and Output Format: only known values (e.g. from an expression)', async () => {
		let { error } = await run({ model: '={{ "music_v3" }}' });
		expect(error?.message).toBe('"Model" must be one of music_v1, music_v2, music_v2_5 (item 0)');
		({ error } = await run({ outputFormat: '={{ "mp3_48000_192" }}' }));
		expect(error?.message).toContain(
			'"Output Format" must be one of the 21 ElevenLabs output formats',
		);
		expect(env.musicRequests()).toBe(0);
	});

	it('Video URLs: http(s) only, naming the bad one', async () => {
		const { error } = await env.run({
			videoSource: 'url',
			videoUrls: 'https://ok.example/a.mp4\nftp://files.example/b.mp4',
		});
		expect(error?.message).toBe(
			'"Video URLs" must be an http(s) URL, got "ftp://files.example/b.mp4" (item 0)',
		);
		const empty = await env.run({ videoSource: 'url', videoUrls: '  ' });
		expect(empty.error?.message).toBe('"Video URLs" must hold at least one URL (item 0)');
		expect(env.musicRequests()).toBe(0);
	});

	it('a missing binary property is named, with the item', async () => {
		const { error } = await env.run(
			{ binaryPropertyName: 'data, nope' },
			{ items: [await env.videoItem({ data: SAMPLE_VIDEO })] },
		);
		expect(errorText(error)).toContain('nope');
		expect(env.musicRequests()).toBe(0);
	});

	it('names the failing item, and with Continue On Fail yields one paired output per input', async () => {
		const items = [
			await env.videoItem({ data: SAMPLE_VIDEO }, { text: 'calm' }),
			await env.videoItem({ data: SAMPLE_VIDEO }, { text: 'y'.repeat(1200) }),
			await env.videoItem({ data: SAMPLE_VIDEO_2 }, { text: 'tense' }),
		];
		const parameters = { description: '={{ $json.text }}', outputFormat: 'pcm_8000' };
		const stopped = await env.run(parameters, { items });
		expect(stopped.error?.message).toBe(
			'"Description" must be at most 1,000 characters (it has 1,200) (item 1)',
		);

		env.emulator.admin.reset();
		const { output, error } = await env.run(parameters, { items, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output![0].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(output![0][0].binary!.data.mimeType).toBe('audio/pcm');
		expect(output![0][1].json.error).toContain('(item 1)');
		expect(output![0][1].binary).toBeUndefined();
		expect(output![0][2].json.videoCount).toBe(1);
		expect(env.musicRequests()).toBe(2);
	});
});
