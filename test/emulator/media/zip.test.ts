import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

import { musicAudio, zipStored, zipStoredStream } from './index';

async function collect(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

interface ReadEntry {
	name: string;
	data: Buffer;
}

/**
 * A tiny strict ZIP reader: finds the end record, walks the central directory, and checks every
 * local header against it (method stored, sizes, CRC over the actual bytes).
 */
function readZip(zip: Buffer): ReadEntry[] {
	const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	expect(end).toBe(zip.length - 22);
	const count = zip.readUInt16LE(end + 10);
	const directorySize = zip.readUInt32LE(end + 12);
	let offset = zip.readUInt32LE(end + 16);
	expect(offset + directorySize).toBe(end);
	const entries: ReadEntry[] = [];
	for (let i = 0; i < count; i++) {
		expect(zip.readUInt32LE(offset)).toBe(0x02014b50);
		expect(zip.readUInt16LE(offset + 10)).toBe(0);
		const crc = zip.readUInt32LE(offset + 16);
		const size = zip.readUInt32LE(offset + 20);
		expect(zip.readUInt32LE(offset + 24)).toBe(size);
		const nameLength = zip.readUInt16LE(offset + 28);
		const extra = zip.readUInt16LE(offset + 30);
		const comment = zip.readUInt16LE(offset + 32);
		const local = zip.readUInt32LE(offset + 42);
		const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
		offset += 46 + nameLength + extra + comment;

		expect(zip.readUInt32LE(local)).toBe(0x04034b50);
		expect(zip.readUInt16LE(local + 6) & 0x08).toBe(0);
		expect(zip.readUInt16LE(local + 8)).toBe(0);
		expect(zip.readUInt32LE(local + 14)).toBe(crc);
		expect(zip.readUInt32LE(local + 18)).toBe(size);
		const localNameLength = zip.readUInt16LE(local + 26);
		expect(zip.toString('utf8', local + 30, local + 30 + localNameLength)).toBe(name);
		const dataStart = local + 30 + localNameLength + zip.readUInt16LE(local + 28);
		const data = zip.subarray(dataStart, dataStart + size);
		expect(crc32(data)).toBe(crc);
		entries.push({ name, data });
	}
	expect(offset).toBe(end);
	return entries;
}

describe('zipStored', () => {
	it('writes a readable stored archive with correct CRCs', () => {
		const entries = [
			{ name: 'music.mp3', data: Buffer.from('first entry') },
			{ name: 'sfx.mp3', data: Buffer.alloc(70_000, 7) },
			{ name: 'empty.txt', data: Buffer.alloc(0) },
			{ name: 'ünïcode.txt', data: Buffer.from('x') },
		];
		const read = readZip(zipStored(entries));
		expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
		read.forEach((entry, i) => expect(entry.data.equals(entries[i].data)).toBe(true));
	});

	it('streams the same bytes as the buffer variant, from generated audio', async () => {
		const music = musicAudio('opus_48000_64', 3);
		const sfx = musicAudio('opus_48000_64', 3, { track: 'sfx' });
		const streamed = await collect(
			zipStoredStream([
				{ name: 'music.opus', open: () => music.stream() },
				{ name: 'sfx.opus', open: () => sfx.stream() },
			]),
		);
		const buffered = zipStored([
			{ name: 'music.opus', data: await collect(music.stream()) },
			{ name: 'sfx.opus', data: await collect(sfx.stream()) },
		]);
		expect(streamed.equals(buffered)).toBe(true);
		const read = readZip(streamed);
		expect(read.map((e) => e.data.length)).toEqual([music.byteLength, sfx.byteLength]);
	});
});
