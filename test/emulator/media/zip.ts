import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

/**
 * Stored (uncompressed) ZIP archives: the vendor's `separate_tracks` response. Sizes and CRCs
 * are known before each entry's data, so no data descriptors are needed and any unzip reads it.
 */

export interface ZipEntry {
	name: string;
	data: Buffer;
}

export interface ZipStreamEntry {
	name: string;
	/** Must produce the same bytes each call: it runs once to measure, once to send. */
	open(): Readable;
}

/** A fixed timestamp keeps archives byte-for-byte reproducible (2026-01-01 00:00). */
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
const UTF8_FLAG = 0x0800;

interface EntryInfo {
	name: Buffer;
	crc: number;
	size: number;
	offset: number;
}

function checkSize(size: number): void {
	if (size > 0xfffffffe) throw new RangeError('zip entries over 4 GiB need ZIP64, not supported');
}

function localHeader(entry: Omit<EntryInfo, 'offset'>): Buffer {
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04034b50, 0);
	header.writeUInt16LE(10, 4);
	header.writeUInt16LE(UTF8_FLAG, 6);
	header.writeUInt16LE(0, 8);
	header.writeUInt16LE(DOS_TIME, 10);
	header.writeUInt16LE(DOS_DATE, 12);
	header.writeUInt32LE(entry.crc, 14);
	header.writeUInt32LE(entry.size, 18);
	header.writeUInt32LE(entry.size, 22);
	header.writeUInt16LE(entry.name.length, 26);
	header.writeUInt16LE(0, 28);
	return Buffer.concat([header, entry.name]);
}

function centralDirectory(entries: EntryInfo[], startOffset: number): Buffer {
	const records = entries.map((entry) => {
		const record = Buffer.alloc(46);
		record.writeUInt32LE(0x02014b50, 0);
		record.writeUInt16LE((3 << 8) | 20, 4);
		record.writeUInt16LE(10, 6);
		record.writeUInt16LE(UTF8_FLAG, 8);
		record.writeUInt16LE(0, 10);
		record.writeUInt16LE(DOS_TIME, 12);
		record.writeUInt16LE(DOS_DATE, 14);
		record.writeUInt32LE(entry.crc, 16);
		record.writeUInt32LE(entry.size, 20);
		record.writeUInt32LE(entry.size, 24);
		record.writeUInt16LE(entry.name.length, 28);
		record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
		record.writeUInt32LE(entry.offset, 42);
		return Buffer.concat([record, entry.name]);
	});
	const directory = Buffer.concat(records);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(startOffset, 16);
	return Buffer.concat([directory, end]);
}

export function zipStored(entries: ZipEntry[]): Buffer {
	const parts: Buffer[] = [];
	const infos: EntryInfo[] = [];
	let offset = 0;
	for (const entry of entries) {
		checkSize(entry.data.length);
		const info = {
			name: Buffer.from(entry.name, 'utf8'),
			crc: crc32(entry.data),
			size: entry.data.length,
			offset,
		};
		const header = localHeader(info);
		parts.push(header, entry.data);
		infos.push(info);
		offset += header.length + entry.data.length;
	}
	parts.push(centralDirectory(infos, offset));
	return Buffer.concat(parts);
}

async function measure(stream: Readable): Promise<{ crc: number; size: number }> {
	let crc = 0;
	let size = 0;
	for await (const chunk of stream) {
		crc = crc32(chunk as Buffer, crc);
		size += (chunk as Buffer).length;
	}
	return { crc, size };
}

/** Streaming variant: each entry is generated twice (CRC pass, then data), never held whole. */
export function zipStoredStream(entries: ZipStreamEntry[]): Readable {
	async function* generate(): AsyncGenerator<Buffer> {
		const infos: EntryInfo[] = [];
		let offset = 0;
		for (const entry of entries) {
			const { crc, size } = await measure(entry.open());
			checkSize(size);
			const info = { name: Buffer.from(entry.name, 'utf8'), crc, size, offset };
			const header = localHeader(info);
			yield header;
			let sent = 0;
			for await (const chunk of entry.open()) {
				sent += (chunk as Buffer).length;
				yield chunk as Buffer;
			}
			if (sent !== size) throw new Error(`zip entry ${entry.name} changed size between passes`);
			infos.push(info);
			offset += header.length + size;
		}
		yield centralDirectory(infos, offset);
	}
	return Readable.from(generate(), { objectMode: false });
}
