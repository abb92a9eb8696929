import { NodeApiError, type INodeParameters } from 'n8n-workflow';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { pricePerFrameUsd } from '../../emulator/sync/catalogs';
import { lipsyncBody, syncClient, waitForTerminal } from '../../emulator/testkit';
import { FIXTURES, VIDEO_URL, createParameters, useTestBed } from './setup';

/** The Generation and Asset operations besides Generation → Create, against the emulator. */

const bed = useTestBed();

/** Creates `count` generations straight through the API (fast, outside the node). */
async function seedGenerations(count: number, body = lipsyncBody()) {
	bed.emulator.admin.configureSync({
		createRateLimitPerMin: 100_000,
		concurrencyByPlan: { creator: 100_000 } as never,
	});
	const client = syncClient(bed.emulator);
	const ids: string[] = [];
	for (let start = 0; start < count; start += 25) {
		const batch = await Promise.all(
			Array.from(
				{ length: Math.min(25, count - start) },
				async () => (await client.post('/v2/generate', body)).body,
			),
		);
		ids.push(...batch.map((generation) => generation.id as string));
	}
	return ids;
}

describe('Generation', () => {
	const get = (parameters: INodeParameters = {}) => ({
		resource: 'generation',
		operation: 'get',
		...parameters,
	});

	it('Get returns the current state; with Download Output also the finished video', async () => {
		const [id] = await seedGenerations(1);
		const pending = await bed.run(get({ generationId: id }));
		expect(pending.output![0][0].json).toMatchObject({
			id,
			status: expect.stringMatching(/^(PENDING|PROCESSING)$/),
			outputUrl: null,
		});

		await waitForTerminal(bed.emulator, id);
		const done = await bed.run(get({ generationId: '={{ $json.id }}', downloadOutput: true }), {
			items: [{ json: { id } }],
		});
		const [item] = done.output![0];
		expect(item.json).toMatchObject({ id, status: 'COMPLETED' });
		expect(item.binary!.data.mimeType).toBe('video/mp4');
		expect((await bed.harness.readBinary(item.binary!.data)).length).toBeGreaterThan(1000);
	});

	it('Get of an unknown generation is a NodeApiError with Sync’s code', async () => {
		const result = await bed.run(get({ generationId: '00000000-0000-4000-8000-000000000000' }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('404');
		expect((result.error as NodeApiError).description).toContain(
			'Error code: generation_not_found.',
		);
	});

	it('Get Many: limit, status filter, and Return All paging by cursor', async () => {
		const ids = await seedGenerations(205);
		const failed = await seedGenerations(
			2,
			lipsyncBody({
				input: [
					{ type: 'video', url: 'https://m.example.com/fail.mp4' },
					{ type: 'audio', url: 'https://m.example.com/a.wav' },
				],
			}),
		);
		const newestFirst = [...ids, ...failed].reverse();

		const limited = await bed.run({ resource: 'generation', operation: 'list', limit: 7 });
		expect(limited.output![0].map((item) => item.json.id)).toEqual(newestFirst.slice(0, 7));

		const before = bed.emulator.admin.counters().requests['GET /v2/generations'] ?? 0;
		const all = await bed.run({ resource: 'generation', operation: 'list', returnAll: true });
		expect(all.output![0].map((item) => item.json.id)).toEqual(newestFirst);
		expect(
			all.output![0].every(
				(item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0,
			),
		).toBe(true);
		// Pages of 100, 100 and 7: the short page ends the paging.
		expect(bed.emulator.admin.counters().requests['GET /v2/generations']).toBe(before + 3);

		await Promise.all(failed.map(async (id) => await waitForTerminal(bed.emulator, id)));
		const onlyFailed = await bed.run({
			resource: 'generation',
			operation: 'list',
			statusFilter: ['FAILED', 'REJECTED'],
			returnAll: true,
		});
		expect(onlyFailed.output![0].map((item) => item.json.id)).toEqual([...failed].reverse());
		expect(onlyFailed.output![0][0].json).toMatchObject({
			status: 'FAILED',
			errorCode: 'generation_input_video_inaccessible',
		});
	});

	it('Estimate Cost from a duration', async () => {
		const result = await bed.run({
			resource: 'generation',
			operation: 'estimateCost',
			estimateFrom: 'duration',
			model: 'lipsync-2-pro',
			duration: 12,
			fps: 25,
		});
		expect(result.error).toBeUndefined();
		expect(result.output![0][0].json).toEqual({
			model: 'lipsync-2-pro',
			duration: 12,
			fps: 25,
			estimatedFrameCount: 300,
			estimatedGenerationCost:
				Math.round(300 * pricePerFrameUsd['lipsync-2-pro'] * 10_000) / 10_000,
			estimatedCredits: null,
			currency: 'USD',
		});
		expect(bed.emulator.admin.counters().requests).toEqual({ 'POST /v2/generations/estimate': 1 });
	});

	it('Estimate Cost from the same inputs as Create, without creating anything', async () => {
		const result = await bed.run({
			...createParameters({
				videoUrl: `${VIDEO_URL}?duration=8`,
				audioUrl: 'https://media.example.com/a.wav?duration=8',
			}),
			operation: 'estimateCost',
			estimateFrom: 'request',
			model: 'sync-3',
		});
		expect(result.error).toBeUndefined();
		const json = result.output![0][0].json;
		expect(json).toMatchObject({ model: 'sync-3', estimatedFrameCount: 200, currency: 'USD' });
		expect(json.estimatedGenerationCost).toBeCloseTo(200 * pricePerFrameUsd['sync-3'], 4);
		expect(bed.emulator.admin.counters().requests).toEqual({ 'POST /v2/analyze/cost': 1 });
		expect(bed.emulator.admin.counters().generationsCreated).toBe(0);
	});

	it('Delete refuses a running generation clearly (409), then deletes it once finished', async () => {
		bed.emulator.admin.configureSync({
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 30 },
		});
		const [id] = await seedGenerations(1);
		const parameters = { resource: 'generation', operation: 'delete', generationId: id };

		const refused = await bed.run(parameters);
		expect(refused.error).toBeInstanceOf(NodeApiError);
		const error = refused.error as NodeApiError;
		expect(error.httpCode).toBe('409');
		expect(error.message).toMatch(new RegExp(`Generation ${id} is PENDING`));
		expect(error.description).toContain('Error code: generation_not_deletable_while_processing.');
		// Sync's own suggestion (or ours, when it gives none) says what to do.
		expect(error.description).toMatch(/COMPLETED, FAILED or REJECTED/);

		bed.emulator.admin.finishGeneration(id);
		const deleted = await bed.run(parameters);
		expect(deleted.output![0][0].json).toMatchObject({ id, status: 'COMPLETED', deleted: true });
		expect(bed.emulator.admin.generations()).toHaveLength(0);
	});
});

describe('Asset', () => {
	it('Upload streams a binary (type from its MIME type or chosen), Get returns it', async () => {
		const video = await bed.harness.binaryFromFile(join(FIXTURES, 'sample-video.mp4'), 'video/mp4');
		const speech = await bed.harness.binaryFromFile(
			join(FIXTURES, 'sample-speech.mp3'),
			'application/octet-stream',
		);
		const uploaded = await bed.run(
			{
				resource: 'asset',
				operation: 'upload',
				binaryPropertyName: 'file',
				mediaType: '={{ $json.type }}',
			},
			{
				items: [
					{ json: { type: 'auto' }, binary: { file: video } },
					{ json: { type: 'audio' }, binary: { file: speech } },
				],
			},
		);
		expect(uploaded.error).toBeUndefined();
		const [videoAsset, audioAsset] = uploaded.output![0].map((item) => item.json);
		expect(videoAsset).toMatchObject({
			type: 'VIDEO',
			size: (await readFile(join(FIXTURES, 'sample-video.mp4'))).length,
		});
		expect(audioAsset.type).toBe('AUDIO');
		expect(bed.emulator.admin.counters().uploadsReceived).toBe(2);
		expect(bed.emulator.admin.counters().requestsWithApiKeyOnStorage).toBe(0);

		const got = await bed.run({
			resource: 'asset',
			operation: 'get',
			assetId: videoAsset.id as string,
		});
		expect(got.output![0][0].json).toMatchObject({
			id: videoAsset.id,
			type: 'VIDEO',
			url: videoAsset.url,
		});
	});

	it('Get Many: limit, types, and Return All following nextCursor', async () => {
		const client = syncClient(bed.emulator);
		for (let index = 0; index < 205; index += 1) {
			const type = index % 5 === 0 ? 'AUDIO' : 'VIDEO';
			await client.post('/v2/assets', { url: `https://media.example.com/asset${index}.mp4`, type });
		}
		const limited = await bed.run({ resource: 'asset', operation: 'list', limit: 3 });
		expect(limited.output![0]).toHaveLength(3);

		const all = await bed.run({ resource: 'asset', operation: 'list', returnAll: true });
		expect(all.output![0]).toHaveLength(205);
		expect(new Set(all.output![0].map((item) => item.json.id)).size).toBe(205);
		expect(bed.emulator.admin.counters().requests['GET /v2/assets']).toBe(1 + 3);

		const audio = await bed.run({
			resource: 'asset',
			operation: 'list',
			assetTypes: ['AUDIO'],
			returnAll: true,
		});
		expect(audio.output![0]).toHaveLength(41);
		expect(audio.output![0].every((item) => item.json.type === 'AUDIO')).toBe(true);
	});
});
