/**
 * Ogg container pages (RFC 3533): reading packets out of a file and writing pages with the
 * right lacing, granule positions and CRC, so Opus packets can be re-wrapped to any length.
 */

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let i = 0; i < 256; i++) {
		let r = i << 24;
		for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
		table[i] = r >>> 0;
	}
	return table;
})();

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, zero initial value and no final xor. */
export function oggCrc(buf: Buffer): number {
	let crc = 0;
	for (const byte of buf) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
	return crc >>> 0;
}

export const OGG_CONTINUED = 0x01;
export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;

export interface OggPageInput {
	headerType: number;
	granule: bigint;
	serial: number;
	sequence: number;
	/** Whole packets; each must end on this page. */
	packets: Buffer[];
}

function lacing(packets: Buffer[]): number[] {
	const values: number[] = [];
	for (const packet of packets) {
		let left = packet.length;
		while (left >= 255) {
			values.push(255);
			left -= 255;
		}
		values.push(left);
	}
	return values;
}

/** Lacing segments needed for one packet (a packet of n*255 bytes ends with a 0 segment). */
export function segmentsFor(packetBytes: number): number {
	return Math.floor(packetBytes / 255) + 1;
}

export function oggPageBytes(packets: Buffer[] | number[]): number {
	const sizes = packets.map((p) => (typeof p === 'number' ? p : p.length));
	const segments = sizes.reduce((sum, size) => sum + segmentsFor(size), 0);
	return 27 + segments + sizes.reduce((sum, size) => sum + size, 0);
}

export function buildOggPage(page: OggPageInput): Buffer {
	const segments = lacing(page.packets);
	if (segments.length > 255) throw new RangeError('Too many packets for one Ogg page');
	const header = Buffer.alloc(27 + segments.length);
	header.write('OggS', 0, 'latin1');
	header[4] = 0;
	header[5] = page.headerType;
	header.writeBigUInt64LE(BigInt.asUintN(64, page.granule), 6);
	header.writeUInt32LE(page.serial >>> 0, 14);
	header.writeUInt32LE(page.sequence >>> 0, 18);
	header[26] = segments.length;
	segments.forEach((value, index) => (header[27 + index] = value));
	const out = Buffer.concat([header, ...page.packets]);
	out.writeUInt32LE(oggCrc(out), 22);
	return out;
}

export interface OggPage {
	headerType: number;
	granule: bigint;
	serial: number;
	sequence: number;
	crcValid: boolean;
	segments: number[];
	body: Buffer;
}

/** Reads every page; throws on a missing capture pattern. */
export function readOggPages(buf: Buffer): OggPage[] {
	const pages: OggPage[] = [];
	let offset = 0;
	while (offset < buf.length) {
		if (buf.toString('latin1', offset, offset + 4) !== 'OggS') {
			throw new Error(`No Ogg page at byte ${offset}`);
		}
		const count = buf[offset + 26];
		const segments = [...buf.subarray(offset + 27, offset + 27 + count)];
		const bodyLength = segments.reduce((sum, value) => sum + value, 0);
		const end = offset + 27 + count + bodyLength;
		const raw = Buffer.from(buf.subarray(offset, end));
		const storedCrc = raw.readUInt32LE(22);
		raw.writeUInt32LE(0, 22);
		pages.push({
			headerType: buf[offset + 5],
			granule: buf.readBigInt64LE(offset + 6),
			serial: buf.readUInt32LE(offset + 14),
			sequence: buf.readUInt32LE(offset + 18),
			crcValid: oggCrc(raw) === storedCrc,
			segments,
			body: buf.subarray(offset + 27 + count, end),
		});
		offset = end;
	}
	return pages;
}

/** Joins the pages' lacing back into packets (single logical stream). */
export function readOggPackets(buf: Buffer): Buffer[] {
	const packets: Buffer[] = [];
	let current: Buffer[] = [];
	for (const page of readOggPages(buf)) {
		let pos = 0;
		for (const value of page.segments) {
			current.push(page.body.subarray(pos, pos + value));
			pos += value;
			if (value < 255) {
				packets.push(Buffer.concat(current));
				current = [];
			}
		}
	}
	return packets;
}
