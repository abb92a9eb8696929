// Two n8n instances, one Sync key, one workflow file: staging and production imported the same
// workflow into fresh databases, so workflow, execution and node ids coincide. Each instance's
// run must create its own generation (different Idempotency-Keys): neither may receive the other's
// generation or an IDEMPOTENCY_KEY_REUSED error.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { getE2eContext } from './lib/context';
import { emulatorCredentials } from './lib/credentials';
import { linearManualWorkflow } from './lib/workflows';
import { ensureN8n } from './lib/n8nInstall';
import { N8nInstance, nodeOutputJson } from './lib/n8nInstance';
import { packPackage } from './lib/packageInstall';
import { useFastEmulator } from './lib/runs';

const ctx = getE2eContext();
const instances: N8nInstance[] = [];
let packDir: string;

// One workflow file, as exported once and imported on both instances.
const workflow = linearManualWorkflow('e2eSameWorkflow1', 'e2e same workflow on two instances', [
	{
		name: 'Dub',
		type: ctx.nodeType('syncDub'),
		credentials: ctx.credentialRef('videoDubSyncLabsApi'),
		parameters: {
			videoUrl: 'https://media.example.com/same.mp4',
			targetLanguage: 'es',
			completion: 'none',
		},
	},
]);

beforeAll(async () => {
	await useFastEmulator(ctx);
	packDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-two-'));
	const [installation, tarball] = await Promise.all([
		ensureN8n({ target: ctx.target }),
		packPackage(packDir),
	]);
	for (let index = 0; index < 2; index += 1) {
		// Fresh databases; the same encryption key, as instances that share credentials often have.
		const instance = await N8nInstance.create({ installation, packageTarball: tarball });
		instances.push(instance);
		await instance.importCredentials(emulatorCredentials(ctx.emulator));
		await instance.importWorkflow(workflow);
	}
}, 300_000);

afterAll(async () => {
	for (const instance of instances) await instance.destroy();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

it(`the same workflow run on two instances with one key creates two generations, each its own (${ctx.target.label})`, async () => {
	const before = (await ctx.emulatorAdmin.counters()).generationsCreated;
	const ids: string[] = [];
	for (const instance of instances) {
		const { code, run, stderr } = await instance.executeWorkflowCli(workflow.id);
		if (code !== 0 || !run)
			throw new Error(`n8n execute failed (${code}): ${stderr}\n${instance.logTail(20)}`);
		expect(run.data.resultData.error).toBeUndefined();
		const [output] = nodeOutputJson(run.data, 'Dub');
		expect(output).toMatchObject({ status: 'PENDING' });
		ids.push(String(output.id));
	}
	// Both are the first execution of their database, of the same workflow and node.
	expect(new Set(ids).size).toBe(2);
	expect((await ctx.emulatorAdmin.counters()).generationsCreated - before).toBe(2);
});
