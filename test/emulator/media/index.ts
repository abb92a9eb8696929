import type { Readable } from 'node:stream';

import { FIXTURES, readFixture } from './fixtures';
import { largeMp4Stream as padMp4 } from './mp4';

/**
 * Real, playable media for the emulator, built from small committed fixtures without ffmpeg.
 * See test/fixtures/README.md for how the fixtures were made.
 */

export { FIXTURES, FIXTURES_DIR, fixturePath, readFixture } from './fixtures';
export { mp4DurationSeconds, Mp4Probe, type Mp4ProbeResult } from './mp4';
export {
	inspectMoov,
	inspectMp4File,
	readMovie,
	timedTexts,
	type Mp4Movie,
	type Mp4Track,
} from './mp4Inspect';
export {
	ALLOWED_OUTPUT_FORMATS,
	describeOutputFormat,
	isAllowedOutputFormat,
	musicAudio,
	type AllowedOutputFormat,
	type MusicAudio,
	type MusicAudioOptions,
	type OutputFormatInfo,
} from './formats';
export { parseMp3FrameHeader, splitMp3Frames, type Mp3FrameHeader } from './mp3';
export { readOggPackets, readOggPages, oggCrc } from './ogg';
export { opusPacketSamples, OPUS_PRE_SKIP } from './opus';
export { linearToAlaw, linearToMulaw, LOOP_SECONDS } from './synth';
export { zipStored, zipStoredStream, type ZipEntry, type ZipStreamEntry } from './zip';

/** The lip-sync "result" video: H.264 + AAC, 256x192, 4 s. */
export function lipsyncOutputMp4(): Buffer {
	return readFixture(FIXTURES.lipsyncOutput);
}

/** The main input video (talking-head cartoon with speech): H.264 + AAC, 256x192, 4 s. */
export function sampleVideoMp4(): Buffer {
	return readFixture(FIXTURES.sampleVideo);
}

/** A second input video with another duration (2.5 s) for multi-video requests. */
export function sampleVideo2Mp4(): Buffer {
	return readFixture(FIXTURES.sampleVideo2);
}

/**
 * A valid MP4 of exactly `totalBytes`: `base` (default the sample video) followed by a trailing
 * `free` box. Produced lazily in 64 KiB chunks. totalBytes must be the base size or >= base + 8.
 */
export function largeMp4Stream(totalBytes: number, base: Buffer = sampleVideoMp4()): Readable {
	return padMp4(base, totalBytes);
}
