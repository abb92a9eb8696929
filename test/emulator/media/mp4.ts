import type { Readable } from 'node:stream';

import { bufferSegment, freeBoxPadding, segmentsStream } from './byteSegments';
import { KNOWN_TOP_LEVEL, readBoxHeader } from './mp4Boxes';

/**
 * Just enough ISO-BMFF (MP4/MOV) handling for the emulator: read the movie duration from
 * `moov/mvhd`, probe an upload on the fly without keeping it, and pad a real MP4 to any size.
 */

/** Finds the first child box of `type` within buf[start, end). */
function findBox(buf: Buffer, type: string, start: number, end: number): Buffer | undefined {
	let offset = start;
	while (offset + 8 <= end) {
		const header = readBoxHeader(buf, offset);
		if (!header) return undefined;
		const size = header.size ?? end - offset;
		if (size < header.headerSize) return undefined;
		if (header.type === type) {
			return buf.subarray(offset + header.headerSize, Math.min(offset + size, end));
		}
		offset += size;
	}
	return undefined;
}

/** Duration from an `mvhd` payload (version 0: 32-bit fields, version 1: 64-bit times). */
function mvhdDuration(mvhd: Buffer): number | undefined {
	if (mvhd.length < 4) return undefined;
	const version = mvhd[0];
	let timescale: number;
	let duration: number;
	if (version === 1) {
		if (mvhd.length < 32) return undefined;
		timescale = mvhd.readUInt32BE(20);
		duration = Number(mvhd.readBigUInt64BE(24));
	} else {
		if (mvhd.length < 20) return undefined;
		timescale = mvhd.readUInt32BE(12);
		duration = mvhd.readUInt32BE(16);
	}
	if (!timescale) return undefined;
	return duration / timescale;
}

/**
 * Movie duration in seconds from `moov/mvhd`, or undefined when there is none. `buf` may be a
 * whole file or just the `moov` box.
 */
export function mp4DurationSeconds(buf: Buffer): number | undefined {
	const moov = findBox(buf, 'moov', 0, buf.length);
	if (!moov) return undefined;
	const mvhd = findBox(moov, 'mvhd', 0, moov.length);
	return mvhd ? mvhdDuration(mvhd) : undefined;
}

export interface Mp4ProbeResult {
	/** The bytes have a sane ISO-BMFF box structure with a readable `moov/mvhd`. */
	decodable: boolean;
	durationSeconds?: number;
	bytes: number;
}

/**
 * Streaming prober: feed an upload chunk by chunk; it keeps only box headers and the `moov` box
 * (capped), so a 200 MB upload costs a few KB of memory.
 */
export class Mp4Probe {
	private bytes = 0;
	/** Absolute offset where the next top-level box header starts. */
	private nextBox = 0;
	private pendingHeader = Buffer.alloc(0);
	private moovChunks: Buffer[] = [];
	private moovRemaining = 0;
	private moov: Buffer | undefined;
	private broken = false;
	private boxesSeen = 0;

	constructor(private readonly maxMoovBytes = 32 * 1024 * 1024) {}

	push(chunk: Buffer): void {
		const chunkStart = this.bytes;
		this.bytes += chunk.length;
		let pos = 0;
		while (pos < chunk.length && !this.broken) {
			if (this.moovRemaining > 0) {
				const take = Math.min(this.moovRemaining, chunk.length - pos);
				this.moovChunks.push(Buffer.from(chunk.subarray(pos, pos + take)));
				this.moovRemaining -= take;
				pos += take;
				if (this.moovRemaining === 0) this.finishMoov();
				continue;
			}
			const absolute = chunkStart + pos;
			if (absolute < this.nextBox) {
				pos += Math.min(this.nextBox - absolute, chunk.length - pos);
				continue;
			}
			pos = this.consumeHeader(chunk, pos, absolute);
		}
	}

	/** Buffers header bytes until a whole box header is available, then plans the next step. */
	private consumeHeader(chunk: Buffer, pos: number, absolute: number): number {
		const need = 16 - this.pendingHeader.length;
		const take = Math.min(need, chunk.length - pos);
		const headerBytes = Buffer.concat([this.pendingHeader, chunk.subarray(pos, pos + take)]);
		const header = readBoxHeader(headerBytes, 0);
		if (!header) {
			this.pendingHeader = headerBytes;
			return pos + take;
		}
		const headerStart = absolute - this.pendingHeader.length;
		this.pendingHeader = Buffer.alloc(0);
		if (
			!/^[\x20-\x7e]{4}$/.test(header.type) ||
			(this.boxesSeen === 0 && !KNOWN_TOP_LEVEL.has(header.type))
		) {
			this.broken = true;
			return chunk.length;
		}
		this.boxesSeen += 1;
		const size = header.size ?? Number.MAX_SAFE_INTEGER - headerStart;
		if (size < header.headerSize) {
			this.broken = true;
			return chunk.length;
		}
		this.nextBox = headerStart + size;
		// Bytes of this header that came from the current chunk; the header itself is consumed.
		const consumedFromChunk = headerStart + header.headerSize - absolute;
		if (header.type === 'moov' && !this.moov && header.size !== undefined) {
			const payload = size - header.headerSize;
			if (payload > this.maxMoovBytes) {
				this.broken = true;
				return chunk.length;
			}
			this.moovRemaining = payload;
			this.moovChunks = [];
			if (payload === 0) this.finishMoov();
		}
		return pos + consumedFromChunk;
	}

	private finishMoov(): void {
		const payload = Buffer.concat(this.moovChunks);
		this.moovChunks = [];
		const header = Buffer.alloc(8);
		header.writeUInt32BE(payload.length + 8, 0);
		header.write('moov', 4, 'latin1');
		this.moov = Buffer.concat([header, payload]);
	}

	result(): Mp4ProbeResult {
		const durationSeconds = !this.broken && this.moov ? mp4DurationSeconds(this.moov) : undefined;
		return {
			decodable: durationSeconds !== undefined,
			durationSeconds,
			bytes: this.bytes,
		};
	}
}

/**
 * A valid MP4 (`base`) followed by one trailing `free` box that pads the stream to exactly
 * `totalBytes`. Produced lazily, one chunk per read, so it never exists in memory whole.
 */
export function largeMp4Stream(base: Buffer, totalBytes: number): Readable {
	const padding = totalBytes - base.length;
	if (padding !== 0 && padding < 8) {
		throw new RangeError(
			`largeMp4Stream needs totalBytes = ${base.length} or >= ${base.length + 8}, ` +
				`got ${totalBytes}`,
		);
	}
	return segmentsStream([bufferSegment(base), ...freeBoxPadding(padding)]);
}
