import {
	createServer,
	request as httpRequest,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The harness's own "n8n instance" HTTP server on 127.0.0.1 (random port): it receives resume
 * calls (`/webhook-waiting/...`) and trigger deliveries (`/webhook/...`).
 */
export class HarnessServer {
	private constructor(
		private readonly server: Server,
		/** e.g. http://127.0.0.1:4321/ (trailing slash, like n8n's instance base URL) */
		readonly baseUrl: string,
	) {}

	static async start(handler: Handler): Promise<HarnessServer> {
		const server = createServer((req, res) => {
			handler(req, res).catch((error: Error) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ message: error.message }));
				} else res.end();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		return new HarnessServer(server, `http://127.0.0.1:${port}/`);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

export interface HttpCall {
	method?: string;
	headers?: Record<string, string>;
	/** Raw bytes, text, or a value sent as JSON (content-type set if missing). */
	body?: Buffer | string | object;
}

export interface HttpReply {
	statusCode: number;
	headers: IncomingHttpHeaders;
	body: string;
	/** `body` parsed when it is JSON. */
	json?: unknown;
}

/** A plain HTTP client call over a real socket, as a vendor delivering a webhook would make. */
export async function sendHttp(url: string, call: HttpCall = {}): Promise<HttpReply> {
	const headers: Record<string, string> = { ...(call.headers ?? {}) };
	let payload: Buffer | undefined;
	if (Buffer.isBuffer(call.body)) payload = call.body;
	else if (typeof call.body === 'string') payload = Buffer.from(call.body);
	else if (call.body !== undefined) {
		payload = Buffer.from(JSON.stringify(call.body));
		const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
		if (!hasType) headers['Content-Type'] = 'application/json';
	}
	if (payload) headers['Content-Length'] = String(payload.length);

	return await new Promise<HttpReply>((resolve, reject) => {
		const req = httpRequest(url, { method: call.method ?? 'POST', headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('end', () => {
				const body = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = JSON.parse(body);
				} catch {
					json = undefined;
				}
				resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body, json });
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}
