/**
 * The shared transport over real sockets: a scripted local HTTP server plays the vendor, and
 * `apiRequest` runs inside a real n8n-core execution context (the harness), so authentication,
 * n8n's HTTP client and the cancel signal are the real ones.
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
import { NodeApiError } from 'n8n-workflow';

import { VideoDubElevenLabsApi } from '../../credentials/VideoDubElevenLabsApi.credentials';
import { VideoDubSyncLabsApi } from '../../credentials/VideoDubSyncLabsApi.credentials';
import type { ApiRequestOptions } from '../../nodes/shared/transport';
import { apiRequest } from '../../nodes/shared/transport';
import { ELEVEN_LABS } from '../../nodes/elevenLabs/errors';
import { SYNC_LABS } from '../../nodes/sync/errors';
import { NodeHarness } from '../harness';

const VENDORS = { syncLabs: SYNC_LABS, elevenLabs: ELEVEN_LABS };
type Vendor = keyof typeof VENDORS;

type Reply = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
	at: number;
}

/** Answers requests from a script, one reply per request, then the last reply forever. */
class ScriptedServer {
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

const json =
	(status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
	(_req, res) => {
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(typeof body === 'string' ? body : JSON.stringify(body));
	};
const reset: Reply = (req) => req.socket.destroy();

const SYNC_KEY = 'sk_sync_test_secret_key_123';
const ELEVEN_KEY = 'sk_eleven_test_secret_key_456';
const WEBHOOK_SECRET = 'whsec_transport_test_secret';
const FAST = {
	baseDelayMs: 20,
	maxDelayMs: 200,
	maxAttempts: 4,
	maxElapsedMs: 10_000,
	slotWaitMs: 3_000,
};

/** A one-off node whose execute() makes exactly the request under test. */
function requestNode(vendor: Vendor, options: ApiRequestOptions): INodeType {
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

describe('transport', () => {
	let server: ScriptedServer;
	let harness: NodeHarness;

	beforeAll(async () => {
		server = await ScriptedServer.start();
		harness = await NodeHarness.start({
			credentialTypes: [new VideoDubSyncLabsApi(), new VideoDubElevenLabsApi()],
		});
	});
	afterAll(async () => {
		await harness.close();
		await server.close();
	});

	const run = async (vendor: Vendor, options: ApiRequestOptions, abortSignal?: AbortSignal) =>
		await harness.runNode({
			node: requestNode(vendor, options),
			abortSignal,
			credentials: {
				videoDubSyncLabsApi: {
					apiKey: SYNC_KEY,
					baseUrl: `${server.url}/sync/`,
					webhookSecret: WEBHOOK_SECRET,
				},
				videoDubElevenLabsApi: {
					apiKey: ELEVEN_KEY,
					region: 'custom',
					baseUrl: `${server.url}/el`,
				},
			},
		});

	it('sends the vendor key header to the credential base URL and parses JSON', async () => {
		server.play(json(200, { ok: true }));
		const sync = await run('syncLabs', { method: 'GET', path: '/v2/models' });
		expect(sync.output?.[0][0].json).toEqual({ statusCode: 200, body: { ok: true } });
		expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/sync/v2/models' });
		expect(server.seen[0].headers['x-api-key']).toBe(SYNC_KEY);

		server.play(json(200, { tier: 'creator' }));
		await run('elevenLabs', { method: 'GET', path: '/v1/user/subscription' });
		expect(server.seen[0].url).toBe('/el/v1/user/subscription');
		expect(server.seen[0].headers['xi-api-key']).toBe(ELEVEN_KEY);
		expect(server.seen[0].headers['x-api-key']).toBeUndefined();
	});

	it('retries a GET after 5xx with growing delays, then succeeds', async () => {
		server.play(json(500, { message: 'boom' }), json(502, 'bad gateway'), json(200, { ok: 1 }));
		const result = await run('syncLabs', { method: 'GET', path: '/v2/generate/g1' });
		expect(result.error).toBeUndefined();
		expect(server.seen).toHaveLength(3);
		const gaps = [server.seen[1].at - server.seen[0].at, server.seen[2].at - server.seen[1].at];
		expect(gaps[0]).toBeGreaterThanOrEqual(9); // first backoff: 10–20 ms
		expect(gaps[1]).toBeGreaterThanOrEqual(19); // second: 20–40 ms
	});

	it('gives up after the bounded number of attempts with the vendor error', async () => {
		server.play(
			json(503, { statusCode: 503, message: 'maintenance', errorCode: 'controller_unavailable' }),
		);
		const result = await run('syncLabs', { method: 'GET', path: '/v2/generations' });
		expect(server.seen).toHaveLength(FAST.maxAttempts);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Sync Labs: maintenance');
		expect((result.error as NodeApiError).httpCode).toBe('503');
	});

	it('never replays a POST without an Idempotency-Key after a 5xx or a dropped connection', async () => {
		server.play(json(500, { message: 'maybe created' }), json(200, {}));
		const afterError = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: { model: 'x' },
		});
		expect(server.seen).toHaveLength(1);
		expect(afterError.error?.message).toBe('Sync Labs: maybe created');

		server.play(reset, json(200, {}));
		const afterReset = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: { model: 'x' },
		});
		expect(server.seen).toHaveLength(1);
		// Sent, answer lost: the message says what is known, not that Sync was unreachable.
		expect(afterReset.error?.message).toMatch(
			/^Sync Labs received the request but its answer was lost/,
		);
		expect((afterReset.error as NodeApiError).description).toContain(
			'may have done the work and charged for it',
		);
	});

