import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * A file described as a list of pieces (small buffers, ranges of files on disk, runs of zeros),
 * so an output built from a 500 MB input is served by streaming the input's bytes, never by
 * holding them in memory.
 */

export type ByteSegment =
	| { kind: 'buffer'; buffer: Buffer }
	/** Bytes [start, end) of a file on disk; the file must not change while it is referenced. */
	| { kind: 'file'; path: string; start: number; end: number }
	| { kind: 'zeros'; length: number };

const CHUNK = 64 * 1024;
/** Shared, never written: the source of every run of zeros. */
const ZERO_CHUNK = Buffer.alloc(CHUNK);

export function bufferSegment(buffer: Buffer): ByteSegment {
	return { kind: 'buffer', buffer };
}

export function fileSegment(path: string, size: number): ByteSegment {
	return { kind: 'file', path, start: 0, end: size };
}

export function segmentLength(segment: ByteSegment): number {
	switch (segment.kind) {
		case 'buffer':
			return segment.buffer.length;
		case 'file':
			return segment.end - segment.start;
		default:
			return segment.length;
	}
}

export function segmentsLength(segments: readonly ByteSegment[]): number {
	return segments.reduce((sum, segment) => sum + segmentLength(segment), 0);
}

/** The piece of one segment between offsets `from` and `to` relative to its start. */
function cut(segment: ByteSegment, from: number, to: number): ByteSegment {
	switch (segment.kind) {
		case 'buffer':
			return { kind: 'buffer', buffer: segment.buffer.subarray(from, to) };
		case 'file':
			return { ...segment, start: segment.start + from, end: segment.start + to };
		default:
			return { kind: 'zeros', length: to - from };
	}
}

/** Bytes [start, end) of the concatenated segments, as segments (nothing is read). */
export function sliceSegments(
	segments: readonly ByteSegment[],
	start: number,
	end: number,
): ByteSegment[] {
	const slice: ByteSegment[] = [];
	let offset = 0;
	for (const segment of segments) {
		const length = segmentLength(segment);
		const from = Math.max(start, offset);
		const to = Math.min(end, offset + length);
		if (from < to) slice.push(cut(segment, from - offset, to - offset));
		offset += length;
		if (offset >= end) break;
	}
	return slice;
}

async function readFileRange(path: string, start: number, length: number): Promise<Buffer> {
	const handle = await open(path, 'r');
	try {
		const buf = Buffer.alloc(length);
		const { bytesRead } = await handle.read(buf, 0, length, start);
		if (bytesRead !== length) throw new Error(`${path} is shorter than expected`);
		return buf;
	} finally {
		await handle.close();
	}
}

/** Reads bytes [start, start + length) into memory: meant for box headers and `moov` only. */
export async function readSegments(
	segments: readonly ByteSegment[],
	start: number,
	length: number,
): Promise<Buffer> {
	const parts: Buffer[] = [];
	for (const segment of sliceSegments(segments, start, start + length)) {
		if (segment.kind === 'buffer') parts.push(segment.buffer);
		else if (segment.kind === 'zeros') parts.push(Buffer.alloc(segment.length));
		else parts.push(await readFileRange(segment.path, segment.start, segment.end - segment.start));
	}
	return Buffer.concat(parts);
}

async function* segmentChunks(segments: readonly ByteSegment[]): AsyncGenerator<Buffer> {
	for (const segment of segments) {
		if (segment.kind === 'buffer') {
			for (let offset = 0; offset < segment.buffer.length; offset += CHUNK) {
				yield segment.buffer.subarray(offset, offset + CHUNK);
			}
		} else if (segment.kind === 'zeros') {
			for (let left = segment.length; left > 0; left -= CHUNK) {
				yield ZERO_CHUNK.subarray(0, Math.min(CHUNK, left));
			}
		} else if (segment.end > segment.start) {
			const file = createReadStream(segment.path, {
				start: segment.start,
				end: segment.end - 1,
				highWaterMark: CHUNK,
			});
			for await (const chunk of file) yield chunk as Buffer;
		}
	}
}

/**
 * The segments (or the inclusive byte range `range` of them) as a lazy stream of chunks of at
 * most 64 KiB: each chunk is produced when the consumer asks for it.
 */
export function segmentsStream(
	segments: readonly ByteSegment[],
	range?: [number, number],
): Readable {
	const selected = range ? sliceSegments(segments, range[0], range[1] + 1) : segments;
	// Object mode keeps each chunk whole (a byte-mode stream would merge buffered chunks); a few
	// chunks of read-ahead bound the memory a slow client can cost.
	return Readable.from(segmentChunks(selected), { objectMode: true, highWaterMark: 4 });
}

/**
 * A trailing `free` box of exactly `bytes` bytes (zeros inside, which players skip), so an MP4
 * can be padded to any size ≥ 8 bytes larger. Beyond 4 GiB the box uses a 64-bit size.
 */
export function freeBoxPadding(bytes: number): ByteSegment[] {
	if (bytes === 0) return [];
	if (bytes < 8) throw new RangeError(`a free box needs at least 8 bytes, got ${bytes}`);
	const large = bytes > 0xffffffff;
	const header = Buffer.alloc(large ? 16 : 8);
	header.writeUInt32BE(large ? 1 : bytes, 0);
	header.write('free', 4, 'latin1');
	if (large) header.writeBigUInt64BE(BigInt(bytes), 8);
	return [bufferSegment(header), { kind: 'zeros', length: bytes - header.length }];
}
