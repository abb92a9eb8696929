import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { waitUntil } from '../../emulator/testkit';
import type { Generation } from '../../emulator';
import { sendHttp } from '../../harness';
import { createParameters, items, useTestBed } from './setup';

/** The three completion modes, terminal statuses, timeouts and cancellation. */

const bed = useTestBed();

/** Generations stay PENDING until the test finishes them with `admin.finishGeneration`. */
const holdGenerations = () =>
	bed.emulator.admin.configureSync({
		timing: { pendingMs: null, processingMs: null, batchPendingMs: 30 },
	});

/** The item index a generation was submitted for, read from its callback URL. */
const itemOf = (generation: Generation) =>
	Number(new URL(generation.webhookUrl!).searchParams.get('item'));

describe("Don't wait", () => {
	it('returns the PENDING generation of every item at once, without polling', async () => {
		const result = await bed.run(createParameters({ completion: 'none' }), { items: items(2) });
		expect(result.error).toBeUndefined();
		const output = result.output![0];
		expect(output.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['PENDING', { item: 0 }],
			['PENDING', { item: 1 }],
		]);
		expect(output[0].binary).toBeUndefined();
		expect(bed.emulator.admin.counters().requests).toEqual({ 'POST /v2/generate': 2 });
	});
});

describe('Poll until done', () => {
	it('FAILED raises a NodeApiError with Sync’s message, code and suggestion', async () => {
		const result = await bed.run(
			createParameters({ videoUrl: 'https://media.example.com/fail.mp4' }),
		);
		const [generation] = bed.emulator.admin.generations();
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.message).toBe(
			`Sync Labs generation ${generation.id} ended FAILED: ${generation.error}`,
		);
		expect(error.description).toContain('Error code: generation_input_video_inaccessible.');
		expect(error.description).toContain('Make sure the video URL is public');
		expect(error.context).toMatchObject({ generationId: generation.id, status: 'FAILED' });
	});

	it('REJECTED raises a NodeApiError too', async () => {
		const result = await bed.run(
			createParameters({ audioUrl: 'https://media.example.com/reject.wav' }),
		);
		const [generation] = bed.emulator.admin.generations();
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toMatch(new RegExp(`generation ${generation.id} ended REJECTED`));
		expect((result.error as NodeApiError).description).toContain(
			'Error code: plan_feature_unavailable.',
		);
	});

	it('with Continue On Fail a failed generation becomes an error item that keeps its ID', async () => {
		const result = await bed.run(createParameters({ videoUrl: '={{ $json.video }}' }), {
			continueOnFail: true,
			items: [
				{ json: { video: 'https://media.example.com/face.mp4' } },
				{ json: { video: 'https://media.example.com/fail.mp4' } },
			],
		});
		expect(result.error).toBeUndefined();
		const [ok, failed] = result.output![0];
		const failedGeneration = bed.emulator.admin.generations().find((g) => g.status === 'FAILED')!;
		expect(ok.json.status).toBe('COMPLETED');
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json).toMatchObject({
			generationId: failedGeneration.id,
			status: 'FAILED',
			vendorErrorCode: 'generation_input_video_inaccessible',
		});
		expect(failed.json.error).toMatch(/ended FAILED/);
	});

	it('gives up after the timeout, naming the generation that still runs', async () => {
		holdGenerations();
		const startedAt = Date.now();
		const result = await bed.run(createParameters({ timeout: 2, pollInterval: 1 }));
		const [generation] = bed.emulator.admin.generations();
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe(
			// The last look reads Sync's progress too.
			`Generation ${generation.id} did not finish within 2 seconds (last status PENDING, 0 %)`,
		);
		expect((result.error as NodeOperationError).description).toContain(generation.id);
		expect(Date.now() - startedAt).toBeLessThan(6000);
	});

	it('stops at once when the execution is cancelled', async () => {
		holdGenerations();
		const controller = new AbortController();
		const startedAt = Date.now();
		setTimeout(() => controller.abort(), 300);
		const result = await bed.run(createParameters({ timeout: 60 }), {
			abortSignal: controller.signal,
		});
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(/cancel/i);
		expect(Date.now() - startedAt).toBeLessThan(2000);
		expect(bed.emulator.admin.counters().generationsCreated).toBe(1);
	});
});

