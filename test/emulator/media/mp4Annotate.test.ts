import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	bufferSegment,
	fileSegment,
	freeBoxPadding,
	readSegments,
	segmentsLength,
	type ByteSegment,
} from './byteSegments';
import { lipsyncOutputMp4, readFixture, sampleVideo2Mp4, sampleVideoMp4 } from './index';
import { annotateMp4, type Mp4Label } from './mp4Annotate';
import { box, childBoxes } from './mp4Boxes';
import { readMovie, timedTexts } from './mp4Inspect';

const label: Mp4Label = {
	subtitle: 'Sync Labs emulator · lipsync-2\ndubbed into Spanish (es)\ngeneration 1a2b',
	title: 'face.mp4 · dubbed into Spanish (es)',
	comment: 'Sync Labs emulator · lipsync-2 · dubbed into Spanish (es) · generation 1a2b',
};

async function annotated(input: ByteSegment[], with_ = label) {
	const result = await annotateMp4(input, with_);
	if (!result) throw new Error('not annotated');
	return { ...result, file: await readSegments(result.segments, 0, result.size) };
}

/** Every sample of every input track has the same bytes in the output. */
function expectSameSamples(input: Buffer, output: Buffer): void {
	const before = readMovie(input).tracks;
	const after = readMovie(output).tracks;
	for (const [i, track] of before.entries()) {
		expect(after[i].samples.length).toBe(track.samples.length);
		track.samples.forEach((sample, k) => {
			const moved = after[i].samples[k];
			expect(moved.size).toBe(sample.size);
			const original = input.subarray(sample.offset, sample.offset + sample.size);
			expect(output.subarray(moved.offset, moved.offset + moved.size).equals(original)).toBe(true);
		});
	}
}

/** The fixture rearranged as ftyp, free, mdat, moov (moov last, as without `-movflags faststart`). */
function moovLast(file: Buffer): Buffer {
	const spans = childBoxes(file)!;
	const part = (type: string) => {
		const span = spans.find((s) => s.type === type)!;
		return file.subarray(span.start, span.end);
	};
	const moov = Buffer.from(part('moov'));
	const shift = moov.length;
	// Rewrite every stco entry: the media moved forward by the size of moov.
	for (let at = moov.indexOf('stco'); at >= 0; at = moov.indexOf('stco', at + 4)) {
		const count = moov.readUInt32BE(at + 8);
		for (let i = 0; i < count; i++) {
			const entry = at + 12 + i * 4;
			moov.writeUInt32BE(moov.readUInt32BE(entry) - shift, entry);
		}
	}
	return Buffer.concat([part('ftyp'), part('free'), part('mdat'), moov]);
}

