// Stands in for the web services the examples notify (their HTTP Request nodes POST a JSON
// message when a video is done): records every request so the demo can show what was sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InboxMessage {
	method: string;
	path: string;
	/** Parsed JSON body, or the raw text when it is not JSON. */
	body: unknown;
}

export interface Inbox {
	/** Base URL, e.g. http://127.0.0.1:40123 */
	url: string;
	messages: InboxMessage[];
	close(): Promise<void>;
}

function parseBody(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** An HTTP server on a free 127.0.0.1 port that answers 200 `{"ok":true}` to everything. */
export async function startInbox(): Promise<Inbox> {
	const messages: InboxMessage[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			messages.push({
				method: request.method ?? '',
				path: request.url ?? '',
				body: parseBody(Buffer.concat(chunks).toString('utf8')),
			});
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		messages,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
