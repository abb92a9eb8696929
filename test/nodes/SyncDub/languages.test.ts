/**
 * Sync Dub 1.1: one video into several languages in one node (each (item, language) pair its own
 * generation and output item), and the cost guard that refuses jobs before they are submitted.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maxRunningAtOnce } from '../../emulator/testkit';
import { SAMPLE_VIDEO, items, storedGeneration, useSyncDub } from './setup';

const env = useSyncDub();

const dub = async (parameters: INodeParameters, options: Parameters<typeof env.run>[1] = {}) =>
	await env.run(parameters, { typeVersion: 1.1, ...options });

/** 10 s of video with lipsync-2: 250 frames × 0.002 USD, as the emulator's media are measured. */
const DUB_COST = 0.5;

describe('Sync Dub into several languages', () => {
	it('one video × 3 languages gives 3 generations and 3 paired outputs, named by language', async () => {
		const { output, error } = await dub({ targetLanguage: ['es', 'fr', 'de'] });
		expect(error).toBeUndefined();
		const outputs = output![0];
		expect(outputs.map((item) => item.json.language)).toEqual(['es', 'fr', 'de']);
		expect(outputs.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		for (const item of outputs) {
			expect(item.json.status).toBe('COMPLETED');
			// <name>-<lang>.mp4, the name the video URL's file name (talk_en.mp4); Sync's file too.
			expect(item.binary!.data.fileName).toBe(`talk_en-${String(item.json.language)}.mp4`);
			const stored = storedGeneration(env.emulator, item);
			expect(stored.outputFileName).toBe(`talk_en-${String(item.json.language)}`);
			expect(stored.dubParams).toMatchObject({
				targetLang: item.json.language,
				providerName: 'elevenlabs',
			});
		}
		expect(new Set(outputs.map((item) => item.json.id)).size).toBe(3);
		expect(env.emulator.admin.counters().generationsCreated).toBe(3);
	});

	it('keeps item order, then language order, and accepts a comma-separated expression', async () => {
		const { output, error } = await dub(
			{
				targetLanguage: '={{ $json.languages }}',
				completion: 'none',
				// Four Don't Wait jobs exceed the Creator plan's three running generations: the fourth
				// waits for a slot instead of failing at once.
				whenPlanFull: 'wait',
				options: { outputFileName: 'talk', maxConcurrentJobs: 1 },
			},
			{ items: items({ languages: 'Spanish, ja' }, { languages: ['fr', 'es', 'fr'] }) },
		);
		expect(error).toBeUndefined();
		const outputs = output![0];
		expect(outputs.map((item) => [item.pairedItem, item.json.language])).toEqual([
			[{ item: 0 }, 'es'],
			[{ item: 0 }, 'ja'],
			[{ item: 1 }, 'fr'],
			[{ item: 1 }, 'es'],
		]);
		// <Output File Name>-<lang>: Sync's file names differ between the dubs of one item.
		expect(outputs.map((item) => storedGeneration(env.emulator, item).outputFileName)).toEqual([
			'talk-es',
			'talk-ja',
			'talk-fr',
			'talk-es',
		]);
	});

	it('names a dub sync-<generation id>-<lang> when the URL names no file', async () => {
		const { output, error } = await dub({
			videoUrl: 'https://media.example.com/videos/12345',
			targetLanguage: ['es'],
		});
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(storedGeneration(env.emulator, item).outputFileName).toBeUndefined();
		expect(item.binary!.data.fileName).toBe(`sync-${String(item.json.id)}-es.mp4`);
	});

	it('does not repeat a language the Output File Name ends with (my_video_es stays my_video_es)', async () => {
		const { output, error } = await dub({
			targetLanguage: ['es', 'fr'],
			completion: 'none',
			options: { outputFileName: 'my_video_es' },
		});
		expect(error).toBeUndefined();
		expect(output![0].map((item) => storedGeneration(env.emulator, item).outputFileName)).toEqual([
			'my_video_es',
			'my_video_es-fr',
		]);
	});

	it('runs the languages of a video side by side by default (Max Concurrent Jobs 3)', async () => {
		const { error } = await dub({ targetLanguage: ['es', 'fr', 'de'] });
		expect(error).toBeUndefined();
		expect(maxRunningAtOnce(env.emulator.admin.generations())).toBe(3);
	});

	it('uploads a binary video once for all its languages', async () => {
		const video = await env.harness.binaryFromFile(SAMPLE_VIDEO, 'video/mp4', 'talk.mp4');
		const { output, error } = await dub(
			{
				videoSource: 'binary',
				videoBinaryProperty: 'data',
				targetLanguage: ['es', 'fr'],
				completion: 'none',
			},
			{ items: [{ json: {}, binary: { data: video } }] },
		);
		expect(error).toBeUndefined();
		expect(output![0]).toHaveLength(2);
		expect(env.emulator.admin.counters().uploadsReceived).toBe(1);
		const [first, second] = output![0].map((item) => storedGeneration(env.emulator, item).input[0]);
		expect(first.assetId).toBe(second.assetId);
		// Named after the input's file name (talk.mp4).
		expect(output![0].map((item) => storedGeneration(env.emulator, item).outputFileName)).toEqual([
			'talk-es',
			'talk-fr',
		]);
	});

	it('with Continue On Fail a failed language is one error item; the others succeed', async () => {
		env.emulator.admin.configureSync({ failDubLanguages: ['fr'] });
		const { output, error } = await dub(
			{ targetLanguage: ['es', 'fr', 'de'], downloadOutput: false },
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		const outputs = output![0];
		expect(outputs.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		expect(outputs.map((item) => (item.json.error ? 'error' : item.json.status))).toEqual([
			'COMPLETED',
			'error',
			'COMPLETED',
		]);
		expect(outputs[1].json).toMatchObject({
			language: 'fr',
			status: 'FAILED',
			vendorErrorCode: 'generation_pipeline_failed',
		});
		expect(String(outputs[1].json.error)).toMatch(/ended FAILED/);
	});

	it('Wait for Webhook resumes once when every (item, language) pair is done', async () => {
		const result = await dub(
			{
				targetLanguage: ['es', 'ja'],
				completion: 'webhook',
				timeout: 60,
				options: { maxConcurrentJobs: 4 },
			},
			{ items: items({}, {}), mode: 'trigger' },
		);
		expect(result.error).toBeUndefined();
		const resumed = await result.waiting!.resumed(10_000);
		expect(resumed.timedOut).toBe(false);
		const outputs = resumed.output![0];
		expect(outputs.map((item) => [item.pairedItem, item.json.language, item.json.status])).toEqual([
			[{ item: 0 }, 'es', 'COMPLETED'],
			[{ item: 0 }, 'ja', 'COMPLETED'],
			[{ item: 1 }, 'es', 'COMPLETED'],
			[{ item: 1 }, 'ja', 'COMPLETED'],
		]);
		expect(
			outputs.every((item) =>
				item.binary?.data.fileName?.endsWith(`-${String(item.json.language)}.mp4`),
			),
		).toBe(true);
		expect(result.waiting!.calls.filter((call) => call.workflowData).length).toBe(1);
	});
});

describe('cost guard', () => {
	const guarded = (options: INodeParameters) => ({
		targetLanguage: ['es', 'fr', 'de'],
		completion: 'none',
		options,
	});

	it('a per-generation limit below one job’s estimate refuses that job, before anything is submitted', async () => {
		env.emulator.admin.configureSync({});
		const expensive = 'https://media.example.com/long.mp4?duration=30';
		const { output, error } = await dub(
			{ ...guarded({ maxCostPerGeneration: 1 }), videoUrl: '={{ $json.video }}' },
			{
				items: items({ video: 'https://media.example.com/short.mp4' }, { video: expensive }),
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		const outputs = output![0];
		expect(outputs).toHaveLength(6);
		const refused = outputs.filter((item) => item.json.error);
		expect(refused.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 1 }, { item: 1 }]);
		expect(String(refused[0].json.error)).toBe(
			'"Max Cost per Generation (USD)" is 1, but the generation (language es) is estimated at 1.5 USD (item 1)',
		);
		const submitted = outputs.filter((item) => !item.json.error);
		expect(submitted.map((item) => item.json.costEstimate)).toEqual(
			Array.from({ length: 3 }, () => ({
				estimatedGenerationCost: DUB_COST,
				estimatedFrameCount: 250,
				currency: 'USD',
				basis: 'inputs',
			})),
		);
		expect(env.emulator.admin.counters().generationsCreated).toBe(3);
		expect(env.createRequests()).toBe(3);
	});

	it('without Continue On Fail a refused job stops the node and nothing at all is submitted', async () => {
		const { error } = await dub(guarded({ maxCostPerGeneration: 0.1 }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error!.message).toMatch(
			/^"Max Cost per Generation \(USD\)" is 0\.1, but the generation \(language es\) is estimated at 0\.5 USD \(item 0\)$/,
		);
		expect(env.createRequests()).toBe(0);
	});

	it('a per-execution limit lets jobs through in item order until the total would pass it', async () => {
		const { output } = await dub(guarded({ maxCostPerExecution: 1.2 }), { continueOnFail: true });
		const outputs = output![0];
		expect(outputs.map((item) => item.json.language)).toEqual(['es', 'fr', 'de']);
		expect(outputs.map((item) => (item.json.error ? 'refused' : item.json.status))).toEqual([
			'PENDING',
			'PENDING',
			'refused',
		]);
		expect(String(outputs[2].json.error)).toBe(
			'"Max Cost per Execution (USD)" is 1.2, and the generation (language de) (estimated at 0.5 USD) would take this execution to 1.5 USD (item 0)',
		);
		expect(env.emulator.admin.counters().generationsCreated).toBe(2);
	});

	it('falls back to the duration estimate, and applies the choice when there is no estimate at all', async () => {
		const noRequestEstimate = {
			vendor: 'sync' as const,
			method: 'POST',
			path: '^/v2/analyze/cost$',
			kind: 'status' as const,
			status: 404,
			times: 100,
		};
		const noDurationEstimate = {
			vendor: 'sync' as const,
			method: 'POST',
			path: '^/v2/generations/estimate$',
			kind: 'status' as const,
			status: 404,
			times: 100,
		};
		const video = await env.harness.binaryFromFile(SAMPLE_VIDEO, 'video/mp4', 'talk.mp4');
		const binaryDub = {
			videoSource: 'binary',
			videoBinaryProperty: 'data',
			targetLanguage: ['es'],
			completion: 'none',
		};
		const input = { items: [{ json: {}, binary: { data: video } }] };

		env.emulator.admin.injectFault(noRequestEstimate);
		const fromDuration = await dub({ ...binaryDub, options: { maxCostPerGeneration: 5 } }, input);
		expect(fromDuration.error).toBeUndefined();
		expect(fromDuration.output![0][0].json.costEstimate).toMatchObject({
			basis: 'duration',
			currency: 'USD',
		});

		env.emulator.admin.reset();
		env.emulator.admin.injectFault(noRequestEstimate);
		env.emulator.admin.injectFault(noDurationEstimate);
		const refused = await dub({ ...binaryDub, options: { maxCostPerGeneration: 5 } }, input);
		expect(refused.error!.message).toMatch(
			/^"When No Estimate" is "Refuse the Generation", and Sync could not estimate the generation \(language es\): /,
		);
		expect(env.createRequests()).toBe(0);

		const allowed = await dub(
			{ ...binaryDub, options: { maxCostPerGeneration: 5, whenNoEstimate: 'allow' } },
			input,
		);
		expect(allowed.error).toBeUndefined();
		expect(allowed.output![0][0].json.costEstimate).toEqual({
			unavailable: expect.stringContaining('Sync Labs:'),
		});
		expect(env.createRequests()).toBe(1);
	});
});
