import {
	bufferSegment,
	readSegments,
	segmentsLength,
	sliceSegments,
	type ByteSegment,
} from './byteSegments';
import {
	box,
	childBoxes,
	KNOWN_TOP_LEVEL,
	readBoxHeader,
	u32,
	u64,
	type BoxSpan,
} from './mp4Boxes';
import { chunkOffsets, inspectMoov } from './mp4Inspect';
import { udtaWithTags } from './mp4Metadata';
import { timedTextSample, timedTextTrack } from './mp4TextTrack';

/**
 * Writes a label into an MP4 without decoding or copying its media: a timed-text subtitle track
 * showing `subtitle` for the whole movie, and a title/comment. Only `moov` is rewritten (in
 * memory; it is small); everything else is referenced as segments of the input, the new
 * subtitle sample follows in its own `mdat` at the end, and chunk offsets that pointed behind
 * `moov` move by as much as `moov` grew. Returns undefined for anything it cannot rewrite
 * safely (not an MP4, fragmented, no video track, a box running to the end of the file).
 */

export interface Mp4Label {
	/** Shown on the picture (may contain line breaks). */
	subtitle: string;
	title: string;
	comment: string;
}

export interface AnnotatedMp4 {
	segments: ByteSegment[];
	size: number;
	durationSeconds: number;
	/** Number of tracks, the subtitle track included. */
	trackCount: number;
}

const MAX_TOP_LEVEL_BOXES = 10_000;
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Boxes on the way from `moov` to the chunk offset tables. */
const CONTAINERS = new Set(['trak', 'mdia', 'minf', 'stbl']);

async function topLevelBoxes(input: ByteSegment[], size: number): Promise<BoxSpan[] | undefined> {
	const spans: BoxSpan[] = [];
	for (let offset = 0; offset < size; ) {
		if (spans.length >= MAX_TOP_LEVEL_BOXES) return undefined;
		const head = await readSegments(input, offset, Math.min(16, size - offset));
		const header = readBoxHeader(head, 0);
		if (!header || header.size === undefined) return undefined;
		if (!/^[\x20-\x7e]{4}$/.test(header.type)) return undefined;
		if (spans.length === 0 && !KNOWN_TOP_LEVEL.has(header.type)) return undefined;
		if (header.size < header.headerSize || offset + header.size > size) return undefined;
		spans.push({
			type: header.type,
			start: offset,
			headerSize: header.headerSize,
			end: offset + header.size,
		});
		offset += header.size;
	}
	return spans;
}

/** An stco/co64 box with every offset passed through `shift`; undefined if one overflows. */
function shiftedChunkOffsets(
	type: string,
	payload: Buffer,
	shift: (offset: number) => number,
): Buffer | undefined {
	const offsets = chunkOffsets(type, payload).map(shift);
	if (type === 'stco' && offsets.some((offset) => offset > 0xffffffff)) return undefined;
	const entries = offsets.map((offset) => (type === 'co64' ? u64(offset) : u32(offset)));
	return box(type, payload.subarray(0, 8), ...entries);
}

/** A copy of a box of `moov` with its chunk offsets shifted (containers rebuilt as needed). */
function shiftedBox(
	moov: Buffer,
	span: BoxSpan,
	shift: (offset: number) => number,
): Buffer | undefined {
	const payload = moov.subarray(span.start + span.headerSize, span.end);
	if (span.type === 'stco' || span.type === 'co64') {
		return shiftedChunkOffsets(span.type, payload, shift);
	}
	if (!CONTAINERS.has(span.type)) return moov.subarray(span.start, span.end);
	const children = childBoxes(moov, span.start + span.headerSize, span.end);
	if (!children) return undefined;
	const parts: Buffer[] = [];
	for (const child of children) {
		const part = shiftedBox(moov, child, shift);
		if (!part) return undefined;
		parts.push(part);
	}
	return box(span.type, ...parts);
}

