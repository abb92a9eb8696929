import { Readable } from 'node:stream';

import { PROBE_BUDGET_BYTES, mp4DurationSeconds } from '../../../nodes/shared/mp4Duration';

function box(type: string, body: Buffer): Buffer {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(body.length + 8, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, body]);
}

function mvhd(version: 0 | 1, timescale: number, duration: number): Buffer {
	const body = Buffer.alloc(version === 1 ? 108 : 96);
	body[0] = version;
	if (version === 1) {
		body.writeUInt32BE(timescale, 20);
		body.writeBigUInt64BE(BigInt(duration), 24);
	} else {
		body.writeUInt32BE(timescale, 12);
		body.writeUInt32BE(duration, 16);
	}
	return box('mvhd', body);
}

const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'));
const moov = (header: Buffer) =>
	box('moov', Buffer.concat([box('udta', Buffer.alloc(12)), header]));

/** A stream that records how much of it was read and whether it was closed. */
function trackedStream(data: Buffer, chunkSize = 64 * 1024) {
	let offset = 0;
	const stream = new Readable({
		read() {
			if (offset >= data.length) {
				this.push(null);
				return;
			}
			this.push(data.subarray(offset, offset + chunkSize));
			offset += chunkSize;
		},
	});
	return { stream, readBytes: () => Math.min(offset, data.length) };
}

describe('mp4DurationSeconds', () => {
	it('reads a version 0 mvhd from a fast-start file, from a buffer and from a stream', async () => {
		const file = Buffer.concat([
			ftyp,
			moov(mvhd(0, 1000, 12_500)),
			box('mdat', Buffer.alloc(300_000)),
		]);
		expect(await mp4DurationSeconds(file)).toBe(12.5);
		const { stream, readBytes } = trackedStream(file, 1024);
		expect(await mp4DurationSeconds(stream)).toBe(12.5);
		// It stops as soon as the header is read and closes the stream.
		expect(readBytes()).toBeLessThan(10_000);
		expect(stream.destroyed).toBe(true);
	});

	it('reads a version 1 mvhd and skips small boxes before moov', async () => {
		const file = Buffer.concat([
			ftyp,
			box('free', Buffer.alloc(5000)),
			box('mdat', Buffer.alloc(100_000)),
			moov(mvhd(1, 90_000, 90_000 * 61)),
		]);
		expect(await mp4DurationSeconds(trackedStream(file, 777).stream)).toBe(61);
	});

	it('gives up (unknown) when moov sits behind more media data than the probe budget', async () => {
		const mdat = box('mdat', Buffer.alloc(PROBE_BUDGET_BYTES + 10));
		const file = Buffer.concat([ftyp, mdat, moov(mvhd(0, 1000, 5000))]);
		const { stream, readBytes } = trackedStream(file);
		expect(await mp4DurationSeconds(stream)).toBeUndefined();
		expect(readBytes()).toBeLessThan(128 * 1024);
	});

	it('is unknown for other files, truncated files and files without a duration', async () => {
		expect(await mp4DurationSeconds(Buffer.from('RIFF....AVI LIST'))).toBeUndefined();
		expect(await mp4DurationSeconds(Buffer.alloc(0))).toBeUndefined();
		expect(await mp4DurationSeconds(ftyp.subarray(0, 12))).toBeUndefined();
		expect(await mp4DurationSeconds(Buffer.concat([ftyp, moov(mvhd(0, 1000, 0))]))).toBeUndefined();
		expect(await mp4DurationSeconds(Buffer.concat([ftyp, moov(mvhd(0, 0, 10))]))).toBeUndefined();
		expect(
			await mp4DurationSeconds(Buffer.concat([ftyp, box('mdat', Buffer.alloc(10))])),
		).toBeUndefined();
	});
});
