import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small HTTP helpers shared by every part of the emulator. */

export class BodyTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`Request body larger than ${limit} bytes`);
	}
}

/** Reads the whole body (for JSON routes); over `limit` the rest is drained and an error thrown. */
export async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	for await (const chunk of req) {
		const buf = chunk as Buffer;
		size += buf.length;
		if (size > limit) tooLarge = true;
		if (!tooLarge) chunks.push(buf);
	}
	if (tooLarge) throw new BodyTooLargeError(limit);
	return Buffer.concat(chunks);
}

/** Consumes whatever is left of the request so the response is not answered with a reset. */
export async function drain(req: IncomingMessage): Promise<void> {
	if (req.readableEnded || req.destroyed) return;
	await new Promise<void>((resolve) => {
		req.on('end', resolve);
		req.on('error', () => resolve());
		req.on('close', () => resolve());
		req.resume();
	});
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string | number> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function sendText(
	res: ServerResponse,
	status: number,
	text: string,
	contentType = 'text/plain; charset=utf-8',
	headers: Record<string, string | number> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, {
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function mediaType(req: IncomingMessage): string {
	return (headerValue(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** All values of a query parameter, accepting repeated params, comma lists and JSON-array strings. */
export function queryList(query: URLSearchParams, name: string): string[] | undefined {
	const raw = query.getAll(name);
	if (raw.length === 0) return undefined;
	const values: string[] = [];
	for (const item of raw) {
		const trimmed = item.trim();
		if (trimmed.startsWith('[')) {
			try {
				const parsed: unknown = JSON.parse(trimmed);
				if (Array.isArray(parsed)) {
					values.push(...parsed.map((v) => String(v)));
					continue;
				}
			} catch {
				// not JSON: fall through to the comma split
			}
		}
		values.push(...trimmed.split(','));
	}
	return values.map((v) => v.trim()).filter((v) => v.length > 0);
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
