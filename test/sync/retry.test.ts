/**
 * n8n's Retry of a crashed or failed execution (mode "retry"): the node carries on with the
 * generations the earlier run created (same request, found through Sync's list) instead of
 * submitting and paying for them again; one that failed at Sync is submitted anew; an asset the
 * earlier run uploaded is used again. A new execution still creates new jobs.
 */
import { waitForTerminal } from '../emulator/testkit';
import { SAMPLE_VIDEO, items, storedGeneration, useSyncDub } from '../nodes/SyncDub/setup';

const env = useSyncDub();

const created = () => env.emulator.admin.counters().generationsCreated;

/** The earlier run: submitted, then n8n died before it saved anything (as "Don't Wait" leaves it). */
async function earlierRun(parameters: Record<string, unknown>, options = {}) {
	const { output, error } = await env.run({ ...parameters, completion: 'none' }, options);
	expect(error).toBeUndefined();
	return output![0].map((item) => String(item.json.id));
}

describe('Retry after a crash', () => {
	it('carries on with the earlier generation (polls and downloads it) instead of submitting again', async () => {
		const [earlierId] = await earlierRun({ targetLanguage: 'es' });
		const retry = await env.run({ targetLanguage: 'es', completion: 'poll' }, { mode: 'retry' });
		expect(retry.error).toBeUndefined();
		const [item] = retry.output![0];
		expect(item.json).toMatchObject({
			id: earlierId,
			status: 'COMPLETED',
			adoptedFromEarlierRun: true,
		});
		expect(item.binary?.data.mimeType).toBe('video/mp4');
		expect(created()).toBe(1);
		expect(env.createRequests()).toBe(1);
	});

	it('submits anew when the earlier generation failed at Sync', async () => {
		env.emulator.admin.setNextOutcome('FAILED', 'generation_unhandled_error');
		const [earlierId] = await earlierRun({ targetLanguage: 'es' });
		await waitForTerminal(env.emulator, earlierId);
		const retry = await env.run(
			{ targetLanguage: 'es', completion: 'poll', downloadOutput: false },
			{ mode: 'retry' },
		);
		expect(retry.error).toBeUndefined();
		const [item] = retry.output![0];
		expect(item.json.id).not.toBe(earlierId);
		expect(item.json).toMatchObject({ status: 'COMPLETED' });
		expect(item.json.adoptedFromEarlierRun).toBeUndefined();
		expect(created()).toBe(2);
	});

	it('a new execution (not a retry) with the same request still creates a new job', async () => {
		await earlierRun({ targetLanguage: 'es' });
		await earlierRun({ targetLanguage: 'es' });
		expect(created()).toBe(2);
	});

	it('looks back 24 hours: an older generation of the same request is not adopted', async () => {
		await earlierRun({ targetLanguage: 'es' });
		const now = Date.now.bind(Date);
		const dayLater = jest.spyOn(Date, 'now').mockImplementation(() => now() + 25 * 3_600_000);
		try {
			const retry = await env.run({ targetLanguage: 'es', completion: 'none' }, { mode: 'retry' });
			expect(retry.output![0][0].json.adoptedFromEarlierRun).toBeUndefined();
		} finally {
			dayLater.mockRestore();
		}
		expect(created()).toBe(2);
	});

	it('"Reuse Identical Recent Generations" adopts on a new run too (how to recover where Retry cannot)', async () => {
		const [earlierId] = await earlierRun({ targetLanguage: 'es' });
		const again = await env.run({
			targetLanguage: 'es',
			completion: 'none',
			options: { reuseRecentGenerations: true },
		});
		expect(again.output![0][0].json).toMatchObject({ id: earlierId, adoptedFromEarlierRun: true });
		expect(created()).toBe(1);
	});

	it('tells requests apart: another video or language is submitted, not adopted', async () => {
		await earlierRun({ targetLanguage: 'es' });
		const other = await env.run({ targetLanguage: 'fr', completion: 'none' }, { mode: 'retry' });
		expect(other.output![0][0].json.adoptedFromEarlierRun).toBeUndefined();
		const otherVideo = await env.run(
			{ targetLanguage: 'es', completion: 'none', videoUrl: 'https://media.example.com/b.mp4' },
			{ mode: 'retry' },
		);
		expect(otherVideo.output![0][0].json.adoptedFromEarlierRun).toBeUndefined();
		expect(created()).toBe(3);
	});

	it('each (item, language) adopts its own generation, each at most once', async () => {
		const parameters = { targetLanguage: ['es', 'fr'], whenPlanFull: 'wait' };
		const twoItems = { typeVersion: 1.1, items: items({}, {}) };
		const earlierIds = await earlierRun(parameters, twoItems);
		expect(earlierIds).toHaveLength(4);
		const retry = await env.run(
			{ ...parameters, completion: 'none' },
			{ ...twoItems, mode: 'retry' },
		);
		expect(retry.error).toBeUndefined();
		const outputs = retry.output![0];
		expect(outputs.map((item) => item.json.language)).toEqual(['es', 'fr', 'es', 'fr']);
		expect(outputs.every((item) => item.json.adoptedFromEarlierRun === true)).toBe(true);
		expect(new Set(outputs.map((item) => item.json.id))).toEqual(new Set(earlierIds));
		for (const item of outputs) {
			expect(storedGeneration(env.emulator, item).dubParams).toMatchObject({
				targetLang: item.json.language,
			});
		}
		expect(created()).toBe(4);
	});

	it('uses the asset the earlier run uploaded for a binary video and adopts its generation', async () => {
		const video = await env.harness.binaryFromFile(SAMPLE_VIDEO, 'video/mp4', 'talk.mp4');
		const binaryInput = {
			videoSource: 'binary',
			videoBinaryProperty: 'clip',
			targetLanguage: 'de',
		};
		const options = { items: [{ json: {}, binary: { clip: video } }] };
		const [earlierId] = await earlierRun(binaryInput, options);
		const retry = await env.run(
			{ ...binaryInput, completion: 'none' },
			{ ...options, mode: 'retry' },
		);
		expect(retry.output![0][0].json).toMatchObject({ id: earlierId, adoptedFromEarlierRun: true });
		const counters = env.emulator.admin.counters();
		expect(counters.assetsCreated).toBe(1);
		expect(counters.uploadsReceived).toBe(1);
		expect(counters.generationsCreated).toBe(1);
	});

	it('a retry of a "Wait for Webhook" run polls the adopted generation to the end', async () => {
		const [earlierId] = await earlierRun({ targetLanguage: 'es' });
		const retry = await env.run(
			{ targetLanguage: 'es', completion: 'webhook', downloadOutput: false },
			{ mode: 'retry' },
		);
		expect(retry.error).toBeUndefined();
		expect(retry.output![0][0].json).toMatchObject({ id: earlierId, status: 'COMPLETED' });
		expect(created()).toBe(1);
	});
});
