/**
 * For the transport tests: a scripted local HTTP server plays the vendor, and `apiRequest` runs
 * inside a real n8n-core execution context (the harness), so authentication, n8n's HTTP client and
 * the cancel signal are the real ones.
 */
import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { VideoDubElevenLabsApi } from '../../credentials/VideoDubElevenLabsApi.credentials';
import { VideoDubSyncLabsApi } from '../../credentials/VideoDubSyncLabsApi.credentials';
import type { ApiRequestOptions } from '../../nodes/shared/transport';
import { apiRequest } from '../../nodes/shared/transport';
import { ELEVEN_LABS } from '../../nodes/elevenLabs/errors';
import { SYNC_LABS } from '../../nodes/sync/errors';
import { NodeHarness } from '../harness';

export const VENDORS = { syncLabs: SYNC_LABS, elevenLabs: ELEVEN_LABS };
export type Vendor = keyof typeof VENDORS;

export type Reply = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
	at: number;
}

/** Answers requests from a script, one reply per request, then the last reply forever. */
export class ScriptedServer {
	readonly seen: Seen[] = [];
	private script: Reply[] = [];
	private readonly sockets = new Set<Socket>();
	private constructor(private readonly server: Server) {}

	static async start(): Promise<ScriptedServer> {
		const scripted: ScriptedServer = new ScriptedServer(
			createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (chunk: Buffer) => chunks.push(chunk));
				req.on('end', () => {
					const body = Buffer.concat(chunks);
					scripted.seen.push({
						method: req.method!,
						url: req.url!,
						headers: req.headers,
						body: body.toString(),
						at: Date.now(),
					});
					const reply = scripted.script.length > 1 ? scripted.script.shift()! : scripted.script[0];
					reply(req, res, body);
				});
			}),
		);
		scripted.server.on('connection', (socket: Socket) => {
			scripted.sockets.add(socket);
			socket.on('close', () => scripted.sockets.delete(socket));
		});
		scripted.server.listen(0, '127.0.0.1');
		await once(scripted.server, 'listening');
		return scripted;
	}

	get url() {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	play(...replies: Reply[]) {
		this.script = replies;
		this.seen.length = 0;
	}

	async close() {
		for (const socket of this.sockets) socket.destroy();
		this.server.close();
		await once(this.server, 'close');
	}
}

export const json =
	(status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
	(_req, res) => {
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(typeof body === 'string' ? body : JSON.stringify(body));
	};
export const reset: Reply = (req) => req.socket.destroy();

export const SYNC_KEY = 'sk_sync_test_secret_key_123';
export const ELEVEN_KEY = 'sk_eleven_test_secret_key_456';
export const WEBHOOK_SECRET = 'whsec_transport_test_secret';
export const FAST = {
	baseDelayMs: 20,
	maxDelayMs: 200,
	maxAttempts: 4,
	maxElapsedMs: 10_000,
	slotWaitMs: 3_000,
};

/** A one-off node whose execute() makes exactly the request under test. */
export function requestNode(vendor: Vendor, options: ApiRequestOptions): INodeType {
	const description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Test-only node',
		defaults: { name: 'Transport Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{
				name: vendor === 'syncLabs' ? 'videoDubSyncLabsApi' : 'videoDubElevenLabsApi',
				required: true,
			},
		],
		properties: [],
	};
	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const response = await apiRequest.call(this, VENDORS[vendor], { retry: FAST, ...options });
			return [[{ json: { statusCode: response.statusCode, body: response.body as never } }]];
		},
	};
}

/** Starts the scripted vendor and the harness before the file's tests and stops them after. */
export function useTransport() {
	const probe = {} as { server: ScriptedServer; harness: NodeHarness };
	beforeAll(async () => {
		probe.server = await ScriptedServer.start();
		probe.harness = await NodeHarness.start({
			credentialTypes: [new VideoDubSyncLabsApi(), new VideoDubElevenLabsApi()],
		});
	});
	afterAll(async () => {
		await probe.harness.close();
		await probe.server.close();
	});
	const run = async (vendor: Vendor, options: ApiRequestOptions, abortSignal?: AbortSignal) =>
		await probe.harness.runNode({
			node: requestNode(vendor, options),
			abortSignal,
			credentials: {
				videoDubSyncLabsApi: {
					apiKey: SYNC_KEY,
					baseUrl: `${probe.server.url}/sync/`,
					webhookSecret: WEBHOOK_SECRET,
				},
				videoDubElevenLabsApi: {
					apiKey: ELEVEN_KEY,
					region: 'custom',
					baseUrl: `${probe.server.url}/el`,
				},
			},
		});
	return { probe, run };
}
