import { crc32 } from 'node:zlib';

import {
	ALLOWED_OUTPUT_FORMATS,
	describeOutputFormat,
	mp4DurationSeconds,
	OPUS_PRE_SKIP,
	readOggPages,
	sampleVideo2Mp4,
	sampleVideoMp4,
	splitMp3Frames,
} from '../media';
import { errorOf } from './responseChecks';
import { bodyBytes, callVideoToMusic, elevenLabsServerForFile } from './testServer';

const server = elevenLabsServerForFile();

const videoSeconds = mp4DurationSeconds(sampleVideoMp4())!;
const video2Seconds = mp4DurationSeconds(sampleVideo2Mp4())!;

/** Playable duration of an audio body, computed from the bytes alone. */
function audioSeconds(format: string, body: Buffer): number {
	const info = describeOutputFormat(format)!;
	switch (info.codec) {
		case 'mp3': {
			const { header, frames } = splitMp3Frames(body);
			return (frames.length * header.samplesPerFrame) / header.sampleRate;
		}
		case 'opus': {
			const pages = readOggPages(body);
			expect(pages.every((page) => page.crcValid)).toBe(true);
			return (Number(pages[pages.length - 1].granule) - OPUS_PRE_SKIP) / 48000;
		}
		case 'pcm':
			return body.length / 2 / info.sampleRate;
		default:
			return body.length / info.sampleRate;
	}
}

/** Entries of a stored ZIP, read via its central directory with CRC checks. */
function unzip(zip: Buffer): Record<string, Buffer> {
	const end = zip.length - 22;
	expect(zip.readUInt32LE(end)).toBe(0x06054b50);
	let offset = zip.readUInt32LE(end + 16);
	const entries: Record<string, Buffer> = {};
	for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
		const crc = zip.readUInt32LE(offset + 16);
		const size = zip.readUInt32LE(offset + 20);
		const nameLength = zip.readUInt16LE(offset + 28);
		const local = zip.readUInt32LE(offset + 42);
		const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
		const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
		entries[name] = zip.subarray(start, start + size);
		expect(crc32(entries[name])).toBe(crc);
		offset += 46 + nameLength;
	}
	return entries;
}

describe('success', () => {
	it('streams MP3 as long as the video, with the documented headers', async () => {
		const response = await callVideoToMusic(server);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('audio/mpeg');
		expect(response.headers.get('transfer-encoding')).toBe('chunked');
		expect(response.headers.get('content-length')).toBeNull();
		expect(response.headers.get('song-id')).toBeNull();
		expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
		expect(response.headers.get('current-concurrent-requests')).toBe('1');
		expect(response.headers.get('maximum-concurrent-requests')).toBe('2');
		const body = await bodyBytes(response);
		const { header } = splitMp3Frames(body);
		expect(header.bitrateKbps).toBe(128);
		expect(header.sampleRate).toBe(44100);
		expect(Math.abs(audioSeconds('mp3_44100_128', body) - videoSeconds)).toBeLessThan(0.027);
		expect(server.counters.musicGenerations).toBe(1);
	});

	it('combines the videos in order: duration is the sum', async () => {
		const response = await callVideoToMusic(server, {
			query: 'output_format=pcm_16000',
			videos: [
				{ data: sampleVideoMp4() },
				{ data: sampleVideo2Mp4() },
				{ data: sampleVideo2Mp4() },
			],
		});
		expect(response.status).toBe(200);
		const body = await bodyBytes(response);
		expect(body.length).toBe(Math.round((videoSeconds + 2 * video2Seconds) * 16000) * 2);
	});

	it('x-fake-duration-s sets the output duration', async () => {
		const response = await callVideoToMusic(server, {
			query: 'output_format=ulaw_8000',
			headers: { 'x-fake-duration-s': '42.5' },
		});
		expect((await bodyBytes(response)).length).toBe(42.5 * 8000);
	});

	it.each(ALLOWED_OUTPUT_FORMATS.map((format) => [format]))(
		'%s: content type and real audio of the video length',
		async (format) => {
			const response = await callVideoToMusic(server, {
				key: 'sk_test_el_pro',
				query: `output_format=${format}`,
			});
			expect(response.status).toBe(200);
			const info = describeOutputFormat(format)!;
			expect(response.headers.get('content-type')).toBe(info.contentType);
			const body = await bodyBytes(response);
			if (info.codec === 'pcm') {
				expect(body.length).toBe(Math.round(videoSeconds * info.sampleRate) * 2);
			} else if (info.codec === 'ulaw' || info.codec === 'alaw') {
				expect(body.length).toBe(Math.round(videoSeconds * 8000));
			} else if (info.codec === 'mp3') {
				expect(splitMp3Frames(body).header.bitrateKbps).toBe(info.bitrateKbps);
			} else {
				expect(body.toString('latin1', 0, 4)).toBe('OggS');
				expect(body.toString('latin1', 28, 36)).toBe('OpusHead');
			}
			expect(Math.abs(audioSeconds(format, body) - videoSeconds)).toBeLessThan(0.027);
		},
	);

	it.each([
		['mp3_44100_128', 'mp3'],
		['pcm_24000', 'pcm'],
		['opus_48000_64', 'opus'],
	])(
		'separate_tracks=true (%s) → application/zip with music and sfx .%s',
		async (format, extension) => {
			const response = await callVideoToMusic(server, {
				query: `output_format=${format}`,
				fields: [
					['separate_tracks', 'true'],
					['add_sfx', 'true'],
				],
			});
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('application/zip');
			const entries = unzip(await bodyBytes(response));
			expect(Object.keys(entries)).toEqual([`music.${extension}`, `sfx.${extension}`]);
			for (const track of Object.values(entries)) {
				expect(Math.abs(audioSeconds(format, track) - videoSeconds)).toBeLessThan(0.027);
			}
			expect(entries[`music.${extension}`].equals(entries[`sfx.${extension}`])).toBe(false);
			expect(server.counters.musicGenerations).toBe(1);
		},
	);

	it('sign_with_c2pa with a non-MP3 format is ignored, or refused when configured', async () => {
		const call = {
			query: 'output_format=pcm_16000',
			fields: [['sign_with_c2pa', 'true']] as Array<[string, string]>,
		};
		const accepted = await callVideoToMusic(server, call);
		expect(accepted.status).toBe(200);
		await accepted.arrayBuffer();
		server.config.c2paNonMp3 = 'reject';
		const refused = await errorOf(server, call);
		expect(refused.status).toBe(422);
		expect(refused.detail).toEqual({
			status: 'invalid_parameters',
			message: 'sign_with_c2pa is only applicable for mp3 output formats.',
		});
		const mp3 = await callVideoToMusic(server, { fields: [['sign_with_c2pa', 'true']] });
		expect(mp3.status).toBe(200);
		await mp3.arrayBuffer();
	});
});

