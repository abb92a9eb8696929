import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IAuthenticateGeneric,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type JsonObject,
} from 'n8n-workflow';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';

import { VideoDubSyncLabsApi } from '../../credentials/VideoDubSyncLabsApi.credentials';
import { NodeHarness, sendHttp } from './index';

// ---- test-only credential and nodes ----------------------------------------------------------

class ProbeApi implements ICredentialType {
	name = 'probeApi';

	displayName = 'Probe API';

	properties = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string' as const, default: '' },
		{ displayName: 'Secret', name: 'webhookSecret', type: 'string' as const, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string' as const, default: 'http://x' },
		{ displayName: 'Region', name: 'region', type: 'string' as const, default: 'eu' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'x-probe-key': '={{$credentials.apiKey}}' },
			qs: { region: '={{$credentials.region}}' },
		},
	};
}

/** Inverts every byte; a streaming stand-in for a vendor that processes a file. */
const invert = (buffer: Buffer) => Buffer.from(buffer.map((byte) => byte ^ 0xff));

class ProbeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: [1, 2],
		description: 'Test-only node for the harness',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'probeApi', displayOptions: { show: { credentialType: ['probeApi'] } } },
			{
				name: 'videoDubSyncLabsApi',
				displayOptions: { show: { credentialType: ['videoDubSyncLabsApi'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '={{ $nodeId }}',
				restartWebhook: true,
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName: 'Credential Type',
				name: 'credentialType',
				type: 'options',
				options: [
					{ name: 'Probe', value: 'probeApi' },
					{ name: 'Sync', value: 'videoDubSyncLabsApi' },
				],
				default: 'probeApi',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				options: [
					{ name: 'Request', value: 'request' },
					{ name: 'Binary', value: 'binary' },
					{ name: 'Wait', value: 'wait' },
				],
				default: 'request',
			},
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
			{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' },
			{ displayName: 'Signed Resume', name: 'signedResume', type: 'boolean', default: false },
			{
				displayName: 'Binary Property',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { operation: ['binary'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentialType = this.getNodeParameter('credentialType', 0) as string;
		const { baseUrl } = await this.getCredentials(credentialType);
		const operation = this.getNodeParameter('operation', 0) as string;

		if (operation === 'wait') {
			if (this.getNodeParameter('signedResume', 0)) this.setSignatureValidationRequired();
			const resumeUrl = this.getSignedResumeUrl();
			const legacyResumeUrl = this.evaluateExpression('{{ $execution.resumeUrl }}', 0);
			await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
				method: 'POST',
				url: `${baseUrl}/jobs`,
				body: { callbackUrl: resumeUrl },
				json: true,
			});
			await this.putExecutionToWait(new Date(Date.now() + 60_000));
			return [[{ json: { resumeUrl, legacyResumeUrl } }]];
		}

		const returnData: INodeExecutionData[] = [];
		for (const [i] of this.getInputData().entries()) {
			try {
				if (operation === 'request') {
					const path = this.getNodeParameter('path', i) as string;
					const response = (await this.helpers.httpRequestWithAuthentication.call(
						this,
						credentialType,
						{ method: 'GET', url: `${baseUrl}${path}`, json: true },
					)) as IDataObject;
					this.logger.info(`Requested ${path}`);
					returnData.push({
						json: {
							greeting: this.getNodeParameter('greeting', i),
							response,
							executionId: this.getExecutionId(),
							mode: this.getMode(),
							instanceBaseUrl: this.getInstanceBaseUrl(),
						},
						pairedItem: { item: i },
					});
				} else {
					const property = this.getNodeParameter('binaryPropertyName', i) as string;
					const input = this.helpers.assertBinaryData(i, property);
					const body = input.id
						? await this.helpers.getBinaryStream(input.id, 64 * 1024)
						: await this.helpers.getBinaryDataBuffer(i, property);
					const response = await this.helpers.httpRequestWithAuthentication.call(
						this,
						credentialType,
						{
							method: 'POST',
							url: `${baseUrl}/invert`,
							body,
							headers: { 'Content-Type': input.mimeType },
							encoding: 'stream',
							returnFullResponse: true,
						},
					);
					const output = await this.helpers.prepareBinaryData(
						response.body,
						'inverted.bin',
						response.headers['content-type'] as string,
					);
					returnData.push({
						json: { streamedInput: Boolean(input.id) },
						binary: { data: output },
						pairedItem: { item: i },
					});
				}
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				if (error instanceof NodeApiError) throw error;
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [returnData];
	}

	/** Resume webhook: only a finished job continues the execution. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		if (body.status !== 'COMPLETED') return { webhookResponse: { ignored: body.status } };
		return {
			workflowData: [
				[
					{
						json: {
							...body,
							rawBody: this.getRequestObject().rawBody.toString('utf8'),
							query: this.getQueryData() as IDataObject,
							inputName: this.evaluateExpression('{{ $json.name }}', 0) as string,
						},
					},
				],
			],
		};
	}
}

class ProbeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe Trigger',
		name: 'probeTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test-only trigger for the harness',
		defaults: { name: 'Probe Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'probeApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [{ displayName: 'Label', name: 'label', type: 'string', default: 'probe' }],
	};

	webhookMethods = {
		default: {
			checkExists: async () => true,
			create: async () => true,
			delete: async () => true,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const { webhookSecret } = await this.getCredentials('probeApi');
		const request = this.getRequestObject();
		const expected = createHmac('sha256', webhookSecret as string)
			.update(request.rawBody)
			.digest('hex');
		if (this.getHeaderData()['x-signature'] !== expected) {
			this.getResponseObject().status(401).json({ error: 'invalid signature' });
			return { noWebhookResponse: true };
		}

		const body = this.getBodyData() as { id: string };
		const seen = this.getWorkflowStaticData('node') as { ids?: string[] };
		seen.ids ??= [];
		if (seen.ids.includes(body.id)) return { webhookResponse: { duplicate: body.id } };
		seen.ids = [...seen.ids, body.id];

		const file = await this.helpers.prepareBinaryData(Buffer.from(`file of ${body.id}`), 'f.txt');
		return {
			webhookResponse: { accepted: body.id },
			workflowData: [
				[{ json: { ...body, label: this.getNodeParameter('label') }, binary: { file } }],
			],
		};
	}
}

// ---- a tiny vendor API -----------------------------------------------------------------------

interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

let vendor: Server;
let vendorUrl: string;
const seen: SeenRequest[] = [];
const jobs: Array<{ callbackUrl: string }> = [];
let hangingRequestClosed: Promise<void>;
let markHangingClosed: () => void;

beforeAll(async () => {
	vendor = createServer((req, res) => {
		if (req.url?.startsWith('/invert')) {
			seen.push({ method: req.method!, url: req.url, headers: req.headers, body: '' });
			res.writeHead(200, { 'Content-Type': 'application/x-inverted' });
			const inverter = new Transform({
				transform: (chunk: Buffer, _encoding, callback) => callback(null, invert(chunk)),
			});
			req.pipe(inverter).pipe(res);
			return;
		}
		if (req.url?.startsWith('/hang')) {
			req.on('close', () => markHangingClosed());
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			res.setHeader('Content-Type', 'application/json');
			if (req.url?.startsWith('/fail')) {
				res.statusCode = 500;
				res.end(JSON.stringify({ error: 'vendor exploded' }));
			} else if (req.url?.startsWith('/jobs')) {
				jobs.push(JSON.parse(body) as { callbackUrl: string });
				res.statusCode = 201;
				res.end(JSON.stringify({ id: `job-${jobs.length}` }));
			} else {
				res.end(JSON.stringify({ path: req.url }));
			}
		});
	});
	await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
	vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
});

afterAll(async () => {
	vendor.closeAllConnections();
	await new Promise((resolve) => vendor.close(resolve));
});

let harness: NodeHarness;

beforeEach(async () => {
	seen.length = 0;
	jobs.length = 0;
	hangingRequestClosed = new Promise((resolve) => (markHangingClosed = resolve));
	harness = await NodeHarness.start({
		credentialTypes: [new ProbeApi(), new VideoDubSyncLabsApi()],
	});
});

afterEach(async () => await harness.close());

const probeCredentials = () => ({
	probeApi: { apiKey: 'secret-key-1', baseUrl: vendorUrl, webhookSecret: 'whsec_1' },
});

// ---- tests -----------------------------------------------------------------------------------

describe('runNode', () => {
	it('fills parameter defaults and authenticates a real HTTP request', async () => {
		const result = await harness.runNode({
			node: new ProbeNode(),
			parameters: { path: '/echo' },
			credentials: probeCredentials(),
		});

		expect(result.error).toBeUndefined();
		expect(result.node.parameters).toMatchObject({ operation: 'request', greeting: 'hello' });
		expect(result.node.typeVersion).toBe(2);
		const [item] = result.output![0];
		expect(item.json).toMatchObject({
			greeting: 'hello',
			response: { path: '/echo?region=eu' },
			executionId: result.executionId,
			mode: 'manual',
			instanceBaseUrl: harness.baseUrl,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		// The credential's authenticate block (header + query string, with a default) was applied.
		expect(seen[0].headers['x-probe-key']).toBe('secret-key-1');
		expect(seen[0].url).toBe('/echo?region=eu');
		expect(harness.logs.some((line) => line.message === 'Requested /echo')).toBe(true);
		expect(harness.logText()).not.toContain('secret-key-1');
	});

	it('applies the real VideoDubSyncLabsApi credential definition', async () => {
		const { headers } = new VideoDubSyncLabsApi().authenticate.properties;
		const headerName = Object.keys(headers ?? {})[0].toLowerCase();

		const result = await harness.runNode({
			node: new ProbeNode(),
			parameters: { credentialType: 'videoDubSyncLabsApi', path: '/v2/models' },
			credentials: { videoDubSyncLabsApi: { apiKey: 'sk-sync-test', baseUrl: vendorUrl } },
		});

		expect(result.error).toBeUndefined();
		expect(seen[0].url).toBe('/v2/models');
		expect(seen[0].headers[headerName]).toBe('sk-sync-test');
	});

	it('streams a stored input binary and stores the streamed response', async () => {
		const bytes = randomBytes(300 * 1024);
		const input = await harness.binaryFromBuffer(bytes, 'video/mp4', 'clip.mp4');
		expect(input.id).toBeDefined();

		const result = await harness.runNode({
			node: new ProbeNode(),
			parameters: { operation: 'binary' },
			items: [{ json: {}, binary: { data: input } }],
			credentials: probeCredentials(),
		});

		expect(result.error).toBeUndefined();
		const [item] = result.output![0];
		expect(item.json.streamedInput).toBe(true);
		const output = item.binary!.data;
		expect(output.id).toBeDefined();
		expect(output).toMatchObject({ fileName: 'inverted.bin', mimeType: 'application/x-inverted' });
		expect(Buffer.compare(await harness.readBinary(output), invert(bytes))).toBe(0);
		// A stream upload goes out chunked: the body was never buffered into a length.
		expect(seen[0].headers['transfer-encoding']).toBe('chunked');
		expect(seen[0].headers['content-type']).toBe('video/mp4');
	});

	it('stores file inputs, and falls back to buffers for binaries without an id', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'harness-test-'));
		try {
			const path = join(dir, 'audio.wav');
			await writeFile(path, Buffer.from('RIFF-fake-wave'));
			const fromFile = await harness.binaryFromFile(path, 'audio/wav');
			expect(fromFile).toMatchObject({ fileName: 'audio.wav', mimeType: 'audio/wav' });
			expect((await harness.readBinary(fromFile)).toString()).toBe('RIFF-fake-wave');

			const inline = harness.inlineBinary(Buffer.from('inline bytes'), 'text/plain', 'a.txt');
			expect(inline.id).toBeUndefined();
			const result = await harness.runNode({
				node: new ProbeNode(),
				parameters: { operation: 'binary' },
				items: [{ json: {}, binary: { data: inline } }],
				credentials: probeCredentials(),
			});
			const [item] = result.output![0];
			expect(item.json.streamedInput).toBe(false);
			const stream = await harness.readBinaryStream(item.binary!.data);
			const chunks: Buffer[] = [];
			for await (const chunk of stream) chunks.push(chunk as Buffer);
			expect(Buffer.concat(chunks)).toEqual(invert(Buffer.from('inline bytes')));
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	it('throws the node error, or returns it as an item with continueOnFail', async () => {
		const options = {
			node: new ProbeNode(),
			parameters: { path: '/fail' },
			items: [{ json: { n: 1 } }, { json: { n: 2 } }],
			credentials: probeCredentials(),
		};

		const failed = await harness.runNode(options);
		expect(failed.output).toBeNull();
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect((failed.error as NodeApiError).httpCode).toBe('500');

		const continued = await harness.runNode({ ...options, continueOnFail: true });
		expect(continued.error).toBeUndefined();
		expect(continued.node.onError).toBe('continueRegularOutput');
		expect(continued.output![0]).toHaveLength(2);
		expect(continued.output![0][1]).toMatchObject({ pairedItem: { item: 1 } });
		expect(continued.output![0][0].json.error).toEqual(expect.any(String));
	});

	it('hands the abort signal to the node, which cancels its request', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);

		const started = Date.now();
		const result = await harness.runNode({
			node: new ProbeNode(),
			parameters: { path: '/hang' },
			credentials: probeCredentials(),
			abortSignal: controller.signal,
		});

		expect(result.error).toBeDefined();
		expect(Date.now() - started).toBeLessThan(3_000);
		await hangingRequestClosed;
	});

	it('rejects wrong node setups like n8n', async () => {
		const result = await harness.runNode({ node: new ProbeNode(), parameters: {} });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toMatch(/credentials/i);
	});
});

describe('waiting for a resume webhook', () => {
	const startWaiting = async (signedResume = false) => {
		const result = await harness.runNode({
			node: new ProbeNode(),
			parameters: { operation: 'wait', signedResume },
			items: [{ json: { name: 'first item' } }],
			credentials: probeCredentials(),
			mode: 'trigger',
		});
		expect(result.error).toBeUndefined();
		return result;
	};

	it('pauses, then continues with what webhook() returns for the resume call', async () => {
		const result = await startWaiting();
		const waiting = result.waiting!;

		expect(result.waitTill).toBeInstanceOf(Date);
		const resumePath = `webhook-waiting/${result.executionId}/${result.node.id}`;
		expect(waiting.resumeUrl).toMatch(
			new RegExp(`^${harness.baseUrl}${resumePath}\\?signature=[0-9a-f]{64}$`),
		);
		expect(jobs[0].callbackUrl).toBe(waiting.resumeUrl);
		expect(result.output![0][0].json.legacyResumeUrl).toBe(
			`${harness.baseUrl}webhook-waiting/${result.executionId}`,
		);

		// An intermediate status is answered but leaves the execution waiting.
		const progress = await sendHttp(waiting.resumeUrl, { body: { status: 'PROCESSING' } });
		expect(progress).toMatchObject({ statusCode: 200, json: { ignored: 'PROCESSING' } });
		expect(waiting.status).toBe('waiting');

		// Method and path must match the node's restart webhook.
		expect((await sendHttp(waiting.resumeUrl, { method: 'GET' })).statusCode).toBe(404);

		const raw = '{"status":"COMPLETED",  "outputUrl":"https://cdn/x.mp4"}';
		const done = await sendHttp(`${waiting.resumeUrl}&extra=1`, {
			headers: { 'Content-Type': 'application/json' },
			body: raw,
		});
		expect(done).toMatchObject({ statusCode: 200, json: { message: 'Workflow was started' } });

		const resumed = await waiting.resumed();
		expect(resumed.timedOut).toBe(false);
		expect(resumed.output![0][0].json).toEqual({
			status: 'COMPLETED',
			outputUrl: 'https://cdn/x.mp4',
			rawBody: raw,
			query: { signature: expect.any(String), extra: '1' },
			inputName: 'first item',
		});
		expect(waiting.calls).toHaveLength(2);

		const again = await sendHttp(waiting.resumeUrl, { body: { status: 'COMPLETED' } });
		expect(again.statusCode).toBe(409);
		const unknown = await sendHttp(`${harness.baseUrl}webhook-waiting/999/x`, { body: {} });
		expect(unknown.statusCode).toBe(404);
	});

	it('checks the URL signature when the node asks for it', async () => {
		const { waiting } = await startWaiting(true);
		const unsigned = waiting!.resumeUrl.replace(/\?signature=.*/, '');
		const body = { status: 'COMPLETED' };
		expect((await sendHttp(unsigned, { body })).statusCode).toBe(401);
		expect((await sendHttp(`${unsigned}?signature=${'0'.repeat(64)}`, { body })).statusCode).toBe(
			401,
		);
		expect((await sendHttp(waiting!.resumeUrl, { body })).statusCode).toBe(200);
		expect((await waiting!.resumed()).output![0][0].json.status).toBe('COMPLETED');
	});

	it('outputs the input items unchanged when the wait times out', async () => {
		const { waiting } = await startWaiting();
		const resumed = waiting!.expire();
		expect(resumed).toEqual({ output: [[{ json: { name: 'first item' } }]], timedOut: true });
		await expect(waiting!.resumed()).resolves.toBe(resumed);
	});
});

describe('runWebhook', () => {
	const sign = (raw: string) => createHmac('sha256', 'whsec_1').update(raw).digest('hex');
	const deliver = async (raw: string, signature = sign(raw)) =>
		await harness.runWebhook({
			node: new ProbeTrigger(),
			credentials: probeCredentials(),
			request: {
				headers: { 'Content-Type': 'application/json', 'X-Signature': signature },
				body: Buffer.from(raw),
			},
		});

	it('gives webhook() the raw body and returns its result and the HTTP response', async () => {
		const raw = '{ "id": "gen-1",\n  "status": "COMPLETED" }';
		const result = await deliver(raw);

		expect(result.error).toBeUndefined();
		expect(result.rawBody!.toString('utf8')).toBe(raw);
		expect(result.statusCode).toBe(200);
		expect(result.responseJson).toEqual({ accepted: 'gen-1' });
		const [item] = result.workflowData![0];
		expect(item.json).toEqual({ id: 'gen-1', status: 'COMPLETED', label: 'probe' });
		expect((await harness.readBinary(item.binary!.file)).toString()).toBe('file of gen-1');
	});

	it('lets the node answer itself (401 on a bad signature)', async () => {
		const result = await deliver('{"id":"gen-2"}', 'forged');
		expect(result).toMatchObject({ statusCode: 401, noWebhookResponse: true });
		expect(result.responseJson).toEqual({ error: 'invalid signature' });
		expect(result.workflowData).toBeUndefined();
	});

	it('keeps workflow static data across calls', async () => {
		expect((await deliver('{"id":"gen-3"}')).workflowData).toBeDefined();
		const duplicate = await deliver('{"id":"gen-3"}');
		expect(duplicate.workflowData).toBeUndefined();
		expect(duplicate.responseJson).toEqual({ duplicate: 'gen-3' });
		expect((await deliver('{"id":"gen-4"}')).workflowData).toBeDefined();
		expect(harness.staticData).toEqual({ 'node:Probe Trigger': { ids: ['gen-3', 'gen-4'] } });
	});

	it('serves a registered trigger URL to outside callers', async () => {
		const endpoint = harness.listenWebhook({
			node: new ProbeTrigger(),
			credentials: probeCredentials(),
		});
		expect(endpoint.url).toMatch(new RegExp(`^${harness.baseUrl}webhook/[0-9a-f-]{36}/webhook$`));
		const raw = '{"id":"gen-5"}';
		const reply = await sendHttp(endpoint.url, {
			headers: { 'Content-Type': 'application/json', 'X-Signature': sign(raw) },
			body: raw,
		});
		expect(reply.statusCode).toBe(200);
		expect((await endpoint.nextCall()).workflowData![0][0].json.id).toBe('gen-5');
		endpoint.close();
		expect((await sendHttp(endpoint.url, { body: raw })).statusCode).toBe(404);
	});
});
