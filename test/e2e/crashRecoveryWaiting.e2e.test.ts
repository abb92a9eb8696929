// n8n dies (SIGKILL) while a run waits for Sync's callbacks, and while Video To Music composes.
// Waiting: n8n saved the execution as waiting before it died, so nothing is retried: a callback
// that arrives after the restart resumes it, and the node reads every generation of the run from
// Sync, so one whose callback was lost while n8n was down is found too. Video To Music has no
// idempotency at ElevenLabs: the retry composes again, which is what the test measures.
import { copyFileSync } from 'node:fs';
import path from 'node:path';

import { getE2eContext } from './lib/context';
import { CrashLab, webhookChain } from './lib/crashLab';
import { readFilesNode } from './lib/graph';
import { waitUntil } from './lib/waitUntil';
import { binaryBytes, expectSuccess, fixturePath, nodeItems, useFastEmulator } from './lib/runs';

const ctx = getE2eContext();
const credentials = ctx.credentialRef('videoDubSyncLabsApi');
let lab: CrashLab;

beforeAll(async () => {
	lab = await CrashLab.start(ctx);
	copyFileSync(fixturePath('sample-video.mp4'), path.join(lab.filesDir, 'crash-music.mp4'));
}, 300_000);

afterEach(async () => {
	await ctx.emulatorAdmin.configureElevenLabs({ generationDelayMs: 0 });
	await useFastEmulator(ctx);
});

afterAll(async () => await lab?.destroy());

const counters = async () => await ctx.emulatorAdmin.counters();

describe(`crashes while waiting or composing (${ctx.target.label})`, () => {
	it('Wait for Webhook: a restart resumes the run, and a callback lost while n8n was down is found', async () => {
		await ctx.emulatorAdmin.configureSync({
			timing: { pendingMs: 50, processingMs: 600_000, batchPendingMs: 50 },
		});
		const before = (await counters()).generationsCreated;
		const workflow = webhookChain('e2eCrashWait0001', [
			{
				name: 'Dub',
				type: ctx.nodeType('syncDub'),
				typeVersion: 1.1,
				credentials,
				parameters: {
					videoUrl: 'https://media.example.com/crash-wait.mp4',
					targetLanguage: ['es', 'fr'],
					completion: 'webhook',
					timeout: 600,
				},
			},
		]);
		const executionId = await lab.run(workflow, workflow.id);
		const waiting = await lab.n8n.waitForExecutionToSettle(executionId, { acceptWaiting: true });
		expect(waiting.status).toBe('waiting');
		const ofRun = (await ctx.emulatorAdmin.generations()).filter((generation) =>
			generation.webhookUrl?.includes(`/${executionId}/`),
		);
		const dubInto = (language: string) =>
			ofRun.find((generation) => generation.dubParams?.targetLang === language)!;
		const [first, second] = [dubInto('es'), dubInto('fr')];

		await lab.n8n.kill();
		// Finishes while n8n is down: its callback fails, and Sync does not send it again.
		await ctx.emulatorAdmin.finishGeneration(first.id);
		await waitForDelivery(first.id, 'failed');
		const restarted = await lab.restartAfterCrash(executionId);
		expect(restarted.status).toBe('waiting');

		await ctx.emulatorAdmin.finishGeneration(second.id);
		const execution = await lab.n8n.waitForExecutionToSettle(executionId, { timeoutMs: 60_000 });
		expectSuccess(execution);
		const items = nodeItems(execution.data, 'Dub');
		expect(items.map((item) => [item.json.language, item.json.id])).toEqual([
			['es', first.id],
			['fr', second.id],
		]);
		for (const item of items) expect(binaryBytes(item.binary!.data)).toBeGreaterThan(1000);
		expect((await counters()).generationsCreated - before).toBe(2);
	});

	it('Video To Music: the retry composes again (ElevenLabs takes no idempotency key)', async () => {
		const route = 'POST /v1/music/video-to-music';
		const before = await counters();
		// ElevenLabs has the request (and bills the composition) while n8n waits for the audio.
		await ctx.emulatorAdmin.configureElevenLabs({ generationDelayMs: 30_000 });
		const workflow = webhookChain('e2eCrashMusic001', [
			readFilesNode('Read Video', path.join(lab.filesDir, 'crash-music.mp4')),
			{
				name: 'Music',
				type: ctx.nodeType('videoToMusic'),
				credentials: ctx.credentialRef('videoDubElevenLabsApi'),
				parameters: {},
			},
		]);
		const executionId = await lab.run(workflow, workflow.id);
		await lab.killWhen(
			'composition started',
			async () => (await counters()).musicGenerations > before.musicGenerations,
		);
		await ctx.emulatorAdmin.configureElevenLabs({ generationDelayMs: 0 });
		const crashed = await lab.restartAfterCrash(executionId);
		expect(crashed.status).toBe('crashed');
		const retried = await lab.retry(executionId);
		expectSuccess(retried);
		const [soundtrack] = nodeItems(retried.data, 'Music');
		expect(binaryBytes(soundtrack.binary!.data)).toBeGreaterThan(1000);
		const after = await counters();
		// The crashed run's composition was under way (billed); the retry composed a second one.
		expect((after.requests[route] ?? 0) - (before.requests[route] ?? 0)).toBe(2);
		expect(after.musicGenerations - before.musicGenerations).toBe(2);
	});
});

async function waitForDelivery(generationId: string, state: 'failed' | 'delivered') {
	await waitUntil(
		async () =>
			(await ctx.emulatorAdmin.webhookDeliveries()).some(
				(delivery) => delivery.resourceId === generationId && delivery.state === state,
			),
		{ what: `a ${state} delivery for ${generationId}`, timeoutMs: 30_000 },
	);
}
