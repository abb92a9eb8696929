import type { Readable } from 'node:stream';

import {
	ALLOWED_OUTPUT_FORMATS,
	describeOutputFormat,
	linearToAlaw,
	linearToMulaw,
	musicAudio,
	OPUS_PRE_SKIP,
	opusPacketSamples,
	readOggPackets,
	readOggPages,
	splitMp3Frames,
} from './index';

async function collect(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Reference G.711 decoders (ITU-T, Sun reference code) used to check the encoders. */
function mulawToLinear(byte: number): number {
	const u = ~byte & 0xff;
	let t = ((u & 0x0f) << 3) + 0x84;
	t <<= (u & 0x70) >> 4;
	return u & 0x80 ? 0x84 - t : t - 0x84;
}

function alawToLinear(byte: number): number {
	const a = byte ^ 0x55;
	let t = (a & 0x0f) << 4;
	const segment = (a & 0x70) >> 4;
	if (segment === 0) t += 8;
	else if (segment === 1) t += 0x108;
	else t = (t + 0x108) << (segment - 1);
	return a & 0x80 ? t : -t;
}

function rms(samples: number[]): number {
	return Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
}

describe('output formats', () => {
	it('knows all 21 formats with their content types', () => {
		expect(ALLOWED_OUTPUT_FORMATS).toHaveLength(21);
		const types = Object.fromEntries(
			ALLOWED_OUTPUT_FORMATS.map((f) => [f, describeOutputFormat(f)!.contentType]),
		);
		expect(types.mp3_44100_128).toBe('audio/mpeg');
		expect(types.pcm_16000).toBe('audio/pcm');
		expect(types.ulaw_8000).toBe('audio/basic');
		expect(types.alaw_8000).toBe('audio/alaw');
		expect(types.opus_48000_64).toBe('audio/opus');
		expect(describeOutputFormat('mp3_48000_192')).toBeUndefined();
		expect(describeOutputFormat('auto')).toBeUndefined();
		expect(() => musicAudio('wav_44100', 1)).toThrow(RangeError);
		expect(() => musicAudio('pcm_8000', 0)).toThrow(RangeError);
	});

	it.each(ALLOWED_OUTPUT_FORMATS.map((f) => [f]))(
		'%s: declared byte length matches the stream, and sfx differs from music',
		async (format) => {
			const music = musicAudio(format, 2.5);
			const sfx = musicAudio(format, 2.5, { track: 'sfx' });
			const musicBytes = await collect(music.stream());
			const sfxBytes = await collect(sfx.stream());
			expect(musicBytes.length).toBe(music.byteLength);
			expect(sfxBytes.length).toBe(sfx.byteLength);
			expect(musicBytes.equals(sfxBytes)).toBe(false);
			expect(Math.abs(music.durationSeconds - 2.5)).toBeLessThanOrEqual(0.014);
			// Repeatable: a second stream yields identical bytes (the zip writer relies on it).
			expect((await collect(music.stream())).equals(musicBytes)).toBe(true);
		},
	);
});

describe('MP3', () => {
	const mp3Formats = ALLOWED_OUTPUT_FORMATS.filter((f) => f.startsWith('mp3'));

	it.each(mp3Formats.map((f) => [f]))(
		'%s: only valid CBR frames of the right kind',
		async (format) => {
			const info = describeOutputFormat(format)!;
			for (const seconds of [0.5, 3, 11.7]) {
				const audio = musicAudio(format, seconds);
				const { header, frames } = splitMp3Frames(await collect(audio.stream()));
				expect(header.sampleRate).toBe(info.sampleRate);
				expect(header.bitrateKbps).toBe(info.bitrateKbps);
				expect(header.channels).toBe(1);
				const duration = (frames.length * header.samplesPerFrame) / header.sampleRate;
				expect(duration).toBeCloseTo(audio.durationSeconds, 6);
				// Whole frames: within half a frame of the request.
				expect(Math.abs(duration - seconds)).toBeLessThanOrEqual(
					header.samplesPerFrame / header.sampleRate / 2 + 1e-9,
				);
				// CBR: the average bitrate is the nominal one (padding bits average out).
				const bytes = frames.reduce((sum, f) => sum + f.length, 0);
				expect((bytes * 8) / duration / 1000).toBeCloseTo(info.bitrateKbps!, -0.5);
			}
		},
	);
});

describe('PCM and G.711', () => {
	const pcmFormats = ALLOWED_OUTPUT_FORMATS.filter((f) => f.startsWith('pcm'));

	it.each(pcmFormats.map((f) => [f]))(
		'%s: raw s16le mono, rate*2*seconds bytes, not silent',
		async (format) => {
			const rate = describeOutputFormat(format)!.sampleRate;
			const bytes = await collect(musicAudio(format, 3).stream());
			expect(bytes.length).toBe(rate * 2 * 3);
			const samples = Array.from(
				{ length: bytes.length / 2 },
				(_, i) => bytes.readInt16LE(i * 2) / 32768,
			);
			expect(rms(samples)).toBeGreaterThan(0.02);
			expect(samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0)).toBeLessThan(1);
			expect(bytes.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
		},
	);

	it('sizes fractional durations to whole samples', async () => {
		expect((await collect(musicAudio('pcm_22050', 1.25).stream())).length).toBe(
			Math.round(22050 * 1.25) * 2,
		);
		expect(musicAudio('pcm_48000', 600).byteLength).toBe(48000 * 2 * 600);
	});

	it.each([
		['ulaw_8000', mulawToLinear],
		['alaw_8000', alawToLinear],
	] as const)(
		'%s: one byte per sample at 8 kHz that decodes back to the PCM signal',
		async (format, decode) => {
			const g711 = await collect(musicAudio(format, 2).stream());
			const pcm = await collect(musicAudio('pcm_8000', 2).stream());
			expect(g711.length).toBe(8000 * 2);
			let errorSum = 0;
			let outOfBound = 0;
			for (let i = 0; i < g711.length; i++) {
				const original = pcm.readInt16LE(i * 2);
				const error = Math.abs(decode(g711[i]) - original);
				// G.711 is logarithmic: the error grows with the amplitude (max ~1/32 of it + a step).
				if (error > Math.abs(original) / 16 + 40) outOfBound += 1;
				errorSum += error;
			}
			expect(outOfBound).toBe(0);
			expect(errorSum / g711.length).toBeLessThan(200);
		},
	);

	it('encodes G.711 reference points', () => {
		expect(linearToMulaw(0)).toBe(0xff);
		expect(linearToMulaw(32767)).toBe(0x80);
		expect(linearToMulaw(-32768)).toBe(0x00);
		expect(linearToAlaw(0)).toBe(0xd5);
		expect(linearToAlaw(32767)).toBe(0xaa);
		expect(linearToAlaw(-32768)).toBe(0x2a);
	});
});

describe('Ogg/Opus', () => {
	const opusFormats = ALLOWED_OUTPUT_FORMATS.filter((f) => f.startsWith('opus'));

	it.each(opusFormats.map((f) => [f]))('%s: valid pages and an exact duration', async (format) => {
		for (const seconds of [1, 4.37, 9]) {
			const bytes = await collect(musicAudio(format, seconds).stream());
			const pages = readOggPages(bytes);
			expect(pages.every((p) => p.crcValid)).toBe(true);
			expect(pages.map((p) => p.sequence)).toEqual(pages.map((_, i) => i));
			expect(pages[0].headerType & 0x02).toBe(2);
			expect(pages[pages.length - 1].headerType & 0x04).toBe(4);
			expect(new Set(pages.map((p) => p.serial)).size).toBe(1);
			const packets = readOggPackets(bytes);
			const head = packets[0];
			expect(head.toString('latin1', 0, 8)).toBe('OpusHead');
			expect(head[9]).toBe(1);
			expect(head.readUInt16LE(10)).toBe(OPUS_PRE_SKIP);
			expect(packets[1].toString('latin1', 0, 8)).toBe('OpusTags');
			const lastGranule = Number(pages[pages.length - 1].granule);
			expect((lastGranule - OPUS_PRE_SKIP) / 48000).toBeCloseTo(seconds, 6);
			const audioSamples = packets.slice(2).reduce((sum, p) => sum + opusPacketSamples(p), 0);
			expect(audioSamples).toBeGreaterThanOrEqual(lastGranule);
			expect(audioSamples - lastGranule).toBeLessThan(960);
		}
	});
});
