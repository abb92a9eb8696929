import { NodeApiError } from 'n8n-workflow';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { VideoDubSyncLabsApi } from '../../../credentials/VideoDubSyncLabsApi.credentials';
import { LipsyncGeneration } from '../../../nodes/LipsyncGeneration/LipsyncGeneration.node';
import { TERMINAL_STATUSES, isTerminal } from '../../../nodes/sync/api/generations';
import { NodeHarness } from '../../harness';
import { createParameters } from './setup';

/**
 * Legacy terminal statuses (CANCELED, CANCELLED, TIMED_OUT) that the emulator never produces: a
 * tiny local Sync stand-in answers the create, then a scripted sequence of statuses.
 */

const ID = '0b8f3f5e-3a55-4c0a-9b7e-6a1f0a7d2c11';

describe('isTerminal', () => {
	it('knows the current and the legacy terminal statuses, and nothing else', () => {
		for (const status of [
			'COMPLETED',
			'FAILED',
			'REJECTED',
			'CANCELED',
			'CANCELLED',
			'TIMED_OUT',
		]) {
			expect(isTerminal(status)).toBe(true);
		}
		for (const status of ['PENDING', 'PROCESSING', 'QUEUED', 'completed', '']) {
			expect(isTerminal(status)).toBe(false);
		}
		expect(TERMINAL_STATUSES).toHaveLength(6);
	});
});

describe('the poller against a scripted server', () => {
	let server: Server;
	let baseUrl: string;
	let harness: NodeHarness;
	let script: string[] = [];
	const seen: string[] = [];

	const generation = (status: string) => ({
		id: ID,
		status,
		model: 'lipsync-2',
		createdAt: '2026-01-15T09:30:00.000Z',
		input: [],
		outputUrl: null,
		outputDuration: null,
		error:
			status === 'PENDING' || status === 'PROCESSING' || status === 'QUEUED'
				? null
				: 'Stopped by the operator',
		error_code: null,
	});

	const drain = async (req: IncomingMessage) => {
		for await (const chunk of req) void chunk;
	};

	beforeAll(async () => {
		server = createServer((req, res) => {
			void drain(req).then(() => {
				seen.push(`${req.method} ${req.url?.split('?')[0]}`);
				const status = req.method === 'POST' ? 'PENDING' : (script.shift() ?? 'PROCESSING');
				res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(generation(status)));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		harness = await NodeHarness.start({ credentialTypes: [new VideoDubSyncLabsApi()] });
	});

	afterAll(async () => {
		await harness.close();
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	beforeEach(() => {
		seen.length = 0;
	});

	const run = async () =>
		await harness.runNode({
			node: new LipsyncGeneration(),
			parameters: createParameters({ pollInterval: 0.1, timeout: 30 }),
			credentials: { videoDubSyncLabsApi: { apiKey: 'sk-test', baseUrl } },
		});

	it.each(['CANCELED', 'CANCELLED', 'TIMED_OUT'])(
		'%s ends the polling as a failure that keeps the generation ID',
		async (status) => {
			script = ['PROCESSING', status];
			const result = await run();
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error!.message).toBe(
				`Sync Labs generation ${ID} ended ${status}: Stopped by the operator`,
			);
			expect((result.error as NodeApiError).context.generationId).toBe(ID);
			expect(seen).toEqual([
				'POST /v2/generate',
				`GET /v2/generate/${ID}`,
				`GET /v2/generate/${ID}`,
			]);
		},
	);

	it('an unknown intermediate status keeps polling until a terminal one', async () => {
		script = ['QUEUED', 'PROCESSING', 'COMPLETED'];
		const result = await run();
		expect(result.error).toBeUndefined();
		expect(result.output![0][0].json).toMatchObject({ id: ID, status: 'COMPLETED' });
		expect(seen.filter((call) => call.startsWith('GET'))).toHaveLength(3);
	});
});
