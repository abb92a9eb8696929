import { childBoxes, findChild, findPath, payloadOf, type BoxSpan } from './mp4Boxes';

/**
 * Reads the structure of a `moov` box: the movie header, each track (id, handler, codec, size,
 * where its samples are) and the iTunes-style title/comment. The output writer uses it to plan an
 * edit, the tests to check that the written file is what a player will see.
 */

export interface Mp4Track {
	trackId: number;
	/** `vide`, `soun`, `sbtl`, `text`, ... from `mdia/hdlr`. */
	handler: string;
	/** Fourcc of the first sample description (`avc1`, `mp4a`, `tx3g`, ...). */
	codec: string;
	/** tkhd flag 1: players show the track. */
	enabled: boolean;
	width: number;
	height: number;
	mediaTimescale: number;
	mediaDuration: number;
	/** Byte offset and size (in the file) of every sample, in decoding order. */
	samples: Array<{ offset: number; size: number }>;
}

export interface Mp4Movie {
	timescale: number;
	duration: number;
	durationSeconds: number;
	nextTrackId: number;
	/** Fragmented files (`mvex`) keep their samples outside `moov`. */
	fragmented: boolean;
	tracks: Mp4Track[];
	title?: string;
	comment?: string;
}

/** The movie described by `moovBox` (a whole `moov` box, header included), or undefined. */
export function inspectMoov(moovBox: Buffer): Mp4Movie | undefined {
	const moov = findChild(moovBox, 'moov');
	if (!moov) return undefined;
	const children = childBoxes(moovBox, moov.start + moov.headerSize, moov.end);
	const mvhdSpan = children?.find((c) => c.type === 'mvhd');
	if (!children || !mvhdSpan) return undefined;
	const mvhd = payloadOf(moovBox, mvhdSpan);
	const v1 = mvhd[0] === 1;
	if (mvhd.length < (v1 ? 112 : 100)) return undefined;
	const timescale = mvhd.readUInt32BE(v1 ? 20 : 12);
	const duration = v1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16);
	if (!timescale) return undefined;
	const tracks: Mp4Track[] = [];
	for (const span of children.filter((c) => c.type === 'trak')) {
		const track = inspectTrak(moovBox, span);
		if (!track) return undefined;
		tracks.push(track);
	}
	const udta = children.find((c) => c.type === 'udta');
	return {
		timescale,
		duration,
		durationSeconds: duration / timescale,
		nextTrackId: mvhd.readUInt32BE(v1 ? 108 : 96),
		fragmented: children.some((c) => c.type === 'mvex'),
		tracks,
		title: udta && ilstText(moovBox, udta, '\xa9nam'),
		comment: udta && ilstText(moovBox, udta, '\xa9cmt'),
	};
}

function inspectTrak(buf: Buffer, trak: BoxSpan): Mp4Track | undefined {
	const inside = (path: string[]) =>
		findPath(buf, path, trak.start + trak.headerSize, trak.end) as BoxSpan | undefined;
	const tkhdSpan = inside(['tkhd']);
	const mdhdSpan = inside(['mdia', 'mdhd']);
	const hdlrSpan = inside(['mdia', 'hdlr']);
	const stbl = inside(['mdia', 'minf', 'stbl']);
	if (!tkhdSpan || !mdhdSpan || !hdlrSpan || !stbl) return undefined;
	const tkhd = payloadOf(buf, tkhdSpan);
	const tv1 = tkhd[0] === 1;
	const mdhd = payloadOf(buf, mdhdSpan);
	const mv1 = mdhd[0] === 1;
	const samples = sampleLocations(buf, stbl);
	if (!samples) return undefined;
	const stsd = findChild(buf, 'stsd', stbl.start + stbl.headerSize, stbl.end);
	const whOffset = tv1 ? 88 : 76;
	return {
		trackId: tkhd.readUInt32BE(tv1 ? 20 : 12),
		handler: payloadOf(buf, hdlrSpan).toString('latin1', 8, 12),
		codec: stsd ? buf.toString('latin1', stsd.start + 20, stsd.start + 24) : '',
		enabled: (tkhd.readUInt32BE(0) & 1) === 1,
		width: tkhd.length >= whOffset + 8 ? tkhd.readUInt32BE(whOffset) / 0x10000 : 0,
		height: tkhd.length >= whOffset + 8 ? tkhd.readUInt32BE(whOffset + 4) / 0x10000 : 0,
		mediaTimescale: mdhd.readUInt32BE(mv1 ? 20 : 12),
		mediaDuration: mv1 ? Number(mdhd.readBigUInt64BE(24)) : mdhd.readUInt32BE(16),
		samples,
	};
}

