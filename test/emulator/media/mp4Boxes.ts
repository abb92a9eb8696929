/**
 * ISO-BMFF box primitives shared by the MP4 reader, prober and writer: read a box header, list the
 * children of a container, and build boxes.
 */

export interface BoxHeader {
	type: string;
	/** Total box size including the header; `undefined` means "to the end of the data". */
	size: number | undefined;
	headerSize: number;
}

/** A box inside a buffer: `start` is where its header begins, `end` where the box ends. */
export interface BoxSpan {
	type: string;
	start: number;
	headerSize: number;
	end: number;
}

/** Top-level box types a real MP4/MOV file can start with or contain. */
export const KNOWN_TOP_LEVEL = new Set([
	'ftyp',
	'moov',
	'mdat',
	'free',
	'skip',
	'wide',
	'pnot',
	'uuid',
	'meta',
	'moof',
	'mfra',
	'styp',
	'sidx',
	'pdin',
]);

export function readBoxHeader(buf: Buffer, offset: number): BoxHeader | undefined {
	if (offset + 8 > buf.length) return undefined;
	const size32 = buf.readUInt32BE(offset);
	const type = buf.toString('latin1', offset + 4, offset + 8);
	if (size32 === 1) {
		if (offset + 16 > buf.length) return undefined;
		return { type, size: Number(buf.readBigUInt64BE(offset + 8)), headerSize: 16 };
	}
	return { type, size: size32 === 0 ? undefined : size32, headerSize: 8 };
}

/**
 * The child boxes of buf[start, end), or undefined when they do not tile that range exactly
 * (a corrupt or truncated container must not be rewritten).
 */
export function childBoxes(buf: Buffer, start = 0, end = buf.length): BoxSpan[] | undefined {
	const spans: BoxSpan[] = [];
	let offset = start;
	while (offset < end) {
		const header = readBoxHeader(buf.subarray(0, end), offset);
		if (!header) return undefined;
		const size = header.size ?? end - offset;
		if (size < header.headerSize || offset + size > end) return undefined;
		spans.push({
			type: header.type,
			start: offset,
			headerSize: header.headerSize,
			end: offset + size,
		});
		offset += size;
	}
	return spans;
}

/** The first child of `type` in buf[start, end). */
export function findChild(
	buf: Buffer,
	type: string,
	start = 0,
	end = buf.length,
): BoxSpan | undefined {
	return childBoxes(buf, start, end)?.find((span) => span.type === type);
}

/** Follows a path of box types from the top of `buf` (e.g. `['moov', 'trak']`), first matches. */
export function findPath(
	buf: Buffer,
	path: string[],
	start = 0,
	end = buf.length,
): BoxSpan | undefined {
	let span: BoxSpan | undefined;
	let from = start;
	let to = end;
	for (const type of path) {
		span = findChild(buf, type, from, to);
		if (!span) return undefined;
		from = span.start + span.headerSize;
		to = span.end;
	}
	return span;
}

export function payloadOf(buf: Buffer, span: BoxSpan): Buffer {
	return buf.subarray(span.start + span.headerSize, span.end);
}

/** A box with a 32-bit size (everything the emulator writes is far below 4 GiB per box). */
export function box(type: string, ...parts: Buffer[]): Buffer {
	const header = Buffer.alloc(8);
	const size = 8 + parts.reduce((sum, part) => sum + part.length, 0);
	header.writeUInt32BE(size, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, ...parts]);
}

/** A "full box": one version byte and 24 bits of flags before the payload. */
export function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
	const versionAndFlags = Buffer.alloc(4);
	versionAndFlags.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
	return box(type, versionAndFlags, ...parts);
}

export function u8(value: number): Buffer {
	return Buffer.from([value & 0xff]);
}

export function u16(value: number): Buffer {
	const buf = Buffer.alloc(2);
	buf.writeUInt16BE(value & 0xffff, 0);
	return buf;
}

export function u32(value: number): Buffer {
	const buf = Buffer.alloc(4);
	buf.writeUInt32BE(value >>> 0, 0);
	return buf;
}

export function u64(value: number): Buffer {
	const buf = Buffer.alloc(8);
	buf.writeBigUInt64BE(BigInt(value), 0);
	return buf;
}

/**
 * A `hdlr` box: what a track (or a `meta` box) holds. `manufacturer` fills the first reserved
 * field, which iTunes-style metadata sets to `appl`.
 */
export function handlerBox(handlerType: string, name: string, manufacturer = '\0\0\0\0'): Buffer {
	return fullBox(
		'hdlr',
		0,
		0,
		u32(0), // pre_defined
		Buffer.from(handlerType + manufacturer, 'latin1'),
		Buffer.alloc(8),
		Buffer.from(`${name}\0`, 'utf8'),
	);
}