/** The `mvhd` box with `next_track_ID` set (its position depends on the box version). */
function mvhdWithNextTrack(moov: Buffer, span: BoxSpan, nextTrackId: number): Buffer {
	const copy = Buffer.from(moov.subarray(span.start, span.end));
	const payloadStart = span.headerSize;
	copy.writeUInt32BE(nextTrackId, payloadStart + (copy[payloadStart] === 1 ? 108 : 96));
	return copy;
}

export async function annotateMp4(
	input: ByteSegment[],
	label: Mp4Label,
): Promise<AnnotatedMp4 | undefined> {
	const size = segmentsLength(input);
	const spans = await topLevelBoxes(input, size);
	const moovSpans = spans?.filter((span) => span.type === 'moov') ?? [];
	if (!spans || moovSpans.length !== 1 || spans.some((span) => span.type === 'moof')) {
		return undefined;
	}
	const moovSpan = moovSpans[0];
	const oldMoovSize = moovSpan.end - moovSpan.start;
	if (oldMoovSize > MAX_MOOV_BYTES) return undefined;
	const moov = await readSegments(input, moovSpan.start, oldMoovSize);
	const movie = inspectMoov(moov);
	const video = movie?.tracks.find((track) => track.handler === 'vide');
	const children = childBoxes(moov, moovSpan.headerSize);
	if (!movie || movie.fragmented || !video || !children) return undefined;

	// mvhd's next_track_ID may be 0xffffffff ("unknown"); then take one past the highest id.
	const highestId = Math.max(0, ...movie.tracks.map((track) => track.trackId));
	const declared = movie.nextTrackId === 0xffffffff ? 0 : movie.nextTrackId;
	const trackId = Math.max(declared, highestId + 1);
	const sample = timedTextSample(label.subtitle);
	const tailMdat = box('mdat', sample);
	const textTrack = (sampleOffset: number) =>
		timedTextTrack({
			trackId,
			movieTimescale: movie.timescale,
			movieDuration: movie.duration,
			width: video.width,
			height: video.height,
			sampleOffset,
			sampleSize: sample.length,
			largeOffsets: size + MAX_MOOV_BYTES > 0xffffffff,
		});
	const udtaSpan = children.find((span) => span.type === 'udta');
	const udta = udtaWithTags(
		udtaSpan && moov.subarray(udtaSpan.start + udtaSpan.headerSize, udtaSpan.end),
		label,
	);
	const lastTrak = children.map((span) => span.type).lastIndexOf('trak');

	// The new moov's parts; its size does not depend on the shift, so measure first, then shift.
	const build = (shift: (offset: number) => number, sampleOffset: number): Buffer[] | undefined => {
		const parts: Buffer[] = [];
		for (const [index, span] of children.entries()) {
			if (span.type === 'mvhd') parts.push(mvhdWithNextTrack(moov, span, trackId + 1));
			else if (span.type !== 'udta') {
				const part = shiftedBox(moov, span, shift);
				if (!part) return undefined;
				parts.push(part);
			}
			if (index === lastTrak) parts.push(textTrack(sampleOffset));
		}
		parts.push(udta);
		return parts;
	};
	const measured = build((offset) => offset, 0);
	if (!measured) return undefined;
	const newMoovSize = 8 + measured.reduce((sum, part) => sum + part.length, 0);
	const delta = newMoovSize - oldMoovSize;
	const tailStart = moovSpan.start + newMoovSize + (size - moovSpan.end);
	const parts = build(
		(offset) => (offset >= moovSpan.end ? offset + delta : offset),
		tailStart + 8,
	);
	if (!parts) return undefined;
	const newMoov = box('moov', ...parts);
	if (newMoov.length !== newMoovSize) return undefined;

	const segments = [
		...sliceSegments(input, 0, moovSpan.start),
		bufferSegment(newMoov),
		...sliceSegments(input, moovSpan.end, size),
		bufferSegment(tailMdat),
	];
	return {
		segments,
		size: segmentsLength(segments),
		durationSeconds: movie.durationSeconds,
		trackCount: movie.tracks.length + 1,
	};
}
