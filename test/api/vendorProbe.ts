/**
 * For the API function tests: a local server that plays the vendor with scripted answers per
 * endpoint, and a one-off node that makes exactly the API call under test inside a real n8n-core
 * execution context (the harness).
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { VideoDubElevenLabsApi } from '../../credentials/VideoDubElevenLabsApi.credentials';
import { VideoDubSyncLabsApi } from '../../credentials/VideoDubSyncLabsApi.credentials';
import { NodeHarness } from '../harness';

export interface Answer {
	status?: number;
	contentType?: string;
	body: unknown;
}

/** Answers "METHOD /path" (path without the vendor prefix) from a table; 404 for the rest. */
export class VendorProbe {
	answers: Record<string, Answer> = {};
	private constructor(
		private readonly server: Server,
		readonly harness: NodeHarness,
	) {}

	static async start(): Promise<VendorProbe> {
		const harness = await NodeHarness.start({
			credentialTypes: [new VideoDubSyncLabsApi(), new VideoDubElevenLabsApi()],
		});
		const probe: VendorProbe = new VendorProbe(
			createServer((req, res) => {
				req.resume();
				req.on('end', () => {
					const path = new URL(req.url!, 'http://probe').pathname.replace(/^\/(sync|el)/, '');
					const answer = probe.answers[`${req.method} ${path}`];
					const body = answer?.body ?? { message: 'not scripted' };
					res.writeHead(answer ? (answer.status ?? 200) : 404, {
						'content-type': answer?.contentType ?? 'application/json',
					});
					res.end(typeof body === 'string' ? body : JSON.stringify(body));
				});
			}),
			harness,
		);
		probe.server.listen(0, '127.0.0.1');
		await once(probe.server, 'listening');
		return probe;
	}

	get url() {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** Runs `call` as a node's execute() with both vendors' credentials pointing at this server. */
	async run(call: (context: IExecuteFunctions) => Promise<unknown>) {
		const node: INodeType = {
			description: {
				displayName: 'API Probe',
				name: 'apiProbe',
				group: ['transform'],
				version: 1,
				description: 'Test-only node',
				defaults: { name: 'API Probe' },
				inputs: ['main'],
				outputs: ['main'],
				credentials: [
					{ name: 'videoDubSyncLabsApi', required: true },
					{ name: 'videoDubElevenLabsApi', required: true },
				],
				properties: [],
			},
			async execute(this: IExecuteFunctions) {
				await call(this);
				return [[{ json: {} }]];
			},
		};
		return await this.harness.runNode({
			node,
			credentials: {
				videoDubSyncLabsApi: { apiKey: 'sk_sync_probe', baseUrl: `${this.url}/sync` },
				videoDubElevenLabsApi: {
					apiKey: 'sk_eleven_probe',
					region: 'custom',
					baseUrl: `${this.url}/el`,
				},
			},
		});
	}

	async close() {
		await this.harness.close();
		this.server.closeAllConnections();
		this.server.close();
		await once(this.server, 'close');
	}
}
