import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { BlobStore } from './blobs';
import { drain, headerValue, mediaType } from './http';
import { segmentsStream, type ByteSegment } from './media/byteSegments';

/**
 * The "output storage" host (`/storage`): plays the part of the signed S3 URLs Sync hands out.
 * No API key is needed or checked here; errors are S3-style XML.
 *
 *   PUT  /uploads/{token}          presigned upload of raw bytes (POST /v2/assets/upload)
 *   GET  /files/{key}/{fileName}   uploaded bytes (asset URLs)
 *   GET  /outputs/{name}.mp4       generation outputs
 */

/**
 * A generation's output: pieces (small buffers, ranges of stored files, zero padding) streamed
 * in order, so even a padded 5 GiB output or one built from a 500 MB input is never in memory.
 */
export interface OutputSource {
	size: number;
	segments: ByteSegment[];
}

export interface StorageContext {
	blobs: BlobStore;
	/** Output for `/outputs/{name}`, or undefined when there is no such completed generation. */
	output(name: string): OutputSource | undefined;
	uploadRequiresContentLength(): boolean;
	onUploadReceived(): void;
}

export async function handleStorage(
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	ctx: StorageContext,
): Promise<void> {
	const method = req.method ?? 'GET';
	const upload = /^\/uploads\/([^/]+)$/.exec(path);
	if (upload) {
		if (method !== 'PUT') return s3Error(req, res, 405, 'MethodNotAllowed', 'Use PUT.');
		return receiveUpload(req, res, decodeURIComponent(upload[1]), ctx);
	}
	if (method !== 'GET' && method !== 'HEAD') {
		return s3Error(req, res, 405, 'MethodNotAllowed', 'The method is not allowed.');
	}
	const file = /^\/files\/([^/]+)\/[^/]+$/.exec(path);
	if (file) {
		const stored = ctx.blobs.get(decodeURIComponent(file[1]));
		if (!stored) return s3Error(req, res, 404, 'NoSuchKey', 'The specified key does not exist.');
		return serveBytes(req, res, stored.contentType, stored.size, (range) =>
			createReadStream(stored.path, range ? { start: range[0], end: range[1] } : {}),
		);
	}
	const output = /^\/outputs\/([^/]+)$/.exec(path);
	if (output) {
		const source = ctx.output(decodeURIComponent(output[1]));
		if (!source) return s3Error(req, res, 404, 'NoSuchKey', 'The specified key does not exist.');
		return serveBytes(req, res, 'video/mp4', source.size, (range) =>
			segmentsStream(source.segments, range),
		);
	}
	return s3Error(req, res, 404, 'NoSuchKey', 'The specified key does not exist.');
}

async function receiveUpload(
	req: IncomingMessage,
	res: ServerResponse,
	token: string,
	ctx: StorageContext,
): Promise<void> {
	const pending = ctx.blobs.upload(token);
	if (!pending) return s3Error(req, res, 403, 'AccessDenied', 'Invalid upload URL.');
	if (Date.now() > pending.expiresAt) {
		return s3Error(req, res, 403, 'AccessDenied', 'Request has expired');
	}
	if (mediaType(req) !== pending.contentType.split(';')[0].trim().toLowerCase()) {
		return s3Error(
			req,
			res,
			403,
			'SignatureDoesNotMatch',
			`The request signature we calculated does not match the signature you provided. ` +
				`Content-Type "${headerValue(req, 'content-type') ?? ''}" differs from the signed "${pending.contentType}".`,
		);
	}
	const lengthHeader = headerValue(req, 'content-length');
	if (lengthHeader === undefined && ctx.uploadRequiresContentLength()) {
		return s3Error(
			req,
			res,
			411,
			'MissingContentLength',
			'You must provide the Content-Length HTTP header.',
		);
	}
	if (lengthHeader !== undefined && Number(lengthHeader) !== pending.size) {
		return s3Error(
			req,
			res,
			403,
			'SignatureDoesNotMatch',
			`Content-Length ${lengthHeader} differs from the signed size ${pending.size}.`,
		);
	}
	// Stream to a temp file, counting bytes and hashing for the ETag; nothing is held in memory.
	const target = ctx.blobs.pathFor(pending.fileKey);
	const partial = `${target}.partial`;
	const md5 = createHash('md5');
	let received = 0;
	const meter = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			received += chunk.length;
			md5.update(chunk);
			callback(null, chunk);
		},
	});
	try {
		await pipeline(req, meter, createWriteStream(partial));
	} catch {
		await rm(partial, { force: true });
		return; // client went away; nothing to answer
	}
	if (received !== pending.size) {
		await rm(partial, { force: true });
		return s3Error(
			req,
			res,
			400,
			'IncompleteBody',
			`You did not provide the number of bytes specified (${received} of ${pending.size}).`,
		);
	}
	await rename(partial, target);
	ctx.blobs.add({
		key: pending.fileKey,
		fileName: pending.fileName,
		contentType: pending.contentType,
		size: received,
	});
	ctx.onUploadReceived();
	res.writeHead(200, { ETag: `"${md5.digest('hex')}"`, 'Content-Length': 0 });
	res.end();
}

/** 200 or 206 (single `Range: bytes=a-b`), HEAD without a body. */
function serveBytes(
	req: IncomingMessage,
	res: ServerResponse,
	contentType: string,
	size: number,
	open: (range?: [number, number]) => Readable,
): void {
	const headers: Record<string, string | number> = {
		'Content-Type': contentType,
		'Accept-Ranges': 'bytes',
	};
	let status = 200;
	let range: [number, number] | undefined;
	const rangeHeader = headerValue(req, 'range');
	const match = rangeHeader ? /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim()) : null;
	if (match && (match[1] !== '' || match[2] !== '')) {
		let start = match[1] === '' ? size - Number(match[2]) : Number(match[1]);
		let end = match[1] === '' || match[2] === '' ? size - 1 : Number(match[2]);
		start = Math.max(0, start);
		end = Math.min(size - 1, end);
		if (start > end) {
			res.writeHead(416, { 'Content-Range': `bytes */${size}` });
			res.end();
			return;
		}
		range = [start, end];
		status = 206;
		headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
	}
	headers['Content-Length'] = range ? range[1] - range[0] + 1 : size;
	res.writeHead(status, headers);
	if (req.method === 'HEAD') {
		res.end();
		return;
	}
	const body = open(range);
	body.on('error', () => res.destroy());
	res.on('close', () => body.destroy());
	body.pipe(res);
}

export async function s3Error(
	req: IncomingMessage,
	res: ServerResponse,
	status: number,
	code: string,
	message: string,
): Promise<void> {
	await drain(req);
	if (res.headersSent || res.destroyed) return;
	const xml =
		`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
		`<Message>${escapeXml(message)}</Message></Error>`;
	res.writeHead(status, {
		'Content-Type': 'application/xml',
		'Content-Length': Buffer.byteLength(xml),
	});
	res.end(xml);
}

function escapeXml(text: string): string {
	return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
