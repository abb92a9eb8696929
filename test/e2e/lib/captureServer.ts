import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: string;
	/** The body parsed as JSON, when it is JSON. */
	json: unknown;
}

export interface CaptureServer {
	/** Base URL, e.g. http://127.0.0.1:40001 */
	url: string;
	requests: CapturedRequest[];
	/** Resolves once `count` requests (optionally to `path`) have arrived. */
	waitFor(
		count: number,
		options?: { path?: string; timeoutMs?: number },
	): Promise<CapturedRequest[]>;
	close(): Promise<void>;
}

/**
 * A tiny HTTP server that records every request and answers 200 `{"ok":true}`: the local
 * target of the examples' "notify" HTTP Request nodes.
 */
export async function startCaptureServer(): Promise<CaptureServer> {
	const requests: CapturedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = body ? JSON.parse(body) : undefined;
			} catch {
				json = undefined;
			}
			requests.push({
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body,
				json,
			});
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const matching = (path?: string) =>
		requests.filter((request) => path === undefined || request.path === path);
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		async waitFor(count, options = {}) {
			const deadline = Date.now() + (options.timeoutMs ?? 15_000);
			while (matching(options.path).length < count) {
				if (Date.now() > deadline) {
					throw new Error(
						`capture server: ${matching(options.path).length} of ${count} requests to ${options.path ?? '*'} arrived`,
					);
				}
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			return matching(options.path);
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
