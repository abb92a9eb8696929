// Completion "Wait for Webhook" inside the real n8n: the execution really waits, the emulator calls
// n8n's resume URL (WEBHOOK_URL is http://127.0.0.1, allowed because the credential's base URL is
// the emulator, not Sync production), and the execution finishes with the right outputs, also for
// several items with one failure. A forged callback is refused and resumes nothing.
import { getE2eContext } from './lib/context';
import type { ExecutionDetails } from './lib/n8nInstance';
import { fieldsNode, manualWorkflow, noOpNode, splitOutNode } from './lib/graph';
import {
	binaryBytes,
	expectSuccess,
	outputSize,
	nodeItems,
	readBinary,
	useFastEmulator,
} from './lib/runs';

const ctx = getE2eContext();
const LIPSYNC = ctx.nodeType('lipsyncGeneration');
const DUB = ctx.nodeType('syncDub');
const credentials = ctx.credentialRef('videoDubSyncLabsApi');
const AUDIO_URL = 'https://media.example.com/voice.wav';

beforeAll(async () => {
	// Long enough that every generation finishes after the execution has started waiting (a
	// callback that arrives while the execution is still running is refused by n8n with 409).
	await ctx.emulatorAdmin.configureSync({
		timing: { pendingMs: 100, processingMs: 1_200, batchPendingMs: 50 },
	});
});

afterAll(async () => {
	await useFastEmulator(ctx);
});

/** Starts the workflow inside the server and waits until it is waiting. */
async function startAndWait(workflow: Parameters<typeof ctx.n8n.createWorkflow>[0]) {
	await ctx.n8n.createWorkflow(workflow);
	const executionId = await ctx.n8n.runWorkflowViaRest(workflow.id);
	const waiting = await ctx.n8n.waitForExecutionToSettle(executionId, { acceptWaiting: true });
	return { executionId, waiting };
}

async function generationsOf(executionId: string) {
	const prefix = `${ctx.n8n.webhookWaitingBaseUrl}${executionId}/`;
	return (await ctx.emulatorAdmin.generations()).filter((generation) =>
		generation.webhookUrl?.startsWith(prefix),
	);
}

async function finished(executionId: string): Promise<ExecutionDetails> {
	return await ctx.n8n.waitForExecutionToSettle(executionId, { timeoutMs: 30_000 });
}

