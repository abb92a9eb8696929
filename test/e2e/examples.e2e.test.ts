// Every example workflow of examples/ runs in the real n8n against the emulator, with only its
// Settings node rewritten (input files, output folder, notification URL): the files users import
// are the files tested. The checks read what the workflows produced: the files written to disk,
// the notifications received, the requests the emulator saw, and the executions' data.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { CaptureServer } from './lib/captureServer';
import { startCaptureServer } from './lib/captureServer';
import { getE2eContext } from './lib/context';
import { E2E_CREDENTIALS } from './lib/credentials';
import { asCopy, exampleFiles, exampleSettings, loadExample, withSettings } from './lib/examples';
import type { FilesDir } from './lib/files';
import { createFilesDir } from './lib/files';
import { declaredTypes } from './lib/packageInstall';
import {
	binaryBytes,
	expectSuccess,
	fixtureSize,
	nodeItems,
	runInServer,
	useFastEmulator,
} from './lib/runs';

const ctx = getE2eContext();
// What the emulator serves as every lip-sync/dub result.
const OUTPUT_BYTES = fixtureSize('lipsync-output.mp4');

let files: FilesDir;
let capture: CaptureServer;

beforeAll(async () => {
	await useFastEmulator(ctx);
	files = createFilesDir(ctx.n8n.state, 'examples');
	capture = await startCaptureServer();
});

afterAll(async () => {
	await capture?.close();
	files?.remove();
});

/** True when the file starts like an ISO-BMFF (MP4) file: a box whose type is `ftyp`. */
function isMp4(file: string): boolean {
	return readFileSync(file).subarray(4, 8).toString('latin1') === 'ftyp';
}

