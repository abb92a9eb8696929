/**
 * MPEG audio Layer III frame headers: enough to split a CBR stream into whole frames and loop
 * them. Frames of a CBR stream encoded without the bit reservoir are self-contained, so any run
 * of them concatenates into a valid MP3.
 */

export interface Mp3FrameHeader {
	version: 1 | 2 | 2.5;
	bitrateKbps: number;
	sampleRate: number;
	padding: boolean;
	channels: 1 | 2;
	samplesPerFrame: number;
	frameBytes: number;
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES: Record<number, number[]> = {
	1: [44100, 48000, 32000],
	2: [22050, 24000, 16000],
	2.5: [11025, 12000, 8000],
};

/** Parses the 4-byte Layer III header at `offset`, or returns undefined if it is not one. */
export function parseMp3FrameHeader(buf: Buffer, offset = 0): Mp3FrameHeader | undefined {
	if (offset + 4 > buf.length) return undefined;
	const b1 = buf[offset + 1];
	const b2 = buf[offset + 2];
	const b3 = buf[offset + 3];
	if (buf[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
	const versionBits = (b1 >> 3) & 0x03;
	const layerBits = (b1 >> 1) & 0x03;
	if (versionBits === 1 || layerBits !== 1) return undefined;
	const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
	const bitrateIndex = b2 >> 4;
	const rateIndex = (b2 >> 2) & 0x03;
	if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
	const bitrateKbps = (version === 1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex];
	const sampleRate = SAMPLE_RATES[version][rateIndex];
	const padding = ((b2 >> 1) & 0x01) === 1;
	const samplesPerFrame = version === 1 ? 1152 : 576;
	const frameBytes =
		Math.floor(((samplesPerFrame / 8) * bitrateKbps * 1000) / sampleRate) + (padding ? 1 : 0);
	return {
		version,
		bitrateKbps,
		sampleRate,
		padding,
		channels: b3 >> 6 === 3 ? 1 : 2,
		samplesPerFrame,
		frameBytes,
	};
}

export interface Mp3Frames {
	header: Mp3FrameHeader;
	frames: Buffer[];
}

/**
 * Splits a file made only of back-to-back Layer III frames (no ID3, no Xing). Throws on anything
 * else, which is what the tests rely on to prove the output is clean.
 */
export function splitMp3Frames(buf: Buffer): Mp3Frames {
	const frames: Buffer[] = [];
	let first: Mp3FrameHeader | undefined;
	let offset = 0;
	while (offset < buf.length) {
		const header = parseMp3FrameHeader(buf, offset);
		if (!header) throw new Error(`No MP3 frame header at byte ${offset}`);
		if (offset + header.frameBytes > buf.length)
			throw new Error(`Truncated MP3 frame at ${offset}`);
		first ??= header;
		if (header.sampleRate !== first.sampleRate || header.bitrateKbps !== first.bitrateKbps) {
			throw new Error(`MP3 frame at ${offset} changes rate or bitrate`);
		}
		frames.push(buf.subarray(offset, offset + header.frameBytes));
		offset += header.frameBytes;
	}
	if (!first) throw new Error('No MP3 frames');
	return { header: first, frames };
}
