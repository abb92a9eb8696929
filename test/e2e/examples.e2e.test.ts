// Every example workflow of examples/ is checked here, and the ones that need only the local disk
// run in the real n8n against the emulator, with only their Settings node rewritten: the files
// users import are the files tested. The examples with a bucket and a mail server run in
// examplesStorageMail.e2e.test.ts.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { getE2eContext } from './lib/context';
import { E2E_CREDENTIALS } from './lib/credentials';
import { asCopy, exampleFiles, exampleSettings, loadExample, withSettings } from './lib/examples';
import type { FilesDir } from './lib/files';
import { createFilesDir } from './lib/files';
import { declaredTypes } from './lib/packageInstall';
import {
	binaryBytes,
	emulatorOutput,
	expectSuccess,
	nodeItems,
	runInServer,
	useFastEmulator,
} from './lib/runs';

const ctx = getE2eContext();

let files: FilesDir;

beforeAll(async () => {
	await useFastEmulator(ctx);
	files = createFilesDir(ctx.n8n.state, 'examples');
});

afterAll(async () => {
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
		expect(readFileSync(saved).equals(await emulatorOutput(result.json.outputUrl))).toBe(true);
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
		const saved = readFileSync(String(result.json.fileName));
		expect(saved.equals(await emulatorOutput(result.json.outputUrl))).toBe(true);
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
});