describe('tier gates', () => {
	it('free tier → 403 subscription_required (after validation)', async () => {
		const refused = await errorOf(server, { key: 'sk_test_el_free' });
		expect(refused.status).toBe(403);
		expect(refused.detail).toEqual({
			status: 'subscription_required',
			message: 'Subscription required.',
		});
		const invalid = await callVideoToMusic(server, {
			key: 'sk_test_el_free',
			query: 'output_format=auto',
		});
		expect(invalid.status).toBe(422);
		await invalid.arrayBuffer();
		expect(server.counters.musicGenerations).toBe(0);
	});

	it('free tier → 402 limited_access with the switch', async () => {
		server.config.freeTierStatus = 402;
		const refused = await errorOf(server, { key: 'sk_test_el_free' });
		expect(refused.status).toBe(402);
		expect(refused.detail).toEqual({
			status: 'limited_access',
			message:
				'Music API is not available for free users. Please upgrade to a paid plan to use the API.',
		});
	});

	it.each([
		['sk_test_el_starter', 'mp3_44100_192', 403],
		['sk_test_el_creator', 'mp3_44100_192', 200],
		['sk_test_el_creator', 'pcm_44100', 403],
		['sk_test_el_pro', 'pcm_44100', 200],
		['sk_test_el_creator', 'pcm_16000', 200],
		['sk_test_el_creator', 'pcm_24000', 200],
		['sk_test_el_starter', 'mp3_44100_128', 200],
	])('%s with %s → %i', async (key, format, status) => {
		const response = await callVideoToMusic(server, { key, query: `output_format=${format}` });
		expect(response.status).toBe(status);
		if (status === 200) {
			await response.arrayBuffer();
			return;
		}
		const body = (await response.json()) as { detail: Record<string, unknown> };
		expect(body.detail.status).toBe('output_format_not_allowed');
	});

	it('names the format and the plan in the 403 message', async () => {
		const pcm = await errorOf(server, { query: 'output_format=pcm_44100' });
		expect(pcm.detail.message).toBe(
			'Requested output format pcm_44100 (PCM at 44100hz) is only allowed for Pro tier and above.',
		);
		const mp3 = await errorOf(server, {
			key: 'sk_test_el_starter',
			query: 'output_format=mp3_44100_192',
		});
		expect(mp3.detail.message).toBe(
			'Requested output format mp3_44100_192 (MP3 at 44100hz, 192kbps) is only allowed for Creator tier and above.',
		);
	});
});
