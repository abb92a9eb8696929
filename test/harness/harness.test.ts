/** The test harness: running nodes in real n8n-core execution contexts. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { VideoDubSyncLabsApi } from '../../credentials/VideoDubSyncLabsApi.credentials';
import { ProbeNode, invert } from './harnessProbes';
import {
	vendorUrl,
	seen,
	hangingRequestClosed,
	harness,
	probeCredentials,
	useProbeVendor,
} from './probeVendor';

useProbeVendor();

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
