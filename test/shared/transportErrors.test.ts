/** The shared transport over real sockets: vendor errors, secrets, cancellation, URLs, rate limits. */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiRequest } from '../../nodes/shared/transport';
import { SYNC_LABS } from '../../nodes/sync/errors';
import {
	FAST,
	json,
	requestNode,
	reset,
	SYNC_KEY,
	useTransport,
	WEBHOOK_SECRET,
} from './transportProbe';

describe('transport: errors and limits', () => {
	const { probe, run } = useTransport();

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
			probe.server.play(json(status, body));
			const result = await run(vendor, { method: 'POST', path: '/v2/x', body: {} });
			expect(probe.server.seen).toHaveLength(1);
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error?.message).toBe(message);
			expect((result.error as NodeApiError).httpCode).toBe(String(status));
			if (description) expect((result.error as NodeApiError).description).toMatch(description);
		},
	);

	it('reads the error body of a streamed response', async () => {
		probe.server.play(
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
		probe.server.play(
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

		probe.server.play(reset);
		const dropped = await run('syncLabs', {
			method: 'GET',
			path: '/v2/models',
			retry: { ...FAST, maxAttempts: 2 },
		});
		expect(JSON.stringify({ ...dropped.error, message: dropped.error?.message })).not.toContain(
			SYNC_KEY,
		);
		expect(JSON.stringify(probe.harness.logs)).not.toContain(SYNC_KEY);
		expect(JSON.stringify(probe.harness.logs)).not.toContain(WEBHOOK_SECRET);
	});

	it('retries a malformed JSON answer to a GET, then reports it clearly', async () => {
		probe.server.play(json(200, '{"id": "g1", '), json(200, { id: 'g1' }));
		const recovered = await run('syncLabs', { method: 'GET', path: '/v2/generate/g1' });
		expect(recovered.output?.[0][0].json.body).toEqual({ id: 'g1' });

		probe.server.play(json(200, '<html>not json'));
		const broken = await run('syncLabs', { method: 'GET', path: '/v2/generate/g1' });
		expect(broken.error?.message).toBe('Sync Labs returned a response that is not valid JSON');
		expect(probe.server.seen).toHaveLength(FAST.maxAttempts);
	});

	it('stops at once when the execution is cancelled, even mid-backoff', async () => {
		probe.server.play(json(503, { message: 'down' }));
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
		expect(probe.server.seen.length).toBeLessThanOrEqual(2);
	});

	it('sends the request as an absolute URL only with credentials when it is under the base URL', async () => {
		probe.server.play(json(200, 'ok'));
		await run('syncLabs', {
			method: 'GET',
			path: `${probe.server.url}/sync/v2/batches/b1/result`,
			response: 'text',
		});
		expect(probe.server.seen[0].url).toBe('/sync/v2/batches/b1/result');
		expect(probe.server.seen[0].headers['x-api-key']).toBe(SYNC_KEY);

		await run('syncLabs', {
			method: 'GET',
			path: `${probe.server.url}/storage/out.jsonl`,
			response: 'text',
		});
		expect(probe.server.seen[1].url).toBe('/storage/out.jsonl');
		expect(probe.server.seen[1].headers['x-api-key']).toBeUndefined();
	});

	it('does not take a redirect for success when redirects are not followed', async () => {
		probe.server.play((_req, res) => {
			res.writeHead(307, { location: 'http://elsewhere.invalid/upload' });
			res.end();
		});
		const form = new FormData();
		form.append('field', 'value');
		const result = await run('syncLabs', { method: 'POST', path: '/v2/batch', body: form });
		expect(result.error?.message).toBe('Sync Labs answered with a redirect (HTTP 307)');
		expect(probe.server.seen).toHaveLength(1);
	});

	it('keeps retrying rate-limit refusals past the attempt limit, bounded by time', async () => {
		const limited = json(429, {
			statusCode: 429,
			errorCode: 'rate_limit_exceeded',
			message: 'slow down',
		});
		probe.server.play(
			limited,
			limited,
			limited,
			limited,
			limited,
			limited,
			json(201, { id: 'late' }),
		);
		const result = await run('syncLabs', { method: 'POST', path: '/v2/generate', body: {} });
		expect(result.error).toBeUndefined();
		expect(probe.server.seen.length).toBeGreaterThan(FAST.maxAttempts);
	});

	it('makes the other requests of the execution hold back when one is rate-limited', async () => {
		let first = true;
		probe.server.play((req, res) => {
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
		const result = await probe.harness.runNode({
			node: parallel,
			credentials: {
				videoDubSyncLabsApi: { apiKey: SYNC_KEY, baseUrl: `${probe.server.url}/sync` },
			},
		});
		expect(result.error).toBeUndefined();
		const refusedAt = probe.server.seen.find((seen) => seen.url.endsWith('/a'))!.at;
		const bAt = probe.server.seen.find((seen) => seen.url.endsWith('/b'))!.at;
		expect(bAt - refusedAt).toBeGreaterThanOrEqual(900);
	});
});
