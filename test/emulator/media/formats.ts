import { Readable } from 'node:stream';

import { readFixture } from './fixtures';
import { splitMp3Frames, type Mp3Frames } from './mp3';
import { readOggPackets } from './ogg';
import { oggOpusAudio } from './opus';
import { g711, pcm16, type Track } from './synth';

/**
 * The 21 ElevenLabs `AllowedOutputFormats` and real audio in each: MP3 and Opus loop committed
 * fixture frames/packets, PCM and G.711 are synthesized on the fly.
 */

export const ALLOWED_OUTPUT_FORMATS = [
	'mp3_22050_32',
	'mp3_24000_48',
	'mp3_44100_32',
	'mp3_44100_64',
	'mp3_44100_96',
	'mp3_44100_128',
	'mp3_44100_192',
	'pcm_8000',
	'pcm_16000',
	'pcm_22050',
	'pcm_24000',
	'pcm_32000',
	'pcm_44100',
	'pcm_48000',
	'ulaw_8000',
	'alaw_8000',
	'opus_48000_32',
	'opus_48000_64',
	'opus_48000_96',
	'opus_48000_128',
	'opus_48000_192',
] as const;

export type AllowedOutputFormat = (typeof ALLOWED_OUTPUT_FORMATS)[number];

export type AudioCodec = 'mp3' | 'pcm' | 'ulaw' | 'alaw' | 'opus';

export interface OutputFormatInfo {
	format: AllowedOutputFormat;
	codec: AudioCodec;
	sampleRate: number;
	bitrateKbps?: number;
	contentType: string;
	extension: string;
}

const CONTENT_TYPES: Record<AudioCodec, string> = {
	mp3: 'audio/mpeg',
	pcm: 'audio/pcm',
	ulaw: 'audio/basic',
	alaw: 'audio/alaw',
	opus: 'audio/opus',
};

export function isAllowedOutputFormat(value: string): value is AllowedOutputFormat {
	return (ALLOWED_OUTPUT_FORMATS as readonly string[]).includes(value);
}

export function describeOutputFormat(format: string): OutputFormatInfo | undefined {
	if (!isAllowedOutputFormat(format)) return undefined;
	const [codec, rate, bitrate] = format.split('_') as [AudioCodec, string, string | undefined];
	return {
		format,
		codec,
		sampleRate: Number(rate),
		bitrateKbps: bitrate === undefined ? undefined : Number(bitrate),
		contentType: CONTENT_TYPES[codec],
		extension: codec,
	};
}

export function musicFixtureName(format: AllowedOutputFormat): string {
	return `music/${format}.${format.startsWith('opus') ? 'opus' : 'mp3'}`;
}

const mp3Loops = new Map<string, Mp3Frames>();
const opusLoops = new Map<string, Buffer[]>();

function mp3Loop(format: AllowedOutputFormat): Mp3Frames {
	let loop = mp3Loops.get(format);
	if (!loop) {
		loop = splitMp3Frames(readFixture(musicFixtureName(format)));
		mp3Loops.set(format, loop);
	}
	return loop;
}

function opusLoop(format: AllowedOutputFormat): Buffer[] {
	let packets = opusLoops.get(format);
	if (!packets) {
		// Packets 0 and 1 of an Ogg/Opus file are the OpusHead and OpusTags headers.
		packets = readOggPackets(readFixture(musicFixtureName(format))).slice(2);
		opusLoops.set(format, packets);
	}
	return packets;
}

export interface MusicAudio extends OutputFormatInfo {
	/** Actual duration (MP3 is whole frames: within half a frame of the request). */
	durationSeconds: number;
	byteLength: number;
	stream(): Readable;
}

export interface MusicAudioOptions {
	/** 'sfx' is a different sound (PCM/G.711) or the loop started half-way (MP3/Opus). */
	track?: Track;
	/** Bytes per chunk for the synthesized formats. */
	chunkBytes?: number;
}

/** A stream pushing `count` items produced by `make(index)` (lazily, one per read). */
function lazyStream(count: number, make: (index: number) => Buffer): Readable {
	let index = 0;
	return new Readable({
		read() {
			if (index >= count) this.push(null);
			else this.push(make(index++));
		},
	});
}

function mp3Audio(info: OutputFormatInfo, seconds: number, track: Track): MusicAudio {
	const { header, frames } = mp3Loop(info.format);
	const count = Math.max(1, Math.round((seconds * header.sampleRate) / header.samplesPerFrame));
	const start = track === 'sfx' ? Math.floor(frames.length / 2) : 0;
	const loopBytes = frames.reduce((sum, frame) => sum + frame.length, 0);
	let byteLength = Math.floor(count / frames.length) * loopBytes;
	for (let k = 0; k < count % frames.length; k++) {
		byteLength += frames[(start + k) % frames.length].length;
	}
	const framesPerChunk = 64;
	return {
		...info,
		durationSeconds: (count * header.samplesPerFrame) / header.sampleRate,
		byteLength,
		stream: () =>
			lazyStream(Math.ceil(count / framesPerChunk), (chunk) => {
				const first = chunk * framesPerChunk;
				const last = Math.min(count, first + framesPerChunk);
				const parts: Buffer[] = [];
				for (let k = first; k < last; k++) parts.push(frames[(start + k) % frames.length]);
				return Buffer.concat(parts);
			}),
	};
}

function rawAudio(
	info: OutputFormatInfo,
	seconds: number,
	track: Track,
	chunkBytes: number,
): MusicAudio {
	const samples = Math.max(1, Math.round(seconds * info.sampleRate));
	const bytesPerSample = info.codec === 'pcm' ? 2 : 1;
	const samplesPerChunk = Math.max(1, Math.floor(chunkBytes / bytesPerSample));
	const codec = info.codec;
	return {
		...info,
		durationSeconds: samples / info.sampleRate,
		byteLength: samples * bytesPerSample,
		stream: () =>
			lazyStream(Math.ceil(samples / samplesPerChunk), (chunk) => {
				const start = chunk * samplesPerChunk;
				const count = Math.min(samplesPerChunk, samples - start);
				return codec === 'pcm'
					? pcm16(track, info.sampleRate, start, count)
					: g711(codec as 'ulaw' | 'alaw', track, info.sampleRate, start, count);
			}),
	};
}

function opusAudio(info: OutputFormatInfo, seconds: number, track: Track): MusicAudio {
	const packets = opusLoop(info.format);
	const start = track === 'sfx' ? Math.floor(packets.length / 2) : 0;
	const audio = oggOpusAudio(packets, seconds, start);
	return { ...info, ...audio, stream: () => audio.stream() };
}

/** Real audio of `format` lasting `durationSeconds`, produced lazily. Throws on unknown formats. */
export function musicAudio(
	format: string,
	durationSeconds: number,
	options: MusicAudioOptions = {},
): MusicAudio {
	const info = describeOutputFormat(format);
	if (!info) throw new RangeError(`Unknown output format ${format}`);
	if (!(durationSeconds > 0) || !Number.isFinite(durationSeconds)) {
		throw new RangeError(`durationSeconds must be a positive number, got ${durationSeconds}`);
	}
	const track = options.track ?? 'music';
	switch (info.codec) {
		case 'mp3':
			return mp3Audio(info, durationSeconds, track);
		case 'opus':
			return opusAudio(info, durationSeconds, track);
		default:
			return rawAudio(info, durationSeconds, track, options.chunkBytes ?? 64 * 1024);
	}
}
