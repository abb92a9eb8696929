import type { NodeApiError } from 'n8n-workflow';

import { sanitisePrompt } from '../../emulator/elevenlabs';
import { SAMPLE_VIDEO, SAMPLE_VIDEO_2, errorText, useVideoToMusic } from './setup';

/** ElevenLabs errors as the user sees them, and how the node waits for a music slot. */
const env = useVideoToMusic();

const oneVideo = async () => [await env.videoItem({ data: SAMPLE_VIDEO })];

describe('Video To Music: ElevenLabs errors', () => {
	it('bad_prompt: shows the description ElevenLabs suggests instead', async () => {
		const description = 'Epic drums in the style of Hans Zimmer, rising to a finale';
		const { error } = await env.run({ description }, { items: await oneVideo() });
		const suggestion = sanitisePrompt(
			description,
			env.emulator.admin.elevenLabsConfig().blockedTerms,
		);
		expect(suggestion).not.toMatch(/zimmer/i);
		expect(error?.message).toContain(
			'ElevenLabs: Your prompt appears to have violated our Terms of Service',
		);
		expect(errorText(error)).toContain(
			`ElevenLabs suggests this description instead: "${suggestion}"`,
		);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect(env.emulator.admin.counters().musicGenerations).toBe(0);
	});

	it('bad_prompt without a suggestion (harmful content, or a blocked tag): says what to change', async () => {
		const { error } = await env.run(
			{ tags: 'cinematic, emulator-harmful-term' },
			{ items: await oneVideo() },
		);
		expect(errorText(error)).toContain('Error code: bad_prompt.');
		expect(errorText(error)).toContain('Rephrase the description without artist or band names');
	});

	it('403 subscription_required: Video To Music needs a paid plan', async () => {
		const { error } = await env.run({}, { items: await oneVideo(), apiKey: 'sk_test_el_free' });
		expect(error?.message).toBe('ElevenLabs: Subscription required.');
		expect((error as NodeApiError).httpCode).toBe('403');
		expect(errorText(error)).toContain(
			'Video To Music needs a paid ElevenLabs plan (Starter or above). (item 0)',
		);
	});

	it('403 output_format_not_allowed: names the plan the chosen format needs', async () => {
		let { error } = await env.run({ outputFormat: 'pcm_44100' }, { items: await oneVideo() });
		expect(error?.message).toContain('is only allowed for Pro tier and above');
		expect(errorText(error)).toContain(
			'The output format "PCM 44.1 kHz, Raw 16-Bit (Pro+)" (pcm_44100) needs the Pro plan or above.',
		);
		({ error } = await env.run(
			{ outputFormat: 'mp3_44100_192' },
			{ items: await oneVideo(), apiKey: 'sk_test_el_starter' },
		));
		expect(errorText(error)).toContain('(mp3_44100_192) needs the Creator plan or above');
		// The same formats work on plans that include them.
		const pro = await env.run(
			{ outputFormat: 'pcm_44100' },
			{ items: await oneVideo(), apiKey: 'sk_test_el_pro' },
		);
		expect(pro.error).toBeUndefined();
	});

	it('422 validation: names the field ElevenLabs refused', async () => {
		env.emulator.admin.configureElevenLabs({ descriptionMaxLength: 10 });
		const { error } = await env.run(
			{ description: 'A long slow build' },
			{ items: await oneVideo() },
		);
		expect((error as NodeApiError).httpCode).toBe('422');
		expect(error?.message).toBe(
			'ElevenLabs: description: String should have at most 10 characters',
		);
		expect(errorText(error)).toContain('Field: description.');
	});

	it('a 401 names the credential', async () => {
		const { error } = await env.run({}, { items: await oneVideo(), apiKey: 'sk_wrong' });
		expect(error?.message).toBe('ElevenLabs: Invalid API key');
		expect(errorText(error)).toContain('Check the API key in the ElevenLabs credential');
		expect(env.harness.logText()).not.toContain('sk_wrong');
	});

	it('a connection dropped after upload is not sent again (the generation may be billed)', async () => {
		env.emulator.admin.injectFault({
			vendor: 'elevenlabs',
			path: 'video-to-music',
			kind: 'reset',
			when: 'afterProcessing',
		});
		const { error } = await env.run({}, { items: await oneVideo() });
		expect(error?.message).toBe(
			'ElevenLabs received the request but its answer was lost (connection reset)',
		);
		expect((error as NodeApiError).description).toContain(
			'may have done the work and charged for it',
		);
		expect(env.musicRequests()).toBe(1);
	});

	it('a soundtrack cut off mid-download is an error, not a short file', async () => {
		env.emulator.admin.injectFault({
			vendor: 'elevenlabs',
			path: 'video-to-music',
			kind: 'truncate',
			afterBytes: 5000,
		});
		const { error } = await env.run({}, { items: await oneVideo() });
		expect(error?.message).toBe(
			'The soundtrack from ElevenLabs could not be downloaded completely',
		);
		expect((error as NodeApiError).description).toMatch(/may have been billed/);
		expect(env.musicRequests()).toBe(1);
	});
});

