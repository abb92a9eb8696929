// n8n dies (SIGKILL, as an out-of-memory kill or a host restart does) while Sync Dub runs, starts
// again on the same database, and the crashed execution is retried through n8n's REST API as the
// editor's "Retry" does. Whatever the crash point, Sync ends with exactly one paid generation per
// (item, language), and the retried execution ends with every dubbed video.
import { copyFileSync } from 'node:fs';
import path from 'node:path';

import { getE2eContext } from './lib/context';
import { CrashLab, recoverWhileRunning, webhookChain } from './lib/crashLab';
import type { FaultRule } from '../emulator/faults';
import { readFilesNode } from './lib/graph';
import type { ExecutionDetails } from './lib/n8nInstance';
import { binaryBytes, expectSuccess, fixturePath, nodeItems, useFastEmulator } from './lib/runs';
import type { WorkflowNodeSpec } from './lib/workflows';

const ctx = getE2eContext();
const LANGUAGES = ['es', 'fr'];
let lab: CrashLab;

beforeAll(async () => {
	lab = await CrashLab.start(ctx);
}, 300_000);

afterEach(async () => {
	await ctx.emulatorAdmin.clearFaults();
	await useFastEmulator(ctx);
});

afterAll(async () => await lab?.destroy());

const counters = async () => await ctx.emulatorAdmin.counters();
const requests = async (route: string) => (await counters()).requests[route] ?? 0;

/**
 * A webhook (answered at once) starts Sync Dub into two languages, Poll Until Done, from a URL or
 * from a file read from disk. Each test dubs its own video: a retry would carry on with the same
 * request's generations of an earlier test (any run of the last 24 hours counts).
 */
function dubWorkflow(id: string, source: 'url' | 'binary') {
	const nodes: WorkflowNodeSpec[] = [];
	const video = `${id}.mp4`;
	if (source === 'binary') {
		copyFileSync(fixturePath('sample-video.mp4'), path.join(lab.filesDir, video));
		nodes.push(readFilesNode('Read Video', path.join(lab.filesDir, video)));
	}
	nodes.push({
		name: 'Dub',
		type: ctx.nodeType('syncDub'),
		typeVersion: 1.1,
		credentials: ctx.credentialRef('videoDubSyncLabsApi'),
		parameters: {
			...(source === 'url'
				? { videoUrl: `https://media.example.com/${video}` }
				: { videoSource: 'binary' }),
			targetLanguage: LANGUAGES,
			completion: 'poll',
			pollInterval: 1,
			timeout: 300,
		},
	});
	return webhookChain(id, nodes);
}

/**
 * Runs the workflow, kills n8n once `reached` holds, restarts it and retries the crashed
 * execution; returns the retried execution and how many generations and assets Sync made.
 */
async function crashAndRetry(
	workflow: ReturnType<typeof dubWorkflow>,
	what: string,
	reached: () => Promise<boolean>,
	generationsRunning = false,
) {
	const before = await counters();
	const executionId = await lab.run(workflow, workflow.id);
	await lab.killWhen(what, reached);
	const crashed = await lab.restartAfterCrash(executionId);
	const retry = async () => await lab.retry(executionId);
	const retried = generationsRunning
		? await recoverWhileRunning(ctx.emulatorAdmin, retry)
		: await retry();
	const after = await counters();
	return {
		crashed,
		retried,
		generations: after.generationsCreated - before.generationsCreated,
		assets: after.assetsCreated - before.assetsCreated,
	};
}

/** Holds the requests `fault` matches (20 s) and kills n8n while the first one is held. */
async function killDuring(id: string, route: string, fault: Omit<FaultRule, 'kind'>) {
	const before = await requests(route);
	await ctx.emulatorAdmin.injectFault({ ...fault, kind: 'delay', delayMs: 20_000 } as FaultRule);
	return await crashAndRetry(
		dubWorkflow(id, 'binary'),
		route,
		async () => (await requests(route)) > before,
	);
}

/** One dubbed video per language, each with its bytes, in language order. */
function expectDubs(execution: ExecutionDetails) {
	expectSuccess(execution);
	const items = nodeItems(execution.data, 'Dub');
	expect(items.map((item) => item.json.language)).toEqual(LANGUAGES);
	for (const item of items) {
		expect(item.json.status).toBe('COMPLETED');
		expect(binaryBytes(item.binary!.data)).toBeGreaterThan(1000);
	}
	return items;
}

describe(`a crash never costs twice (${ctx.target.label})`, () => {
	it('killed before anything was submitted: the retry submits each language once', async () => {
		const run = await killDuring('e2eCrashBefore01', 'POST /v2/assets/upload', {
			vendor: 'sync',
			method: 'POST',
			path: '^/v2/assets/upload$',
		});
		expect(run.crashed.status).toBe('crashed');
		const items = expectDubs(run.retried);
		expect(items.every((item) => item.json.adoptedFromEarlierRun === undefined)).toBe(true);
		expect(run.generations).toBe(LANGUAGES.length);
		expect(run.assets).toBe(1);
	});

	it('killed while uploading the binary: one asset, one generation per language', async () => {
		const run = await killDuring('e2eCrashUpload01', 'PUT /storage/uploads/:token', {
			vendor: 'storage',
			method: 'PUT',
			path: '^/uploads/',
		});
		expectDubs(run.retried);
		expect(run.generations).toBe(LANGUAGES.length);
		expect(run.assets).toBe(1);
	});

	it('killed after the submit, while polling: the retry carries on with the same generations', async () => {
		// Generations that stay PROCESSING until the test ends them, after the retry has found them.
		await ctx.emulatorAdmin.configureSync({
			timing: { pendingMs: 50, processingMs: 600_000, batchPendingMs: 50 },
		});
		const before = (await counters()).generationsCreated;
		const run = await crashAndRetry(
			dubWorkflow('e2eCrashPoll0001', 'url'),
			'both submits',
			async () => (await counters()).generationsCreated - before >= LANGUAGES.length,
			true,
		);
		const items = expectDubs(run.retried);
		expect(items.every((item) => item.json.adoptedFromEarlierRun === true)).toBe(true);
		expect(run.generations).toBe(LANGUAGES.length);
	});

	it('killed while downloading the output: the retry downloads the finished generations', async () => {
		const run = await killDuring('e2eCrashDownl001', 'GET /storage/outputs/:name', {
			vendor: 'storage',
			method: 'GET',
			path: '^/outputs/',
		});
		const items = expectDubs(run.retried);
		expect(items.every((item) => item.json.adoptedFromEarlierRun === true)).toBe(true);
		expect(run.generations).toBe(LANGUAGES.length);
		expect(run.assets).toBe(1);
	});
});
