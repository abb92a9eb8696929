import { box, fullBox, handlerBox, u16, u32, u64, u8 } from './mp4Boxes';

/**
 * A 3GPP timed-text (`tx3g`) subtitle track with one sample that lasts the whole movie: VLC,
 * QuickTime, mpv and ffprobe show it as an enabled subtitle stream. The boxes follow what
 * ffmpeg's mov muxer writes for `mov_text`, the layout players are tested against.
 */

export interface TextTrackSpec {
	trackId: number;
	/** Movie timescale and duration from `mvhd` (the track lasts the whole movie). */
	movieTimescale: number;
	movieDuration: number;
	/** Size of the video picture; the text box covers it and the text sits at its bottom. */
	width: number;
	height: number;
	/** Where the sample (see `timedTextSample`) starts in the output file. */
	sampleOffset: number;
	sampleSize: number;
	/** Use `co64` for the chunk offset (files over 4 GiB). */
	largeOffsets: boolean;
}

const MEDIA_TIMESCALE = 1000;
/** Language of the label text (ISO 639-2 "eng", packed as three 5-bit letters). */
const ENGLISH = ((0x65 - 0x60) << 10) | ((0x6e - 0x60) << 5) | (0x67 - 0x60);
const IDENTITY_MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];

/** A tx3g sample: 16-bit byte length, then the UTF-8 text (at most 65535 bytes). */
export function timedTextSample(text: string): Buffer {
	let bytes = Buffer.from(text, 'utf8');
	if (bytes.length > 0xffff) bytes = bytes.subarray(0, 0xffff);
	return Buffer.concat([u16(bytes.length), bytes]);
}

/** Times that fit 32 bits use version 0 boxes; longer ones need version 1 (64-bit times). */
function time(value: number, wide: boolean): Buffer {
	return wide ? u64(value) : u32(value);
}

function tkhd(spec: TextTrackSpec): Buffer {
	const wide = spec.movieDuration > 0xffffffff;
	const matrix = Buffer.concat(IDENTITY_MATRIX.map(u32));
	return fullBox(
		'tkhd',
		wide ? 1 : 0,
		0x3, // enabled | in movie
		time(0, wide), // creation time: fixed so the same generation always gives the same bytes
		time(0, wide), // modification time
		u32(spec.trackId),
		u32(0),
		time(spec.movieDuration, wide),
		Buffer.alloc(8),
		u16(0xffff), // layer -1: in front of the video
		u16(0), // alternate group
		u16(0), // volume (not audio)
		u16(0),
		matrix,
		u32(Math.round(spec.width * 0x10000)),
		u32(Math.round(spec.height * 0x10000)),
	);
}

function mdhd(mediaDuration: number): Buffer {
	const wide = mediaDuration > 0xffffffff;
	return fullBox(
		'mdhd',
		wide ? 1 : 0,
		0,
		time(0, wide),
		time(0, wide),
		u32(MEDIA_TIMESCALE),
		time(mediaDuration, wide),
		u16(ENGLISH),
		u16(0),
	);
}

/** The tx3g sample description: text at the bottom centre, white on a translucent black box. */
function tx3g(width: number, height: number): Buffer {
	const fontSize = Math.max(10, Math.min(255, Math.round(height / 16)));
	const fontName = Buffer.from('Sans-Serif', 'latin1');
	return box(
		'tx3g',
		Buffer.alloc(6), // reserved
		u16(1), // data reference index
		u32(0), // display flags
		u8(1), // horizontal justification: centre
		u8(0xff), // vertical justification: bottom (-1)
		Buffer.from([0, 0, 0, 0xa0]), // background colour RGBA
		u16(0), // text box top, left, bottom, right
		u16(0),
		u16(Math.min(0x7fff, Math.round(height))),
		u16(Math.min(0x7fff, Math.round(width))),
		u16(0), // style record: start char, end char, font id, face, size, colour
		u16(0),
		u16(1),
		u8(0),
		u8(fontSize),
		Buffer.from([0xff, 0xff, 0xff, 0xff]),
		box('ftab', u16(1), u16(1), u8(fontName.length), fontName),
	);
}

function stbl(spec: TextTrackSpec, mediaDuration: number): Buffer {
	const chunkOffset = spec.largeOffsets
		? fullBox('co64', 0, 0, u32(1), u64(spec.sampleOffset))
		: fullBox('stco', 0, 0, u32(1), u32(spec.sampleOffset));
	return box(
		'stbl',
		fullBox('stsd', 0, 0, u32(1), tx3g(spec.width, spec.height)),
		fullBox('stts', 0, 0, u32(1), u32(1), u32(mediaDuration)),
		fullBox('stsc', 0, 0, u32(1), u32(1), u32(1), u32(1)),
		fullBox('stsz', 0, 0, u32(0), u32(1), u32(spec.sampleSize)),
		chunkOffset,
	);
}

/** The `trak` box. Its size does not depend on `sampleOffset`, only on `largeOffsets`. */
export function timedTextTrack(spec: TextTrackSpec): Buffer {
	const seconds = spec.movieDuration / spec.movieTimescale;
	const mediaDuration = Math.max(1, Math.round(seconds * MEDIA_TIMESCALE));
	const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
	const minf = box('minf', fullBox('nmhd', 0, 0), dinf, stbl(spec, mediaDuration));
	return box(
		'trak',
		tkhd(spec),
		box(
			'mdia',
			mdhd(mediaDuration),
			// ffmpeg writes `sbtl` for tx3g in MP4; QuickTime and VLC read it as a subtitle track.
			handlerBox('sbtl', 'SubtitleHandler'),
			minf,
		),
	);
}
