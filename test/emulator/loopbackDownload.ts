import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Downloads an input the emulator was given by URL, but only from this machine (127.0.0.0/8):
 * tests and the demo serve their media on loopback, while a real-looking URL must never make the
 * emulator reach the internet. Time and size are bounded; the bytes go to disk, never to memory.
 */

export interface DownloadLimits {
	timeoutMs: number;
	maxBytes: number;
}

/** http(s) URL whose host is an IPv4 address in 127.0.0.0/8 (the URL parser normalises it). */
export function isLoopbackUrl(url: string): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(parsed.hostname);
}

/**
 * Saves the body of `GET url` to `target`; returns its size, or undefined (and leaves no file)
 * when the URL is not loopback, the answer is not 2xx, or a limit is hit.
 */
export async function downloadFromLoopback(
	url: string,
	target: string,
	limits: DownloadLimits,
): Promise<number | undefined> {
	if (!isLoopbackUrl(url)) return undefined;
	const signal = AbortSignal.timeout(limits.timeoutMs);
	let received = 0;
	try {
		const response = await fetch(url, { signal, redirect: 'error' });
		if (!response.ok || !response.body) {
			await response.body?.cancel();
			return undefined;
		}
		const declared = Number(response.headers.get('content-length'));
		if (Number.isFinite(declared) && declared > limits.maxBytes) {
			await response.body.cancel();
			return undefined;
		}
		const meter = new Transform({
			transform(chunk: Buffer, _encoding, callback) {
				received += chunk.length;
				if (received > limits.maxBytes) callback(new Error('input larger than the limit'));
				else callback(null, chunk);
			},
		});
		const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
		await pipeline(body, meter, createWriteStream(target), { signal });
		return received;
	} catch {
		await rm(target, { force: true });
		return undefined;
	}
}