	it('says nothing was sent when the connection was never made', async () => {
		const unreachable = await harness.runNode({
			node: requestNode('syncLabs', {
				method: 'POST',
				path: '/v2/generate',
				body: {},
				retry: FAST,
			}),
			credentials: { videoDubSyncLabsApi: { apiKey: SYNC_KEY, baseUrl: 'http://127.0.0.1:9' } },
		});
		expect(unreachable.error?.message).toBe('Could not reach Sync Labs (connection refused)');
		expect((unreachable.error as NodeApiError).description).toContain('Nothing was sent.');
		expect((unreachable.error as NodeApiError).description).not.toContain(SYNC_KEY);
	});

	it('replays a POST that carries an Idempotency-Key, with the same key each time', async () => {
		server.play(
			reset,
			json(503, { message: 'IDEMPOTENCY_OUTCOME_UNKNOWN' }),
			json(201, { id: 'gen-1' }),
		);
		const result = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: { model: 'lipsync-2' },
			idempotencyKey: 'n8n-key-1',
		});
		expect(result.output?.[0][0].json.body).toEqual({ id: 'gen-1' });
		expect(server.seen).toHaveLength(3);
		expect(server.seen.map((seen) => seen.headers['idempotency-key'])).toEqual([
			'n8n-key-1',
			'n8n-key-1',
			'n8n-key-1',
		]);
	});

	it('honours Retry-After on a rate-limit 429, even for a POST without a key (a 429 created nothing)', async () => {
		server.play(
			json(
				429,
				{
					statusCode: 429,
					errorCode: 'rate_limit_exceeded',
					message: 'slow down',
					error: 'Too Many Requests',
				},
				{ 'retry-after': '1' },
			),
			json(201, { id: 'gen-2' }),
		);
		const result = await run('syncLabs', { method: 'POST', path: '/v2/generate', body: {} });
		expect(result.error).toBeUndefined();
		expect(server.seen[1].at - server.seen[0].at).toBeGreaterThanOrEqual(950);
	});

	it('waits for a slot on concurrency_limit_reached, using retryAfterSeconds, beyond the attempt limit', async () => {
		const full = json(429, {
			statusCode: 429,
			errorCode: 'concurrency_limit_reached',
			message: 'Active job limit reached',
			activeGenerations: 3,
			concurrencyLimit: 3,
			retryAfterSeconds: 0.05,
		});
		server.play(full, full, full, full, full, full, json(201, { id: 'gen-3' }));
		const result = await run('syncLabs', { method: 'POST', path: '/v2/generate', body: {} });
		expect(result.error).toBeUndefined();
		// More waits than maxAttempts: a full plan is waited out, bounded by time, not by count.
		expect(server.seen).toHaveLength(7);
	});

	it('stops waiting for a slot after the slot wait budget with a clear error', async () => {
		server.play(
			json(429, {
				statusCode: 429,
				errorCode: 'concurrency_limit_reached',
				message: 'Active job limit reached',
				retryAfterSeconds: 1,
			}),
		);
		const startedAt = Date.now();
		const result = await run('syncLabs', {
			method: 'POST',
			path: '/v2/generate',
			body: {},
			retry: { ...FAST, slotWaitMs: 1500 },
		});
		expect(Date.now() - startedAt).toBeLessThan(5000);
		expect(result.error?.message).toBe('Sync Labs: Active job limit reached');
		expect((result.error as NodeApiError).description).toMatch(/Max Concurrent Jobs/);
	});

	it('treats the ElevenLabs music concurrency 429 as a slot wait too', async () => {
		const busy = json(
			429,
			{ detail: { status: 'concurrent_limit_exceeded', message: 'Too many concurrent requests' } },
			{ 'retry-after': '0' },
		);
		server.play(busy, busy, busy, busy, busy, json(200, { ok: true }));
		const result = await run('elevenLabs', {
			method: 'POST',
			path: '/v1/music/video-to-music',
			body: {},
		});
		expect(result.error).toBeUndefined();
		expect(server.seen).toHaveLength(6);
	});

	it.each([
		[
			'Sync array message',
			'syncLabs',
			400,
			{
				statusCode: 400,
				message: ['model must be one of a, b', 'input must be an array'],
				error: 'Bad Request',
			},
			'Sync Labs: model must be one of a, b; input must be an array',
			undefined,
		],
		[
			'Sync code and suggestion',
			'syncLabs',
			422,
			{
				statusCode: 422,
				errorCode: 'generation_input_validation_failed',
				message: 'input[0] needs url',
				suggestion: 'Add a URL',
				field: 'input',
			},
			'Sync Labs: input[0] needs url',
			/generation_input_validation_failed.*Field: input.*Add a URL/,
		],
		[
			'Sync snake code',
			'syncLabs',
			402,
			{
				statusCode: 402,
				error_code: 'free_tier_generations_exhausted',
				message: 'No free generations left',
			},
			'Sync Labs: No free generations left',
			/free_tier_generations_exhausted/,
		],
		[
			'ElevenLabs detail',
			'elevenLabs',
			403,
			{
				detail: {
					status: 'output_format_not_allowed',
					message: 'pcm_44100 is only allowed for Pro tier and above.',
				},
			},
			'ElevenLabs: pcm_44100 is only allowed for Pro tier and above.',
			/Pro/,
		],
		[
			'ElevenLabs validation',
			'elevenLabs',
			422,
			{
				detail: [
					{
						type: 'string_too_long',
						loc: ['body', 'description'],
						msg: 'String should have at most 1000 characters',
					},
				],
			},
			'ElevenLabs: description: String should have at most 1000 characters',
			/Field: description/,
		],
		[
			'ElevenLabs bad_prompt',
			'elevenLabs',
			400,
			{
				detail: {
					status: 'bad_prompt',
					message: 'Prompt violates ToS',
					data: { prompt_suggestion: 'Calm piano' },
				},
			},
			'ElevenLabs: Prompt violates ToS',
			/Calm piano/,
		],
	] as const)(
		'maps %s to a NodeApiError',
		async (_name, vendor, status, body, message, description) => {
			server.play(json(status, body));
			const result = await run(vendor, { method: 'POST', path: '/v2/x', body: {} });
			expect(server.seen).toHaveLength(1);
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error?.message).toBe(message);
			expect((result.error as NodeApiError).httpCode).toBe(String(status));
			if (description) expect((result.error as NodeApiError).description).toMatch(description);
		},
	);

	it('reads the error body of a streamed response', async () => {
		server.play(
			json(404, {
				statusCode: 404,
				errorCode: 'generation_not_found',
				message: 'Generation not found',
			}),
		);
		const result = await run('syncLabs', {
			method: 'GET',
			path: '/v2/generate/x',
			response: 'stream',
		});
		expect(result.error?.message).toBe('Sync Labs: Generation not found');
	});

	it('never lets a secret reach an error, its details or the log', async () => {
		server.play(
			json(401, {
				statusCode: 401,
				message: `Key ${SYNC_KEY} and ${WEBHOOK_SECRET} are not valid`,
			}),
		);
		const result = await run('syncLabs', { method: 'GET', path: '/v2/models' });
		const error = result.error as NodeApiError;
		const everything = JSON.stringify({
			message: error.message,
			description: error.description,
			context: error.context,
			cause: error.cause,
			errorResponse: (error as unknown as { errorResponse?: unknown }).errorResponse,
		});
		expect(error.message).toContain('[redacted]');
		expect(everything).not.toContain(SYNC_KEY);
		expect(everything).not.toContain(WEBHOOK_SECRET);
		expect(error.description).toMatch(/API key in the Sync Labs credential/);

		server.play(reset);
		const dropped = await run('syncLabs', {
			method: 'GET',
			path: '/v2/models',
			retry: { ...FAST, maxAttempts: 2 },
		});
		expect(JSON.stringify({ ...dropped.error, message: dropped.error?.message })).not.toContain(
			SYNC_KEY,
		);
		expect(JSON.stringify(harness.logs)).not.toContain(SYNC_KEY);
		expect(JSON.stringify(harness.logs)).not.toContain(WEBHOOK_SECRET);
	});

	it('retries a malformed JSON answer to a GET, then reports it clearly', async () => {
		server.play(json(200, '{"id": "g1", '), json(200, { id: 'g1' }));
		const recovered = await run('syncLabs', { method: 'GET', path: '/v2/generate/g1' });
		expect(recovered.output?.[0][0].json.body).toEqual({ id: 'g1' });

		server.play(json(200, '<html>not json'));
		const broken = await run('syncLabs', { method: 'GET', path: '/v2/generate/g1' });
		expect(broken.error?.message).toBe('Sync Labs returned a response that is not valid JSON');
		expect(server.seen).toHaveLength(FAST.maxAttempts);
	});

	it('stops at once when the execution is cancelled, even mid-backoff', async () => {
		server.play(json(503, { message: 'down' }));
		const controller = new AbortController();
		const startedAt = Date.now();
		setTimeout(() => controller.abort(), 300);
		const result = await run(
			'syncLabs',
			{
				method: 'GET',
				path: '/v2/generations',
				retry: { ...FAST, baseDelayMs: 5_000, maxDelayMs: 5_000 },
			},
			controller.signal,
		);
		expect(Date.now() - startedAt).toBeLessThan(2_000);
		expect(result.error).toBeDefined();
		expect(server.seen.length).toBeLessThanOrEqual(2);
	});

	it('sends the request as an absolute URL only with credentials when it is under the base URL', async () => {
		server.play(json(200, 'ok'));
		await run('syncLabs', {
			method: 'GET',
			path: `${server.url}/sync/v2/batches/b1/result`,
			response: 'text',
		});
		expect(server.seen[0].url).toBe('/sync/v2/batches/b1/result');
		expect(server.seen[0].headers['x-api-key']).toBe(SYNC_KEY);

		await run('syncLabs', {
			method: 'GET',
			path: `${server.url}/storage/out.jsonl`,
			response: 'text',
		});
		expect(server.seen[1].url).toBe('/storage/out.jsonl');
		expect(server.seen[1].headers['x-api-key']).toBeUndefined();
	});

	it('does not take a redirect for success when redirects are not followed', async () => {
		server.play((_req, res) => {
			res.writeHead(307, { location: 'http://elsewhere.invalid/upload' });
			res.end();
		});
		const form = new FormData();
		form.append('field', 'value');
		const result = await run('syncLabs', { method: 'POST', path: '/v2/batch', body: form });
		expect(result.error?.message).toBe('Sync Labs answered with a redirect (HTTP 307)');
		expect(server.seen).toHaveLength(1);
	});

	it('keeps retrying rate-limit refusals past the attempt limit, bounded by time', async () => {
		const limited = json(429, {
			statusCode: 429,
			errorCode: 'rate_limit_exceeded',
			message: 'slow down',
		});
		server.play(limited, limited, limited, limited, limited, limited, json(201, { id: 'late' }));
		const result = await run('syncLabs', { method: 'POST', path: '/v2/generate', body: {} });
		expect(result.error).toBeUndefined();
		expect(server.seen.length).toBeGreaterThan(FAST.maxAttempts);
	});

	it('makes the other requests of the execution hold back when one is rate-limited', async () => {
		let first = true;
		server.play((req, res) => {
			if (first && req.url?.endsWith('/a')) {
				first = false;
				json(
					429,
					{ statusCode: 429, errorCode: 'rate_limit_exceeded', message: 'slow down' },
					{ 'retry-after': '1' },
				)(req, res, Buffer.alloc(0));
				return;
			}
			json(200, { ok: true })(req, res, Buffer.alloc(0));
		});
		const parallel: INodeType = {
			description: { ...requestNode('syncLabs', { method: 'GET', path: '/' }).description },
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const a = apiRequest.call(this, SYNC_LABS, { method: 'GET', path: '/v2/a', retry: FAST });
				await new Promise((resolve) => setTimeout(resolve, 150));
				const b = apiRequest.call(this, SYNC_LABS, { method: 'GET', path: '/v2/b', retry: FAST });
				await Promise.all([a, b]);
				return [[{ json: {} }]];
			},
		};
		const result = await harness.runNode({
			node: parallel,
			credentials: { videoDubSyncLabsApi: { apiKey: SYNC_KEY, baseUrl: `${server.url}/sync` } },
		});
		expect(result.error).toBeUndefined();
		const refusedAt = server.seen.find((seen) => seen.url.endsWith('/a'))!.at;
		const bAt = server.seen.find((seen) => seen.url.endsWith('/b'))!.at;
		expect(bAt - refusedAt).toBeGreaterThanOrEqual(900);
	});
});
