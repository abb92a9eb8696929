import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

import { Mp4Probe, type Mp4ProbeResult } from '../media';

/**
 * Streaming read of the video-to-music multipart body. Video parts are never kept: each chunk is
 * counted and fed to an MP4 prober that holds only box headers and the (small) `moov` box, so a
 * 200 MB upload costs kilobytes. Text fields are kept in order (they are small).
 */

export interface VideoPart {
	/** Position among all parts named like the videos field (files and text), as FastAPI indexes. */
	index: number;
	fileName: string;
	mimeType: string;
	bytes: number;
	/** Undefined when probing was skipped because the size limit was already exceeded. */
	probe?: Mp4ProbeResult;
}

export interface TextVideoPart {
	index: number;
	value: string;
}

export interface VideoToMusicForm {
	videos: VideoPart[];
	/** `videos` parts that were plain text fields (FastAPI: "Expected UploadFile"). */
	textVideos: TextVideoPart[];
	/** Total bytes of all video parts. */
	totalVideoBytes: number;
	/** Text fields in arrival order (other than text `videos`). */
	fields: Array<[string, string]>;
}

export class FormParseError extends Error {}

export interface FormOptions {
	videoFieldNames: string[];
	/** Stop probing (keep counting) once this many video bytes arrived. */
	probeLimitBytes: number;
}

const FIELD_SIZE_LIMIT = 1024 * 1024;

/** Reads a text-like part up to the field size limit (the rest is discarded). */
async function readSmallPart(stream: Readable): Promise<{ value: string; truncated: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	let truncated = false;
	for await (const chunk of stream) {
		const buf = chunk as Buffer;
		if (size + buf.length > FIELD_SIZE_LIMIT) truncated = true;
		if (size < FIELD_SIZE_LIMIT) chunks.push(buf.subarray(0, FIELD_SIZE_LIMIT - size));
		size += buf.length;
	}
	return { value: Buffer.concat(chunks).toString('utf8'), truncated };
}

export function readVideoToMusicForm(
	req: IncomingMessage,
	options: FormOptions,
): Promise<VideoToMusicForm> {
	return new Promise((resolve, reject) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({
				headers: req.headers,
				defParamCharset: 'utf8',
				limits: { fieldSize: FIELD_SIZE_LIMIT },
			});
		} catch (error) {
			reject(new FormParseError((error as Error).message));
			return;
		}
		const form: VideoToMusicForm = { videos: [], textVideos: [], totalVideoBytes: 0, fields: [] };
		let videoIndex = 0;
		let pendingFiles = 0;
		let parserClosed = false;
		let failed = false;
		const settle = () => {
			if (!failed && parserClosed && pendingFiles === 0) resolve(form);
		};
		const fail = (error: Error) => {
			if (failed) return;
			failed = true;
			req.unpipe(parser);
			req.resume();
			reject(error instanceof FormParseError ? error : new FormParseError(error.message));
		};

		const addField = (name: string, value: string, truncated: boolean) => {
			if (options.videoFieldNames.includes(name)) {
				form.textVideos.push({ index: videoIndex++, value });
				return;
			}
			// An over-long field is kept truncated; it is far over every length limit anyway.
			form.fields.push([name, truncated ? value + '\u2026' : value]);
		};

		parser.on('file', (name, stream, info) => {
			if (info.filename === undefined) {
				// busboy makes octet-stream parts files; Starlette needs a filename for that.
				pendingFiles += 1;
				readSmallPart(stream).then(({ value, truncated }) => {
					addField(name, value, truncated);
					pendingFiles -= 1;
					settle();
				}, fail);
				return;
			}
			if (!options.videoFieldNames.includes(name)) {
				stream.resume();
				return;
			}
			const part: VideoPart = {
				index: videoIndex++,
				fileName: info.filename,
				mimeType: info.mimeType,
				bytes: 0,
			};
			const probe = new Mp4Probe();
			let probing = true;
			pendingFiles += 1;
			stream.on('data', (chunk: Buffer) => {
				part.bytes += chunk.length;
				form.totalVideoBytes += chunk.length;
				if (form.totalVideoBytes > options.probeLimitBytes) probing = false;
				if (probing) probe.push(chunk);
			});
			stream.on('end', () => {
				if (probing) part.probe = probe.result();
				form.videos.push(part);
				pendingFiles -= 1;
				settle();
			});
			stream.on('error', fail);
		});
		parser.on('field', (name, value, info) => addField(name, value, info.valueTruncated));
		parser.on('close', () => {
			parserClosed = true;
			settle();
		});
		parser.on('error', (error: Error) => fail(error));
		req.on('error', fail);
		req.on('aborted', () => fail(new Error('request aborted')));
		req.pipe(parser);
	});
}
