import type { Readable } from 'node:stream';

import {
	largeMp4Stream,
	lipsyncOutputMp4,
	Mp4Probe,
	mp4DurationSeconds,
	sampleVideo2Mp4,
	sampleVideoMp4,
} from './index';

function box(type: string, payload: Buffer): Buffer {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(payload.length + 8, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, payload]);
}

function largeBox(type: string, payload: Buffer): Buffer {
	const header = Buffer.alloc(16);
	header.writeUInt32BE(1, 0);
	header.write(type, 4, 'latin1');
	header.writeBigUInt64BE(BigInt(payload.length + 16), 8);
	return Buffer.concat([header, payload]);
}

function mvhdV0(timescale: number, duration: number): Buffer {
	const payload = Buffer.alloc(100);
	payload.writeUInt32BE(timescale, 12);
	payload.writeUInt32BE(duration, 16);
	return box('mvhd', payload);
}

function mvhdV1(timescale: number, duration: bigint): Buffer {
	const payload = Buffer.alloc(112);
	payload[0] = 1;
	payload.writeUInt32BE(timescale, 20);
	payload.writeBigUInt64BE(duration, 24);
	return box('mvhd', payload);
}

const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2avc1mp41', 'latin1'));

/** The `moov` box of a real fixture, so tests can build other layouts around it. */
function moovOf(file: Buffer): Buffer {
	let offset = 0;
	while (offset < file.length) {
		const size = file.readUInt32BE(offset);
		if (file.toString('latin1', offset + 4, offset + 8) === 'moov') {
			return file.subarray(offset, offset + size);
		}
		offset += size;
	}
	throw new Error('no moov');
}

async function collect(stream: Readable): Promise<Buffer[]> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return chunks;
}

function probeInChunks(data: Buffer, chunkSize: number): ReturnType<Mp4Probe['result']> {
	const probe = new Mp4Probe();
	for (let offset = 0; offset < data.length; offset += chunkSize) {
		probe.push(data.subarray(offset, offset + chunkSize));
	}
	return probe.result();
}

describe('mp4DurationSeconds', () => {
	it('reads the fixtures', () => {
		expect(mp4DurationSeconds(sampleVideoMp4())).toBeCloseTo(4, 2);
		expect(mp4DurationSeconds(lipsyncOutputMp4())).toBeCloseTo(4, 2);
		expect(mp4DurationSeconds(sampleVideo2Mp4())).toBeCloseTo(2.52, 2);
	});

	it('parses version 0 and version 1 mvhd', () => {
		expect(mp4DurationSeconds(Buffer.concat([ftyp, box('moov', mvhdV0(600, 4500))]))).toBe(7.5);
		const v1 = Buffer.concat([ftyp, box('moov', mvhdV1(1000, 5_000_000_000n))]);
		expect(mp4DurationSeconds(v1)).toBe(5_000_000);
	});

	it('follows 64-bit box sizes and accepts a bare moov box', () => {
		const file = Buffer.concat([
			ftyp,
			largeBox('mdat', Buffer.alloc(100)),
			box('moov', mvhdV0(10, 25)),
		]);
		expect(mp4DurationSeconds(file)).toBe(2.5);
		expect(mp4DurationSeconds(box('moov', mvhdV0(10, 25)))).toBe(2.5);
	});

	it('returns undefined without moov/mvhd or for other data', () => {
		expect(mp4DurationSeconds(Buffer.alloc(0))).toBeUndefined();
		expect(mp4DurationSeconds(Buffer.from('RIFF....WAVEfmt '))).toBeUndefined();
		expect(
			mp4DurationSeconds(Buffer.concat([ftyp, box('moov', box('trak', Buffer.alloc(8)))])),
		).toBeUndefined();
		expect(mp4DurationSeconds(Buffer.concat([ftyp, box('moov', mvhdV0(0, 25))]))).toBeUndefined();
	});
});

describe('Mp4Probe', () => {
	it('finds the duration whatever the chunking', () => {
		for (const size of [1, 7, 13, 1000, 1 << 20]) {
			const result = probeInChunks(sampleVideoMp4(), size);
			expect(result.decodable).toBe(true);
			expect(result.durationSeconds).toBeCloseTo(4, 2);
			expect(result.bytes).toBe(sampleVideoMp4().length);
		}
	});

	it('handles moov after a large mdat (no faststart) and 64-bit sizes', () => {
		const moov = moovOf(sampleVideo2Mp4());
		const file = Buffer.concat([ftyp, largeBox('mdat', Buffer.alloc(300_000)), moov]);
		const result = probeInChunks(file, 4096);
		expect(result.decodable).toBe(true);
		expect(result.durationSeconds).toBeCloseTo(2.52, 2);
	});

	it('rejects non-MP4 data and truncated files', () => {
		expect(probeInChunks(Buffer.from('this is not a video at all, just text'), 5).decodable).toBe(
			false,
		);
		expect(probeInChunks(Buffer.alloc(5000), 100).decodable).toBe(false);
		const moov = moovOf(sampleVideoMp4());
		const cut = Buffer.concat([ftyp, moov.subarray(0, moov.length - 10)]);
		expect(probeInChunks(cut, 64).decodable).toBe(false);
		expect(probeInChunks(Buffer.concat([ftyp, box('mdat', Buffer.alloc(10))]), 3).decodable).toBe(
			false,
		);
	});
});

describe('largeMp4Stream', () => {
	it('pads the fixture with a free box to exactly the requested size, lazily', async () => {
		const base = sampleVideoMp4();
		const total = 3 * 1024 * 1024 + 5;
		const chunks = await collect(largeMp4Stream(total));
		const file = Buffer.concat(chunks);
		expect(file.length).toBe(total);
		expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(64 * 1024);
		expect(file.subarray(0, base.length).equals(base)).toBe(true);
		expect(file.readUInt32BE(base.length)).toBe(total - base.length);
		expect(file.toString('latin1', base.length + 4, base.length + 8)).toBe('free');
		expect(mp4DurationSeconds(file)).toBeCloseTo(4, 2);
		expect(probeInChunks(file, 65536).decodable).toBe(true);
	});

	it('returns the bare fixture for its own size and refuses impossible sizes', async () => {
		const base = sampleVideoMp4();
		expect(Buffer.concat(await collect(largeMp4Stream(base.length))).equals(base)).toBe(true);
		expect(() => largeMp4Stream(base.length + 3)).toThrow(RangeError);
		expect(() => largeMp4Stream(base.length - 1)).toThrow(RangeError);
	});

	it('uses a 64-bit free box beyond 4 GiB (checked without reading it all)', async () => {
		const base = lipsyncOutputMp4();
		const total = 5 * 1024 ** 3;
		const stream = largeMp4Stream(total, base);
		const head: Buffer[] = [];
		let size = 0;
		for await (const chunk of stream) {
			head.push(chunk as Buffer);
			size += (chunk as Buffer).length;
			if (size >= base.length + 16) break;
		}
		stream.destroy();
		const start = Buffer.concat(head);
		expect(start.readUInt32BE(base.length)).toBe(1);
		expect(start.toString('latin1', base.length + 4, base.length + 8)).toBe('free');
		expect(start.readBigUInt64BE(base.length + 8)).toBe(BigInt(total - base.length));
	});
});
