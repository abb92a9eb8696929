/** The vendor the harness tests talk to, and the harness they run in. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';

import { VideoDubSyncLabsApi } from '../../credentials/VideoDubSyncLabsApi.credentials';
import { NodeHarness } from './index';
import { ProbeApi, invert } from './harnessProbes';

export interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

let vendor: Server;
export let vendorUrl: string;
export const seen: SeenRequest[] = [];
export const jobs: Array<{ callbackUrl: string }> = [];
export let hangingRequestClosed: Promise<void>;
let markHangingClosed: () => void;

export let harness: NodeHarness;

/**
 * A local vendor (JSON echo, failures, jobs with callbacks, a streaming inverter, a hanging route)
 * for the whole file, and a fresh harness per test.
 */
export function useProbeVendor() {
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

	beforeEach(async () => {
		seen.length = 0;
		jobs.length = 0;
		hangingRequestClosed = new Promise((resolve) => (markHangingClosed = resolve));
		harness = await NodeHarness.start({
			credentialTypes: [new ProbeApi(), new VideoDubSyncLabsApi()],
		});
	});

	afterEach(async () => await harness.close());
}

export const probeCredentials = () => ({
	probeApi: { apiKey: 'secret-key-1', baseUrl: vendorUrl, webhookSecret: 'whsec_1' },
});
