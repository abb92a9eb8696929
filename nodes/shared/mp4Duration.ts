/**
 * Reads the duration of an MP4/QuickTime file from its `moov/mvhd` box without loading the file:
 * only the top-level box headers and the `moov` box are read. Files whose `moov` sits behind the
 * media data (not "fast start") would need the whole file scanned; past a small budget the
 * duration is reported as unknown instead, and any duration limit is left to the vendor.
 */

/** Bytes read at most while looking for the movie header. */
export const PROBE_BUDGET_BYTES = 4 * 1024 * 1024;

/** Pulls exact byte counts from a chunked source, counting everything it reads. */
class ByteReader {
	private pending: Buffer = Buffer.alloc(0);
	private done = false;
	consumed = 0;

	constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

	/** The next `length` bytes, or fewer at the end of the file. */
	async read(length: number): Promise<Buffer> {
		while (this.pending.length < length && !this.done) {
			const next = await this.chunks.next();
			if (next.done) this.done = true;
			else this.pending = Buffer.concat([this.pending, Buffer.from(next.value)]);
		}
		const bytes = this.pending.subarray(0, length);
		this.pending = this.pending.subarray(bytes.length);
		this.consumed += bytes.length;
		return bytes;
	}

	/** Discards `length` bytes; false when the file ends first. */
	async skip(length: number): Promise<boolean> {
		let left = length;
		while (left > 0) {
			if (this.pending.length === 0) {
				if (this.done) return false;
				const next = await this.chunks.next();
				if (next.done) {
					this.done = true;
					return false;
				}
				this.pending = Buffer.from(next.value);
			}
			const step = Math.min(left, this.pending.length);
			this.pending = this.pending.subarray(step);
			this.consumed += step;
			left -= step;
		}
		return true;
	}
}

const BOX_TYPE = /^[\x20-\x7e]{4}$/;

interface BoxHeader {
	type: string;
	/** Size of the box body, or undefined when the box runs to the end of the file. */
	bodySize?: number;
}

function headerAt(
	buffer: Buffer,
	offset: number,
): (BoxHeader & { headerSize: number }) | undefined {
	if (offset + 8 > buffer.length) return undefined;
	const size = buffer.readUInt32BE(offset);
	const type = buffer.toString('latin1', offset + 4, offset + 8);
	if (!BOX_TYPE.test(type)) return undefined;
	if (size === 1) {
		if (offset + 16 > buffer.length) return undefined;
		const large = Number(buffer.readBigUInt64BE(offset + 8));
		return large >= 16 ? { type, bodySize: large - 16, headerSize: 16 } : undefined;
	}
	if (size === 0) return { type, headerSize: 8 };
	return size >= 8 ? { type, bodySize: size - 8, headerSize: 8 } : undefined;
}

/** Seconds from an `mvhd` body (version 0 or 1), or undefined when it holds no usable duration. */
function mvhdSeconds(body: Buffer): number | undefined {
	const version = body[0];
	let timescale: number;
	let duration: number;
	if (version === 1 && body.length >= 32) {
		timescale = body.readUInt32BE(20);
		const raw = body.readBigUInt64BE(24);
		if (raw === 0xffffffffffffffffn) return undefined;
		duration = Number(raw);
	} else if (version === 0 && body.length >= 20) {
		timescale = body.readUInt32BE(12);
		duration = body.readUInt32BE(16);
		if (duration === 0xffffffff) return undefined;
	} else {
		return undefined;
	}
	// Fragmented files leave the movie duration at 0: the real length is in the fragments.
	if (timescale === 0 || duration === 0) return undefined;
	return duration / timescale;
}

/** Finds `mvhd` among the children of a `moov` body. */
function secondsFromMoov(moov: Buffer): number | undefined {
	let offset = 0;
	for (;;) {
		const header = headerAt(moov, offset);
		if (!header) return undefined;
		const bodyStart = offset + header.headerSize;
		const bodyEnd = header.bodySize === undefined ? moov.length : bodyStart + header.bodySize;
		if (header.type === 'mvhd') return mvhdSeconds(moov.subarray(bodyStart, bodyEnd));
		if (bodyEnd <= offset || bodyEnd > moov.length) return undefined;
		offset = bodyEnd;
	}
}

async function* chunksOf(content: Buffer | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	if (Buffer.isBuffer(content)) yield content;
	else yield* content;
}

/**
 * The duration in seconds, or undefined when the content is not an MP4/QuickTime file, has no
 * duration in its header, or keeps its header beyond the probe budget. Stops reading (and closes
 * the stream) as soon as it knows.
 */
export async function mp4DurationSeconds(
	content: Buffer | AsyncIterable<Uint8Array>,
): Promise<number | undefined> {
	const chunks = chunksOf(content);
	const reader = new ByteReader(chunks);
	try {
		for (let boxIndex = 0; reader.consumed < PROBE_BUDGET_BYTES; boxIndex++) {
			let raw = await reader.read(8);
			if (raw.length < 8) return undefined;
			if (raw.readUInt32BE(0) === 1) raw = Buffer.concat([raw, await reader.read(8)]);
			const header = headerAt(raw, 0);
			// An MP4 starts with `ftyp`; old QuickTime files may start with another box.
			if (
				!header ||
				(boxIndex === 0 && !['ftyp', 'moov', 'wide', 'free', 'mdat'].includes(header.type))
			) {
				return undefined;
			}
			if (header.type === 'moov') {
				const size = header.bodySize ?? PROBE_BUDGET_BYTES;
				if (size > PROBE_BUDGET_BYTES) return undefined;
				return secondsFromMoov(await reader.read(size));
			}
			if (header.bodySize === undefined) return undefined;
			if (reader.consumed + header.bodySize > PROBE_BUDGET_BYTES) return undefined;
			if (!(await reader.skip(header.bodySize))) return undefined;
		}
		return undefined;
	} finally {
		// Ends the underlying stream (for await's return() destroys a Readable).
		await chunks.return(undefined);
	}
}
