import { NodeOperationError } from 'n8n-workflow';
import { readFile } from 'node:fs/promises';

import { syncClient } from '../../emulator/testkit';
import { SAMPLE_VIDEO, VIDEO_URL, items, storedGeneration, useSyncDub } from './setup';

/** Sync Dub: the three video sources, languages, speakers and the request it sends. */
const env = useSyncDub();

describe('Sync Dub inputs', () => {
	it('dubs a video URL and sends exactly one video input with dubParams', async () => {
		const { output, error } = await env.run({ targetLanguage: 'es' });
		expect(error).toBeUndefined();
		const [item] = output![0];
		expect(item.json).toMatchObject({ status: 'COMPLETED', model: 'lipsync-2', errorCode: null });
		expect(item.pairedItem).toEqual({ item: 0 });

		const generation = storedGeneration(env.emulator, item);
		expect(generation.input).toEqual([{ type: 'video', url: VIDEO_URL }]);
		// numSpeakers 0 (automatic) is left out, as Sync's default.
		expect(generation.dubParams).toEqual({
			providerName: 'elevenlabs',
			targetLang: 'es',
			sourceLang: 'auto',
		});
		expect(generation.webhookUrl).toBeNull();

		// The dubbed video is streamed into the binary property, named after the generation.
		const binary = item.binary!.data;
		expect(binary).toMatchObject({ mimeType: 'video/mp4', fileName: `sync-${generation.id}.mp4` });
		const bytes = await env.harness.readBinary(binary);
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
	});

	it('uploads a binary video by streaming it through the assets flow', async () => {
		const video = await env.harness.binaryFromFile(SAMPLE_VIDEO, 'video/mp4', 'talk.mp4');
		const { output, error } = await env.run(
			{
				videoSource: 'binary',
				videoBinaryProperty: 'clip',
				targetLanguage: 'de',
				completion: 'none',
			},
			{ items: [{ json: {}, binary: { clip: video } }] },
		);
		expect(error).toBeUndefined();

		const counters = env.emulator.admin.counters();
		expect(counters.requests['POST /v2/assets/upload']).toBe(1);
		expect(counters.uploadsReceived).toBe(1);
		expect(counters.assetsCreated).toBe(1);
		const [asset] = env.emulator.admin.assets();
		expect(asset).toMatchObject({ type: 'VIDEO', name: 'talk.mp4', inputType: 'UPLOAD' });
		expect(asset.size).toBe((await readFile(SAMPLE_VIDEO)).length);

		const generation = storedGeneration(env.emulator, output![0][0]);
		expect(generation.input).toEqual([{ type: 'video', assetId: asset.id }]);
		expect(generation.dubParams).toMatchObject({ targetLang: 'de' });
	});

	it('dubs a video from the media library by asset ID', async () => {
		const created = await syncClient(env.emulator).post('/v2/assets', {
			url: 'https://media.example.com/library.mp4',
			type: 'VIDEO',
			name: 'library clip',
		});
		expect(created.status).toBe(201);

		const { output, error } = await env.run({
			videoSource: 'asset',
			videoAssetId: created.body.id,
			targetLanguage: 'fr',
			completion: 'none',
		});
		expect(error).toBeUndefined();
		expect(output![0][0].json.status).toBe('PENDING');
		const generation = storedGeneration(env.emulator, output![0][0]);
		expect(generation.input).toEqual([{ type: 'video', assetId: created.body.id }]);
		expect(env.emulator.admin.counters().uploadsReceived).toBe(0);
	});

	it('refuses an empty or non-http video URL before any request', async () => {
		const { error } = await env.run({ videoUrl: 'ftp://media.example.com/a.mp4' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error!.message).toMatch(/"Video URL" must be an http\(s\) URL.*\(item 0\)/);
		expect(env.emulator.admin.counters().requests).toEqual({});
	});
});

describe('Sync Dub languages', () => {
	it('accepts names, codes and labels, resolved per item from expressions', async () => {
		const { output, error } = await env.run(
			{
				targetLanguage: '={{ $json.target }}',
				sourceLanguage: '={{ $json.source }}',
				numSpeakers: '={{ $json.speakers }}',
				completion: 'none',
				options: { maxConcurrentJobs: 3 },
			},
			{
				items: items(
					{ target: 'Spanish', source: 'English', speakers: 2 },
					{ target: 'de', source: 'auto', speakers: 0 },
					{ target: 'Portuguese (pt)', source: 'Japanese (ja)', speakers: 50 },
					{ target: ' FIL ', source: '', speakers: 1 },
				),
				// Four generations at once: a plan that runs them all without queueing.
				apiKey: 'sk_test_sync_scale',
			},
		);
		expect(error).toBeUndefined();
		const dubParams = output![0].map((item) => storedGeneration(env.emulator, item).dubParams);
		expect(dubParams).toEqual([
			{ providerName: 'elevenlabs', targetLang: 'es', sourceLang: 'en', numSpeakers: 2 },
			{ providerName: 'elevenlabs', targetLang: 'de', sourceLang: 'auto' },
			{ providerName: 'elevenlabs', targetLang: 'pt', sourceLang: 'ja', numSpeakers: 50 },
			{ providerName: 'elevenlabs', targetLang: 'fil', sourceLang: 'auto', numSpeakers: 1 },
		]);
		expect(output![0].map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3].map((item) => ({ item })),
		);
	});

	it('refuses an unknown target language, naming the value and the item, before any request', async () => {
		const { error } = await env.run(
			{ targetLanguage: '={{ $json.target }}' },
			{ items: items({ target: 'es' }, { target: 'Klingon' }) },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error!.message).toBe(
			'"Target Language" is not a language Sync can dub: "Klingon" (item 1)',
		);
		expect((error as NodeOperationError).description).toMatch(/language code/);
		// Every item is validated first: not even the valid first item was submitted.
		expect(env.emulator.admin.counters().requests).toEqual({});
		expect(env.emulator.admin.counters().generationsCreated).toBe(0);
	});

	it('names "Target Languages" (version 1.1) when none, too many or an unknown one is given', async () => {
		const run = (targetLanguage: unknown) =>
			env.run({ targetLanguage } as never, { typeVersion: 1.1 });
		expect((await run([])).error!.message).toBe('"Target Languages" is empty (item 0)');
		const many = Array.from({ length: 21 }, (_, index) => ['es', 'fr', 'de'][index % 3] + index);
		expect((await run(many)).error!.message).toBe(
			'"Target Languages" may hold at most 20 languages per item, got 21 (item 0)',
		);
		expect((await run(['es', 'Klingon'])).error!.message).toBe(
			'"Target Languages" is not a language Sync can dub: "Klingon" (item 0)',
		);
		expect(env.emulator.admin.counters().generationsCreated).toBe(0);
	});

	it('refuses an unknown source language and an out-of-range number of speakers', async () => {
		const source = await env.run({ targetLanguage: 'es', sourceLanguage: '={{ "xx" }}' });
		expect(source.error!.message).toBe(
			'"Source Language" is not a language Sync can dub: "xx" (item 0)',
		);

		const speakers = await env.run({ targetLanguage: 'es', numSpeakers: 51 });
		expect(speakers.error!.message).toBe(
			'"Number of Speakers" must be a whole number from 0 (automatic) to 50, got 51 (item 0)',
		);
		const fraction = await env.run({ targetLanguage: 'es', numSpeakers: '={{ 1.5 }}' });
		expect(fraction.error!.message).toMatch(
			/"Number of Speakers" must be a whole number.*got 1\.5/,
		);
		expect(env.emulator.admin.counters().requests).toEqual({});
	});

	it('with Continue On Fail, submits the valid items and pairs an error item for the unknown one', async () => {
		const { output, error } = await env.run(
			{ targetLanguage: '={{ $json.target }}', completion: 'none' },
			{
				items: items({ target: 'Italian' }, { target: 'Elvish' }, { target: 'ko' }),
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		const [first, second, third] = output![0];
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(storedGeneration(env.emulator, first).dubParams).toMatchObject({ targetLang: 'it' });
		expect(second).toMatchObject({
			pairedItem: { item: 1 },
			json: { error: expect.stringContaining('"Elvish" (item 1)') },
		});
		expect(third.pairedItem).toEqual({ item: 2 });
		expect(storedGeneration(env.emulator, third).dubParams).toMatchObject({ targetLang: 'ko' });
		expect(env.emulator.admin.counters().generationsCreated).toBe(2);
	});
});

describe('Sync Dub options', () => {
	it('sends the model, lip-sync options, output file name and webhook URL', async () => {
		const { output, error } = await env.run({
			targetLanguage: 'es',
			model: 'lipsync-2-pro',
			completion: 'none',
			options: {
				syncMode: 'cut_off',
				temperature: 0.3,
				occlusionDetection: true,
				outputFileName: 'talk_es',
				webhookUrl: 'https://hooks.example.com/sync',
			},
		});
		expect(error).toBeUndefined();
		const generation = storedGeneration(env.emulator, output![0][0]);
		expect(generation).toMatchObject({
			model: 'lipsync-2-pro',
			options: { sync_mode: 'cut_off', temperature: 0.3, occlusion_detection_enabled: true },
			outputFileName: 'talk_es',
			webhookUrl: 'https://hooks.example.com/sync',
		});
	});

	it('merges Additional Body Fields (JSON) into the request', async () => {
		const projectId = env.emulator.admin.syncConfig().projectIds[0];
		const { output, error } = await env.run({
			targetLanguage: 'es',
			completion: 'none',
			options: {
				syncMode: 'loop',
				additionalBodyFields: JSON.stringify({ projectId, options: { v3: true } }),
			},
		});
		expect(error).toBeUndefined();
		const generation = storedGeneration(env.emulator, output![0][0]);
		expect(generation.projectId).toBe(projectId);
		expect(generation.options).toEqual({ sync_mode: 'loop', v3: true });
		expect(generation.dubParams).toMatchObject({ targetLang: 'es' });
	});

	it('refuses Additional Body Fields that are not a JSON object or set a field with its own parameter', async () => {
		const cases: Array<[string, RegExp]> = [
			['{"projectId": ', /is not valid JSON/],
			['[1, 2]', /must be a JSON object/],
			['{"options": 3}', /options: options must be an object/],
			['{"model": "sync-3"}', /may not set "model"; use the parameter Model/],
			[
				'{"dubParams": {"targetLang": "fr"}}',
				/may not set "dubParams.targetLang"; use the parameter Target Language/,
			],
			[
				'{"input": [{"type": "video", "url": "https://x.example/b.mp4"}]}',
				/may not set "input": dubbing takes exactly one video/,
			],
		];
		for (const [json, message] of cases) {
			const { error } = await env.run({
				targetLanguage: 'es',
				options: { additionalBodyFields: json },
			});
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error!.message).toMatch(message);
			expect(error!.message).toMatch(/\(item 0\)$/);
		}
		expect(env.emulator.admin.counters().requests).toEqual({});
	});
});
