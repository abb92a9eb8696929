import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streaming multipart/form-data parsing with busboy. Files go either to a file on disk (large
 * media) or into a bounded buffer (batch JSONL); bytes beyond `fileSizeLimit` are discarded and
 * the file is flagged `truncated`, so the caller can answer 413 after the body was consumed.
 */

export interface MultipartFile {
	field: string;
	fileName: string;
	mimeType: string;
	/** Bytes received (up to the limit). */
	size: number;
	truncated: boolean;
	sha256: string;
	path?: string;
	buffer?: Buffer;
}

export interface MultipartForm {
	fields: Array<[string, string]>;
	files: MultipartFile[];
}

export class MultipartError extends Error {}

export interface MultipartOptions {
	fileSizeLimit: number;
	/** Where a file part goes: a path on disk, 'buffer', or 'skip' (drained and ignored). */
	destination: (field: string, fileName: string) => string | 'buffer' | 'skip';
	fieldSizeLimit?: number;
}

export function isMultipart(req: IncomingMessage): boolean {
	return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

export async function parseMultipart(
	req: IncomingMessage,
	options: MultipartOptions,
): Promise<MultipartForm> {
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: req.headers,
			limits: { fileSize: options.fileSizeLimit, fieldSize: options.fieldSizeLimit ?? 1024 * 1024 },
		});
	} catch (error) {
		throw new MultipartError((error as Error).message);
	}
	const form: MultipartForm = { fields: [], files: [] };
	const writes: Array<Promise<void>> = [];
	const done = new Promise<void>((resolve, reject) => {
		parser.on('field', (name, value) => form.fields.push([name, value]));
		parser.on('file', (field, stream, info) => {
			const target = options.destination(field, info.filename ?? '');
			if (target === 'skip') {
				stream.resume();
				return;
			}
			const file: MultipartFile = {
				field,
				fileName: info.filename ?? '',
				mimeType: info.mimeType,
				size: 0,
				truncated: false,
				sha256: '',
			};
			form.files.push(file);
			const hash = createHash('sha256');
			stream.on('limit', () => (file.truncated = true));
			const meter = new Transform({
				transform(chunk: Buffer, _encoding, callback) {
					file.size += chunk.length;
					hash.update(chunk);
					callback(null, chunk);
				},
			});
			if (target === 'buffer') {
				const chunks: Buffer[] = [];
				meter.on('data', (chunk: Buffer) => chunks.push(chunk));
				writes.push(
					pipeline(stream, meter).then(() => {
						file.buffer = Buffer.concat(chunks);
						file.sha256 = hash.digest('hex');
					}),
				);
			} else {
				file.path = target;
				writes.push(
					pipeline(stream, meter, createWriteStream(target)).then(() => {
						file.sha256 = hash.digest('hex');
					}),
				);
			}
		});
		parser.on('error', (error: Error) => reject(new MultipartError(error.message)));
		parser.on('close', () => resolve());
	});
	req.pipe(parser);
	try {
		await done;
		await Promise.all(writes);
	} catch (error) {
		req.unpipe(parser);
		req.resume();
		throw error instanceof MultipartError ? error : new MultipartError((error as Error).message);
	}
	return form;
}