describe(`example files (${ctx.target.label})`, () => {
	const packageTypes = declaredTypes(ctx.n8n.state.packageDir).nodes.map((name) =>
		ctx.nodeType(name),
	);

	it.each(exampleFiles())(
		'%s is self-explanatory and references known nodes and credentials',
		(file) => {
			const workflow = loadExample(file);
			expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
			expect(workflow.name).toMatch(/^Example \d+[ab]?: /);
			const ids = workflow.nodes.map((node) => node.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(workflow.nodes.some((node) => node.type === 'n8n-nodes-base.stickyNote')).toBe(true);
			expect(Object.keys(exampleSettings(workflow)).length).toBeGreaterThan(0);
			const ours = workflow.nodes.filter((node) => node.type.startsWith(`${ctx.packageName}.`));
			expect(ours.length).toBeGreaterThan(0);
			for (const node of ours) {
				expect(packageTypes).toContain(node.type);
				const [type, reference] = Object.entries(node.credentials as Record<string, unknown>)[0];
				expect(reference).toEqual(E2E_CREDENTIALS[type as keyof typeof E2E_CREDENTIALS]);
			}
		},
	);

	it("04a's default callback URL is 04b's trigger production path", () => {
		const trigger = loadExample('04b-fire-and-forget-store-result.json').nodes.find(
			(node) => node.type === ctx.nodeType('generationTrigger'),
		);
		const { callbackUrl } = exampleSettings(loadExample('04a-fire-and-forget-submit.json'));
		expect(String(callbackUrl)).toMatch(
			new RegExp(`/webhook/${String(trigger?.webhookId)}/webhook$`),
		);
	});
});

describe(`examples run in ${ctx.target.label}`, () => {
	it('01 dubs a video read from disk into Spanish, saves it and notifies', async () => {
		const output = files.sub('01-output');
		const workflow = withSettings(
			asCopy(loadExample('01-dub-video-to-spanish.json'), 'e2eExample01Dub1'),
			{
				inputVideoPath: files.fixture('sample-video.mp4'),
				outputDirectory: output,
				notifyUrl: `${capture.url}/notify-01`,
			},
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [dubbed] = nodeItems(execution.data, 'Dub Into Spanish');
		expect(dubbed.json).toMatchObject({ status: 'COMPLETED' });
		expect(dubbed.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(binaryBytes(dubbed.binary!.data)).toBe(OUTPUT_BYTES);

		// The video went up as a binary (an uploaded asset), with Spanish as the dub target.
		const generation = await ctx.emulatorAdmin.generation(dubbed.json.id);
		expect(generation.dubParams).toMatchObject({ targetLang: 'es', providerName: 'elevenlabs' });
		expect(generation.input).toEqual([
			expect.objectContaining({ type: 'video', assetId: expect.any(String) }),
		]);
		const asset = (await ctx.emulatorAdmin.assets()).find(
			(a) => a.id === generation.input[0].assetId,
		);
		expect(asset).toMatchObject({ type: 'VIDEO', size: fixtureSize('sample-video.mp4') });

		const saved = path.join(output, `${String(dubbed.json.id)}-es.mp4`);
		expect(statSync(saved).size).toBe(OUTPUT_BYTES);
		expect(isMp4(saved)).toBe(true);

		const [notification] = await capture.waitFor(1, { path: '/notify-01' });
		expect(notification.method).toBe('POST');
		expect(notification.json).toEqual({
			event: 'video.dubbed',
			language: 'es',
			generationId: dubbed.json.id,
			file: saved,
			videoUrl: dubbed.json.outputUrl,
		});
	});

	it('02 lip-syncs a video URL to a script spoken by an ElevenLabs voice and saves it', async () => {
		const output = files.sub('02-output');
		const example = loadExample('02-lipsync-text-to-speech.json');
		const settings = exampleSettings(example);
		const workflow = withSettings(asCopy(example, 'e2eExample02Tts1'), { outputDirectory: output });
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [result] = nodeItems(execution.data, 'Lip-Sync to Script');
		expect(result.json).toMatchObject({ status: 'COMPLETED', model: 'lipsync-2' });
		const generation = await ctx.emulatorAdmin.generation(result.json.id);
		expect(generation.input).toEqual([
			{ type: 'video', url: settings.videoUrl },
			{
				type: 'text',
				provider: {
					name: 'elevenlabs',
					voiceId: settings.voiceId,
					script: settings.script,
					stability: 0.5,
					similarityBoost: 0.75,
				},
			},
		]);
		expect(generation.options).toMatchObject({ sync_mode: 'bounce' });
		const saved = path.join(output, `${String(result.json.id)}.mp4`);
		expect(statSync(saved).size).toBe(OUTPUT_BYTES);
		expect(isMp4(saved)).toBe(true);
	});

	it('02 also runs from the command line (n8n execute)', async () => {
		const output = files.sub('02-cli-output');
		const workflow = withSettings(
			asCopy(loadExample('02-lipsync-text-to-speech.json'), 'e2eExample02Cli1'),
			{ outputDirectory: output },
		);
		await ctx.n8n.createWorkflow(workflow);
		const { code, run, stderr } = await ctx.n8n.executeWorkflowCli(workflow.id);
		expect({
			code,
			error: run?.data.resultData.error?.message,
			stderr: code ? stderr : '',
		}).toEqual({
			code: 0,
			error: undefined,
			stderr: '',
		});
		const [result] = nodeItems(run!.data, 'Save Video');
		expect(result.json).toMatchObject({ status: 'COMPLETED', fileName: expect.any(String) });
		expect(statSync(String(result.json.fileName)).size).toBe(OUTPUT_BYTES);
	});

	it('03 composes a soundtrack for a video read from disk and saves the MP3', async () => {
		const output = files.sub('03-output');
		const example = loadExample('03-soundtrack-video-to-music.json');
		const workflow = withSettings(asCopy(example, 'e2eExample03Mus1'), {
			inputVideoPath: files.fixture('sample-video.mp4'),
			outputDirectory: output,
		});
		const before = (await ctx.emulatorAdmin.counters()).musicGenerations;
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);
		expect((await ctx.emulatorAdmin.counters()).musicGenerations).toBe(before + 1);

		const [soundtrack] = nodeItems(execution.data, 'Compose Soundtrack');
		expect(soundtrack.json).toMatchObject({
			fileName: 'sample-video-soundtrack.mp3',
			mimeType: 'audio/mpeg',
			outputFormat: 'mp3_44100_128',
			videoCount: 1,
			description: exampleSettings(example).musicDescription,
			tags: ['cinematic', 'acoustic'],
		});
		expect(soundtrack.binary?.data).toMatchObject({ mimeType: 'audio/mpeg' });
		const saved = path.join(output, 'sample-video-soundtrack.mp3');
		expect(statSync(saved).size).toBe(binaryBytes(soundtrack.binary!.data));
		// About 4 s of 128 kbps MP3 (the video is 4 s long): 64 kB, give or take a frame or two.
		expect(statSync(saved).size).toBeGreaterThan(60_000);
		expect(statSync(saved).size).toBeLessThan(70_000);
		const head = readFileSync(saved);
		expect(head[0] === 0xff && (head[1] & 0xe0) === 0xe0).toBe(true); // An MPEG audio frame sync.
	});

	it('04 fire and forget: the submit workflow ends at once, the published trigger workflow stores the result', async () => {
		const output = files.sub('04-output');
		const webhookId = randomUUID();
		const store = withSettings(
			asCopy(loadExample('04b-fire-and-forget-store-result.json'), 'e2eExample04bSt1', {
				'Generation Finished': webhookId,
			}),
			{ outputDirectory: output },
		);
		await ctx.n8n.createWorkflow(store);
		await ctx.n8n.activateWorkflow(store.id);
		try {
			const submit = withSettings(
				asCopy(loadExample('04a-fire-and-forget-submit.json'), 'e2eExample04aSu1'),
				{ callbackUrl: ctx.n8n.webhookUrl(`${webhookId}/webhook`) },
			);
			const submitted = await runInServer(ctx, submit);
			expectSuccess(submitted);
			const [pending] = nodeItems(submitted.data, 'Submit Lip-Sync');
			expect(pending.json).toMatchObject({ status: 'PENDING' });
			expect(pending.binary).toBeUndefined();

			const stored = await ctx.n8n.waitForExecution(
				(execution) => execution.workflowId === store.id && execution.status !== 'running',
				30_000,
				store.id,
			);
			expectSuccess(stored);
			const [received] = nodeItems(stored.data, 'Generation Finished');
			expect(received.json).toMatchObject({ id: pending.json.id, status: 'COMPLETED' });
			expect(received.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
			const saved = path.join(output, `${String(pending.json.id)}.mp4`);
			expect(statSync(saved).size).toBe(OUTPUT_BYTES);
			expect(await ctx.n8n.listExecutions(store.id)).toHaveLength(1);
		} finally {
			await ctx.n8n.deactivateWorkflow(store.id);
		}
	});

	it('05 dubs every video of a folder, saves one file each and sends one summary', async () => {
		const input = files.sub('05-input');
		const output = files.sub('05-output');
		files.fixture('sample-video.mp4', input);
		files.fixture('sample-video-2.mp4', input);
		const workflow = withSettings(
			asCopy(loadExample('05-dub-many-videos.json'), 'e2eExample05Man1'),
			{
				inputFolder: input,
				outputDirectory: output,
				notifyUrl: `${capture.url}/notify-05`,
			},
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const dubbed = nodeItems(execution.data, 'Dub Each Video');
		expect(dubbed).toHaveLength(2);
		for (const item of dubbed) {
			expect(item.json).toMatchObject({ status: 'COMPLETED' });
			expect((await ctx.emulatorAdmin.generation(item.json.id)).dubParams).toMatchObject({
				targetLang: 'de',
			});
		}
		expect(readdirSync(output).sort()).toEqual(['sample-video-2-de.mp4', 'sample-video-de.mp4']);
		for (const file of readdirSync(output)) {
			expect(statSync(path.join(output, file)).size).toBe(OUTPUT_BYTES);
		}

		const [summary] = await capture.waitFor(1, { path: '/notify-05' });
		const body = summary.json as {
			event: string;
			count: number;
			videos: Array<Record<string, unknown>>;
		};
		expect(body).toMatchObject({ event: 'videos.dubbed', language: 'de', count: 2 });
		expect(body.videos.map((video) => video.id).sort()).toEqual(
			dubbed.map((item) => item.json.id).sort(),
		);
		for (const video of body.videos) expect(existsSync(String(video.fileName))).toBe(true);
	});

	it('06 localises a video: dubs within a budget (one language refused), composes a soundtrack, saves all, one summary', async () => {
		const input = files.sub('06-input');
		const output = files.sub('06-output');
		const video = files.fixture('sample-video.mp4', input);
		const created = (await ctx.emulatorAdmin.generations()).length;
		// The 4 s sample at lipsync-2: 100 frames, 0.2 USD a dub; 0.5 USD pays for two of three.
		const workflow = withSettings(
			asCopy(loadExample('06-localise-a-video.json'), 'e2eExample06Loc1'),
			{
				inputVideoPath: video,
				targetLanguages: 'es, fr, de',
				maxCostUsd: '0.5',
				outputDirectory: output,
				notifyUrl: `${capture.url}/notify-06`,
			},
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const dubs = nodeItems(execution.data, 'Dub Into Every Language');
		expect(
			dubs.map((item) => [item.json.language, item.json.error ? 'refused' : item.json.status]),
		).toEqual([
			['es', 'COMPLETED'],
			['fr', 'COMPLETED'],
			['de', 'refused'],
		]);
		expect(String(dubs[2].json.error)).toContain('"Max Cost per Execution (USD)" is 0.5');
		expect((await ctx.emulatorAdmin.generations()).length - created).toBe(2);
		expect(readdirSync(output).sort()).toEqual([
			'sample-video-es.mp4',
			'sample-video-fr.mp4',
			'sample-video-soundtrack.mp3',
		]);

		const [summary] = await capture.waitFor(1, { path: '/notify-06' });
		const body = summary.json as {
			event: string;
			languages: Array<{ language: string; status: string; estimatedCostUsd: number | null }>;
			soundtrack: string | null;
			estimatedDubbingCostUsd: number;
		};
		expect(body.event).toBe('video.localised');
		expect(body.languages.map((entry) => [entry.language, entry.status])).toEqual([
			['es', 'COMPLETED'],
			['fr', 'COMPLETED'],
			['de', 'refused or failed'],
		]);
		expect(body.soundtrack).toBe(path.join(output, 'sample-video-soundtrack.mp3'));
		expect(body.estimatedDubbingCostUsd).toBeCloseTo(0.4, 4);
	});
});