/** Chunk offsets of an `stco` (32-bit) or `co64` (64-bit) payload. */
export function chunkOffsets(type: string, payload: Buffer): number[] {
	const count = payload.readUInt32BE(4);
	const offsets: number[] = [];
	for (let i = 0; i < count; i++) {
		offsets.push(
			type === 'co64'
				? Number(payload.readBigUInt64BE(8 + i * 8))
				: payload.readUInt32BE(8 + i * 4),
		);
	}
	return offsets;
}

/** Where each sample lives, from stsz (sizes), stsc (samples per chunk) and stco/co64. */
function sampleLocations(buf: Buffer, stbl: BoxSpan): Mp4Track['samples'] | undefined {
	const children = childBoxes(buf, stbl.start + stbl.headerSize, stbl.end);
	const get = (type: string) => children?.find((c) => c.type === type);
	const stsz = get('stsz');
	const stsc = get('stsc');
	const stco = get('stco') ?? get('co64');
	if (!stsz || !stsc || !stco) return undefined;
	const sizes = payloadOf(buf, stsz);
	const fixedSize = sizes.readUInt32BE(4);
	const sampleCount = sizes.readUInt32BE(8);
	const offsets = chunkOffsets(stco.type, payloadOf(buf, stco));
	const runs = payloadOf(buf, stsc);
	const runCount = runs.readUInt32BE(4);
	const samples: Mp4Track['samples'] = [];
	for (let run = 0; run < runCount; run++) {
		const firstChunk = runs.readUInt32BE(8 + run * 12);
		const perChunk = runs.readUInt32BE(12 + run * 12);
		const lastChunk =
			run + 1 < runCount ? runs.readUInt32BE(8 + (run + 1) * 12) : offsets.length + 1;
		for (let chunk = firstChunk; chunk < lastChunk; chunk++) {
			let offset = offsets[chunk - 1];
			for (let k = 0; k < perChunk && samples.length < sampleCount; k++) {
				const size = fixedSize || sizes.readUInt32BE(12 + samples.length * 4);
				samples.push({ offset, size });
				offset += size;
			}
		}
	}
	return samples.length === sampleCount ? samples : undefined;
}

/** The UTF-8 text of an iTunes metadata item (`moov/udta/meta/ilst/<item>/data`). */
function ilstText(buf: Buffer, udta: BoxSpan, item: string): string | undefined {
	const meta = findChild(buf, 'meta', udta.start + udta.headerSize, udta.end);
	if (!meta) return undefined;
	// ISO `meta` is a full box (4 bytes of version/flags); QuickTime's is a plain container.
	const plain = buf.toString('latin1', meta.start + 12, meta.start + 16) === 'hdlr';
	const ilst = findChild(buf, 'ilst', meta.start + meta.headerSize + (plain ? 0 : 4), meta.end);
	const entry = ilst && findChild(buf, item, ilst.start + ilst.headerSize, ilst.end);
	const data = entry && findChild(buf, 'data', entry.start + entry.headerSize, entry.end);
	return data ? buf.toString('utf8', data.start + 16, data.end) : undefined;
}

/** Text of a 3GPP timed-text (tx3g) sample: a 16-bit length, then UTF-8. */
export function timedTextOf(sample: Buffer): string {
	return sample.toString('utf8', 2, 2 + sample.readUInt16BE(0));
}

/** The movie of a whole MP4 file held in memory (small files, tests). */
export function inspectMp4File(file: Buffer): Mp4Movie | undefined {
	const moov = findChild(file, 'moov');
	return moov && inspectMoov(file.subarray(moov.start, moov.end));
}

/** Like inspectMp4File, but throws: for tests that expect a readable file. */
export function readMovie(file: Buffer): Mp4Movie {
	const movie = inspectMp4File(file);
	if (!movie) throw new Error('not a readable MP4 file');
	return movie;
}

/** The text of every sample of the file's timed-text (tx3g) tracks, in track order. */
export function timedTexts(file: Buffer, movie: Mp4Movie): string[] {
	return movie.tracks
		.filter((track) => track.codec === 'tx3g')
		.flatMap((track) =>
			track.samples.map(({ offset, size }) => timedTextOf(file.subarray(offset, offset + size))),
		);
}