describe('Wait for webhook', () => {
	it('waits, and resumes only once every item finished, with outputs paired', async () => {
		holdGenerations();
		const result = await bed.run(
			createParameters({ completion: 'webhook', downloadOutput: true }),
			{
				items: items(3),
			},
		);
		expect(result.error).toBeUndefined();
		const waiting = result.waiting!;
		expect(waiting).toBeDefined();
		expect(result.output![0].map((item) => item.json.status)).toEqual([
			'PENDING',
			'PENDING',
			'PENDING',
		]);

		const byItem = new Map(bed.emulator.admin.generations().map((g) => [itemOf(g), g]));
		expect([...byItem.keys()].sort()).toEqual([0, 1, 2]);
		for (const generation of byItem.values()) {
			expect(generation.webhookUrl!.startsWith(waiting.resumeUrl.split('?')[0])).toBe(true);
		}

		// Two of three finished: both callbacks are answered, the execution keeps waiting.
		for (const [position, item] of [2, 0].entries()) {
			bed.emulator.admin.finishGeneration(byItem.get(item)!.id);
			await waitUntil(() => waiting.calls.length === position + 1);
			expect(waiting.calls[position].workflowData).toBeUndefined();
			expect(waiting.status).toBe('waiting');
		}

		bed.emulator.admin.finishGeneration(byItem.get(1)!.id);
		const resumed = await waiting.resumed();
		expect(resumed.timedOut).toBe(false);
		const output = resumed.output![0];
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.map((item) => item.json.id)).toEqual(
			[0, 1, 2].map((item) => byItem.get(item)!.id),
		);
		expect(output.every((item) => item.json.status === 'COMPLETED')).toBe(true);
		expect(output.every((item) => item.binary?.data?.mimeType === 'video/mp4')).toBe(true);
		expect(bed.emulator.admin.counters().webhooksSent).toBe(3);
	});

	it('refuses a callback without a valid signature and keeps waiting', async () => {
		holdGenerations();
		const result = await bed.run(createParameters({ completion: 'webhook' }));
		const waiting = result.waiting!;
		const [generation] = bed.emulator.admin.generations();
		const forged = await sendHttp(generation.webhookUrl!, {
			body: { id: generation.id, status: 'COMPLETED' },
			headers: { 'Sync-Signature': 't=1,v1=00' },
		});
		expect(forged.statusCode).toBe(401);
		expect(waiting.status).toBe('waiting');
		bed.emulator.admin.finishGeneration(generation.id);
		const resumed = await waiting.resumed();
		expect(resumed.output![0][0].json).toMatchObject({ id: generation.id, status: 'COMPLETED' });
	});

	it('with Continue On Fail a failed item resumes as an error item that keeps its generation ID', async () => {
		holdGenerations();
		const result = await bed.run(createParameters({ completion: 'webhook' }), {
			items: items(2),
			continueOnFail: true,
		});
		const waiting = result.waiting!;
		const byItem = new Map(bed.emulator.admin.generations().map((g) => [itemOf(g), g]));
		bed.emulator.admin.finishGeneration(byItem.get(0)!.id, 'FAILED', 'generation_pipeline_failed');
		await waitUntil(() => waiting.calls.length === 1);
		bed.emulator.admin.finishGeneration(byItem.get(1)!.id);
		const [failed, ok] = (await waiting.resumed()).output![0];
		expect(failed.json).toMatchObject({
			generationId: byItem.get(0)!.id,
			status: 'FAILED',
			vendorErrorCode: 'generation_pipeline_failed',
		});
		expect(ok.json).toMatchObject({ id: byItem.get(1)!.id, status: 'COMPLETED' });
		expect([failed.pairedItem, ok.pairedItem]).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without Continue On Fail a failed item still resumes as an error item, keeping earlier run data', async () => {
		// Throwing while n8n resumes would replace the execution's result data with the error.
		holdGenerations();
		const result = await bed.run(
			createParameters({ completion: 'webhook', downloadOutput: false }),
			{
				items: items(2),
			},
		);
		const waiting = result.waiting!;
		const byItem = new Map(bed.emulator.admin.generations().map((g) => [itemOf(g), g]));
		bed.emulator.admin.finishGeneration(
			byItem.get(1)!.id,
			'FAILED',
			'generation_input_video_invalid',
		);
		await waitUntil(() => waiting.calls.length === 1);
		bed.emulator.admin.finishGeneration(byItem.get(0)!.id);
		const resumed = await waiting.resumed();
		expect(resumed.call?.error).toBeUndefined();
		const [ok, failed] = resumed.output![0];
		expect(ok.json).toMatchObject({ id: byItem.get(0)!.id, status: 'COMPLETED' });
		expect(failed.json).toMatchObject({
			generationId: byItem.get(1)!.id,
			status: 'FAILED',
			vendorErrorCode: 'generation_input_video_invalid',
		});
		expect(String(failed.json.error)).toContain('ended FAILED');
	});

	it('does not wait when every generation finished while the items were submitted', async () => {
		bed.emulator.admin.configureSync({
			timing: { pendingMs: 0, processingMs: 0, batchPendingMs: 0 },
		});
		bed.emulator.admin.injectFault({
			vendor: 'sync',
			method: 'GET',
			kind: 'delay',
			delayMs: 30,
			times: 5,
		});
		const result = await bed.run(
			createParameters({ completion: 'webhook', downloadOutput: false }),
			{
				items: items(2),
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.waiting).toBeUndefined();
		expect(result.output![0].map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED']);
	});
});