describe(`Wait for Webhook in ${ctx.target.label}`, () => {
	it('waits for the callback to its resume URL, refuses a forged one, and continues with the video', async () => {
		const workflow = manualWorkflow(
			'e2eWaitLipsync01',
			'e2e Wait for Webhook: one item',
			[
				{
					name: 'Lipsync',
					type: LIPSYNC,
					credentials,
					parameters: {
						videoUrl: 'https://media.example.com/one.mp4',
						audioUrl: AUDIO_URL,
						completion: 'webhook',
						timeout: 120,
						binaryPropertyOutput: 'lipsynced',
					},
				},
				{
					name: 'After',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					parameters: {
						mode: 'manual',
						includeOtherFields: true,
						assignments: {
							assignments: [
								{ id: 'a1', name: 'resumedWith', value: '={{ $json.id }}', type: 'string' },
							],
						},
						options: {},
					},
				},
			],
			[['Lipsync', 'After']],
		);
		const { executionId, waiting } = await startAndWait(workflow);
		expect(waiting.status).toBe('waiting');
		const [generation] = await generationsOf(executionId);
		expect(generation).toBeDefined();

		// Anyone could POST to the resume URL: without Sync's signature nothing resumes.
		const forged = await fetch(generation.webhookUrl!, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'sync-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
			},
			body: JSON.stringify({
				id: generation.id,
				status: 'COMPLETED',
				model: 'lipsync-2',
				input: [],
			}),
		});
		expect(forged.status).toBe(401);
		expect((await ctx.n8n.getExecution(executionId)).status).toBe('waiting');

		const execution = await finished(executionId);
		expectSuccess(execution);
		const [result] = nodeItems(execution.data, 'Lipsync');
		expect(result.json).toMatchObject({ id: generation.id, status: 'COMPLETED' });
		expect(result.binary?.lipsynced).toMatchObject({ mimeType: 'video/mp4' });
		expect(binaryBytes(result.binary!.lipsynced)).toBe(await outputSize(result.json.outputUrl));
		expect(readBinary(ctx, result.binary!.lipsynced).subarray(4, 8).toString('latin1')).toBe(
			'ftyp',
		);
		const [after] = nodeItems(execution.data, 'After');
		expect(after.json).toMatchObject({ resumedWith: generation.id });

		const deliveries = (await ctx.emulatorAdmin.webhookDeliveries()).filter(
			(delivery) => delivery.resourceId === generation.id,
		);
		expect(deliveries).toEqual([
			expect.objectContaining({ url: generation.webhookUrl, statusCode: 200, state: 'delivered' }),
		]);
	});

	it('resumes once every item has finished: three items in order, the failed one on the error output', async () => {
		const urls = ['one', 'two', 'fail-three'].map(
			(name) => `https://media.example.com/${name}.mp4`,
		);
		const workflow = manualWorkflow(
			'e2eWaitLipsync03',
			'e2e Wait for Webhook: three items',
			[
				fieldsNode('Videos', { videoUrl: urls }),
				splitOutNode('One Item Per Video', 'videoUrl'),
				{
					name: 'Lipsync',
					type: LIPSYNC,
					credentials,
					onError: 'continueErrorOutput',
					parameters: {
						videoUrl: '={{ $json.videoUrl }}',
						audioUrl: AUDIO_URL,
						completion: 'webhook',
						timeout: 120,
						options: { maxConcurrentJobs: 2 },
					},
				},
				noOpNode('Lip-Synced'),
				noOpNode('Failed'),
			],
			[
				['Videos', 'One Item Per Video'],
				['One Item Per Video', 'Lipsync'],
				['Lipsync', 'Lip-Synced', 0],
				['Lipsync', 'Failed', 1],
			],
		);
		const { executionId, waiting } = await startAndWait(workflow);
		expect(waiting.status).toBe('waiting');
		const submitted = await generationsOf(executionId);
		expect(submitted).toHaveLength(3);

		const execution = await finished(executionId);
		expectSuccess(execution);
		const byUrl = (url: string) => submitted.find((generation) => generation.input[0].url === url)!;
		const done = nodeItems(execution.data, 'Lip-Synced');
		expect(done.map((item) => item.json.id)).toEqual([byUrl(urls[0]).id, byUrl(urls[1]).id]);
		for (const item of done) {
			expect(item.json).toMatchObject({ status: 'COMPLETED' });
			expect(binaryBytes(item.binary!.data)).toBe(await outputSize(item.json.outputUrl));
		}
		const failed = nodeItems(execution.data, 'Failed');
		expect(failed).toHaveLength(1);
		expect(failed[0].binary).toBeUndefined();
		expect(String(failed[0].json.error)).toContain(`${byUrl(urls[2]).id} ended FAILED`);

		// Each generation called back; only the last one found them all finished and resumed.
		const deliveries = (await ctx.emulatorAdmin.webhookDeliveries()).filter((delivery) =>
			submitted.some((generation) => generation.id === delivery.resourceId),
		);
		expect(deliveries).toHaveLength(3);
		for (const delivery of deliveries) expect(delivery.statusCode).toBe(200);
	});

	it('Sync Dub waits for its callback too', async () => {
		const workflow = manualWorkflow('e2eWaitSyncDub01', 'e2e Wait for Webhook: Sync Dub', [
			{
				name: 'Dub',
				type: DUB,
				credentials,
				parameters: {
					videoUrl: 'https://media.example.com/keynote.mp4',
					targetLanguage: 'ja',
					completion: 'webhook',
					timeout: 120,
				},
			},
		]);
		const { executionId, waiting } = await startAndWait(workflow);
		expect(waiting.status).toBe('waiting');
		const execution = await finished(executionId);
		expectSuccess(execution);
		const [dubbed] = nodeItems(execution.data, 'Dub');
		expect(dubbed.json).toMatchObject({ status: 'COMPLETED' });
		expect(binaryBytes(dubbed.binary!.data)).toBe(await outputSize(dubbed.json.outputUrl));
		const [generation] = await generationsOf(executionId);
		expect(generation).toMatchObject({ id: dubbed.json.id, dubParams: { targetLang: 'ja' } });
	});
});