describe('annotateMp4', () => {
	it('adds an enabled tx3g subtitle track and title/comment, keeping every sample (faststart input)', async () => {
		const input = sampleVideoMp4();
		const { file, size, durationSeconds, trackCount } = await annotated([bufferSegment(input)]);
		expect(file.length).toBe(size);
		expect(durationSeconds).toBeCloseTo(4, 2);
		const movie = readMovie(file);
		expect(movie.durationSeconds).toBeCloseTo(4, 2);
		expect(movie.tracks.map((t) => [t.handler, t.codec, t.enabled])).toEqual([
			['vide', 'avc1', true],
			['soun', 'mp4a', true],
			['sbtl', 'tx3g', true],
		]);
		expect(trackCount).toBe(3);
		const subtitle = movie.tracks[2];
		expect(subtitle.trackId).toBe(3);
		expect(movie.nextTrackId).toBe(4);
		expect(subtitle.mediaDuration / subtitle.mediaTimescale).toBeCloseTo(4, 2);
		expect([subtitle.width, subtitle.height]).toEqual([256, 192]);
		expect(timedTexts(file, movie)).toEqual([label.subtitle]);
		expect(movie.title).toBe(label.title);
		expect(movie.comment).toBe(label.comment);
		expectSameSamples(input, file);
		// The input's own metadata (ffmpeg's encoder tag) is kept beside ours.
		expect(file.includes(Buffer.from('\xa9too', 'latin1'))).toBe(true);
		// The subtitle sample sits in its own mdat at the very end.
		expect(
			file.toString('latin1', size - subtitle.samples[0].size - 4, size - subtitle.samples[0].size),
		).toBe('mdat');
	});

	it('leaves chunk offsets alone when moov comes after the media', async () => {
		const input = moovLast(sampleVideo2Mp4());
		expect(readMovie(input).durationSeconds).toBeCloseTo(2.52, 2);
		const { file } = await annotated([bufferSegment(input)]);
		expect(readMovie(file).tracks).toHaveLength(3);
		expect(timedTexts(file, readMovie(file))).toEqual([label.subtitle]);
		expectSameSamples(input, file);
		// Still moov after the media; the subtitle sample follows in a second mdat.
		expect(childBoxes(file)!.map((span) => span.type)).toEqual([
			'ftyp',
			'free',
			'mdat',
			'moov',
			'mdat',
		]);
	});

	it('is deterministic, and other words give other bytes', async () => {
		const input = [bufferSegment(lipsyncOutputMp4())];
		const first = (await annotated(input)).file;
		expect((await annotated(input)).file.equals(first)).toBe(true);
		const other = await annotated(input, {
			...label,
			subtitle: label.subtitle.replace('es', 'fr'),
		});
		expect(other.file.equals(first)).toBe(false);
	});

	it('references a file input and its padding instead of reading them', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'annotate-'));
		try {
			const input = sampleVideoMp4();
			const filePath = path.join(dir, 'input.mp4');
			writeFileSync(filePath, input);
			const padding = freeBoxPadding(300 * 1024 * 1024);
			const result = await annotateMp4([fileSegment(filePath, input.length), ...padding], label);
			expect(result!.size).toBeGreaterThan(input.length + 300 * 1024 * 1024);
			expect(result!.durationSeconds).toBeCloseTo(4, 2);
			const inMemory = result!.segments
				.filter((s) => s.kind === 'buffer')
				.reduce((sum, s) => sum + segmentsLength([s]), 0);
			expect(inMemory).toBeLessThan(64 * 1024);
			expect(result!.segments.some((s) => s.kind === 'file')).toBe(true);
			expect(result!.segments.some((s) => s.kind === 'zeros' && s.length > 299 * 1024 * 1024)).toBe(
				true,
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses what it cannot rewrite safely', async () => {
		const notMp4 = [
			Buffer.from('just some text, not a video'),
			readFixture('sample-face.png'),
			readFixture('sample-speech.mp3'),
			Buffer.concat([box('ftyp', Buffer.from('isom')), box('moof', Buffer.alloc(8))]),
			sampleVideoMp4().subarray(0, 3000),
		];
		for (const data of notMp4) {
			expect(await annotateMp4([bufferSegment(data)], label)).toBeUndefined();
		}
	});

	it('plays in ffprobe/ffmpeg with the subtitle shown (only where ffmpeg is installed)', async () => {
		const probe = spawnSync('ffprobe', ['-version']);
		if (probe.error) return; // not installed: the checks above stand on their own
		const dir = mkdtempSync(path.join(tmpdir(), 'annotate-'));
		try {
			const out = path.join(dir, 'out.mp4');
			writeFileSync(out, (await annotated([bufferSegment(sampleVideoMp4())])).file);
			const streams = spawnSync('ffprobe', [
				'-v',
				'error',
				'-show_entries',
				'stream=codec_type,codec_name:stream_disposition=default:format_tags=title,comment',
				'-of',
				'json',
				out,
			]);
			const info = JSON.parse(streams.stdout.toString());
			expect(info.streams.map((s: { codec_name: string }) => s.codec_name)).toEqual([
				'h264',
				'aac',
				'mov_text',
			]);
			expect(info.streams[2].disposition.default).toBe(1);
			expect(info.format.tags).toEqual({ title: label.title, comment: label.comment });
			const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-']);
			expect(decode.status).toBe(0);
			expect(decode.stderr.toString()).toBe('');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