describe('Video To Music: music concurrency', () => {
	const withConcurrency = (limit: number) => {
		const { keys, defaultApiKey } = env.emulator.admin.elevenLabsConfig();
		env.emulator.admin.configureElevenLabs({
			generationDelayMs: 300,
			keys: { ...keys, [defaultApiKey]: { ...keys[defaultApiKey], concurrency: limit } },
		});
	};

	it('429 concurrent_limit_exceeded: waits for a free slot, then succeeds', async () => {
		withConcurrency(1);
		const items = [
			await env.videoItem({ data: SAMPLE_VIDEO }),
			await env.videoItem({ data: SAMPLE_VIDEO_2 }),
		];
		const { output, error } = await env.run(
			{ outputFormat: 'pcm_8000', options: { maxConcurrentRequests: 2 } },
			{ items },
		);
		expect(error).toBeUndefined();
		expect(output![0].map((item) => item.json.bytes)).toEqual([64000, 40320]);
		const counters = env.emulator.admin.counters();
		expect(counters.musicGenerations).toBe(2);
		// One request was turned away at least once and sent again (with freshly opened videos).
		expect(counters.requests['POST /v1/music/video-to-music']).toBeGreaterThanOrEqual(3);
		expect(
			env.harness.logs.some(
				(line) =>
					line.message === 'Retrying API request' && line.metadata?.reason === 'concurrency',
			),
		).toBe(true);
	});

	it('"Max Concurrent Requests" (default 2) keeps within the plan limit: no 429 at all', async () => {
		withConcurrency(2);
		const items = await Promise.all(
			[0, 1, 2, 3].map(async () => await env.videoItem({ data: SAMPLE_VIDEO_2 })),
		);
		const { output, error } = await env.run({ outputFormat: 'pcm_8000' }, { items });
		expect(error).toBeUndefined();
		expect(output![0]).toHaveLength(4);
		expect(env.musicRequests()).toBe(4);
		expect(env.emulator.admin.counters().musicGenerations).toBe(4);
	});
});

describe('Video To Music: Continue On Fail with API errors', () => {
	it('one error item for the failing input, the others succeed, all paired', async () => {
		const items = [
			await env.videoItem({ data: SAMPLE_VIDEO }, { text: 'Soft strings' }),
			await env.videoItem({ data: SAMPLE_VIDEO }, { text: 'Like The Beatles, with piano' }),
		];
		const { output, error } = await env.run(
			{ description: '={{ $json.text }}', outputFormat: 'pcm_8000' },
			{ items, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		const [ok, failed] = output![0];
		expect(ok).toMatchObject({ pairedItem: { item: 0 }, json: { bytes: 64000 } });
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json).toMatchObject({ httpCode: '400', vendorErrorCode: 'bad_prompt' });
		expect(String(failed.json.suggestion)).toContain(
			'ElevenLabs suggests this description instead: "With piano"',
		);
	});

	it('combined items with "Continue (using error output)": the error item carries the message, details under `message`', async () => {
		// n8n routes an item to the error output only when its json holds `error` and at most `message`.
		const items = [
			await env.videoItem({ data: SAMPLE_VIDEO }),
			await env.videoItem({ data: SAMPLE_VIDEO_2 }),
		];
		const { output, error } = await env.run(
			{ combineItems: true, outputFormat: 'pcm_44100' },
			{ items, continueOnFail: 'errorOutput' },
		);
		expect(error).toBeUndefined();
		expect(output![0]).toHaveLength(1);
		expect(Object.keys(output![0][0].json)).toEqual(['error', 'message']);
		expect(output![0][0].json.error).toContain('only allowed for Pro tier');
		expect(output![0][0].json.message).toMatchObject({
			description: expect.stringContaining('needs the Pro plan or above'),
		});
		expect(output![0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('combined items: the single error item is paired with every input item', async () => {
		const items = [
			await env.videoItem({ data: SAMPLE_VIDEO }),
			await env.videoItem({ data: SAMPLE_VIDEO_2 }),
		];
		const { output, error } = await env.run(
			{ combineItems: true, outputFormat: 'pcm_44100' },
			{ items, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output![0]).toHaveLength(1);
		expect(output![0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output![0][0].json.error).toContain('only allowed for Pro tier');
		expect(output![0][0].json.description).toContain('needs the Pro plan or above');
	});
});
