// Recognises the media files the demo produces by their first bytes, so that "it wrote a file" can
// be told apart from "it wrote a playable file" (an error page saved as .mp4 is not a video).
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export type MediaKind = 'MP4' | 'MP3' | 'WAV' | 'ZIP' | 'unknown';

/** The kind of media a file holds, judged by its header (not its name). */
export function mediaKindOf(header: Buffer): MediaKind {
	// ISO-BMFF (MP4/MOV): the first box is `ftyp`, its type at bytes 4..8.
	if (header.length >= 8 && header.subarray(4, 8).toString('latin1') === 'ftyp') return 'MP4';
	// MP3: an ID3v2 tag, or straight into an MPEG audio frame (11 set sync bits).
	if (header.length >= 3 && header.subarray(0, 3).toString('latin1') === 'ID3') return 'MP3';
	if (header.length >= 2 && header[0] === 0xff && (header[1] & 0xe0) === 0xe0) return 'MP3';
	if (header.length >= 12 && header.subarray(0, 4).toString('latin1') === 'RIFF') {
		if (header.subarray(8, 12).toString('latin1') === 'WAVE') return 'WAV';
	}
	if (header.length >= 4 && header.readUInt32BE(0) === 0x504b0304) return 'ZIP';
	return 'unknown';
}

function readHeader(file: string, bytes = 16): Buffer {
	const buffer = Buffer.alloc(bytes);
	const fd = openSync(file, 'r');
	try {
		const read = readSync(fd, buffer, 0, bytes, 0);
		return buffer.subarray(0, read);
	} finally {
		closeSync(fd);
	}
}

export interface MediaFile {
	/** Absolute path. */
	path: string;
	size: number;
	kind: MediaKind;
}

/** Every regular file of a folder (not recursive), sorted by name, with size and media kind. */
export function listMediaFiles(dir: string): MediaFile[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names
		.sort()
		.map((name) => path.join(dir, name))
		.filter((file) => statSync(file).isFile())
		.map((file) => ({
			path: file,
			size: statSync(file).size,
			kind: mediaKindOf(readHeader(file)),
		}));
}

/** 1234567 -> "1.2 MB". */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
