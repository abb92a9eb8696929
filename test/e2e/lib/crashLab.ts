import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { E2eContext } from './context';
import type { EmulatorAdminClient } from './emulatorAdmin';
import { emulatorCredentials } from './credentials';
import { graphWorkflow, webhookNode } from './graph';
import { ensureN8n } from './n8nInstall';
import type { ExecutionDetails, WorkflowJson } from './n8nInstance';
import { N8nInstance } from './n8nInstance';
import { packPackage } from './packageInstall';
import { waitUntil } from './waitUntil';
import type { WorkflowNodeSpec } from './workflows';

/**
 * Starts `recover` (a retry, a new run) and, once it has looked for the earlier run's generations
 * (Sync's list was read), ends every generation still running: the recovery is seen carrying on
 * with generations in progress. Returns what `recover` returns.
 */
export async function recoverWhileRunning<T>(
	emulator: EmulatorAdminClient,
	recover: () => Promise<T>,
): Promise<T> {
	const listed = async () => (await emulator.counters()).requests['GET /v2/generations'] ?? 0;
	const before = await listed();
	let settled: { error?: unknown; value?: T } | undefined;
	const retrying = recover();
	retrying.then(
		(value) => (settled = { value }),
		(error: unknown) => (settled = { error }),
	);
	await waitUntil(
		async () => {
			if (settled?.error) throw settled.error;
			if (settled)
				throw new Error(
					`it ended without listing the generations: ${JSON.stringify(settled.value)}`,
				);
			return (await listed()) !== before;
		},
		{ what: 'the lookup of the earlier generations', timeoutMs: 60_000 },
	);
	for (const generation of await emulator.generations())
		if (!['COMPLETED', 'FAILED'].includes(generation.status))
			await emulator.finishGeneration(generation.id);
	return await retrying;
}

/** `nodes` one after the other, started by a webhook on path `id` that answers at once. */
export function webhookChain(id: string, nodes: WorkflowNodeSpec[]): WorkflowJson {
	const all = [webhookNode(id, { responseMode: 'onReceived' }), ...nodes];
	const edges = all.slice(1).map((node, index): [string, string] => [all[index].name, node.name]);
	return graphWorkflow(id, `e2e crash: ${id}`, all, edges);
}

/**
 * An n8n of its own (not the suite's shared one) to crash: started on a SQLite database that
 * survives a SIGKILL, restarted on it, and retried through the REST API as the editor's "Retry"
 * button does (`POST /rest/executions/:id/retry`, "Retry with original workflow").
 */
export class CrashLab {
	private constructor(
		readonly n8n: N8nInstance,
		/** A folder the n8n may read files from (Read/Write Files from Disk). */
		readonly filesDir: string,
		private readonly packDir: string,
	) {}

	static async start(ctx: E2eContext): Promise<CrashLab> {
		const packDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-crash-'));
		const filesDir = path.join(packDir, 'files');
		mkdirSync(filesDir);
		const [installation, tarball] = await Promise.all([
			ensureN8n({ target: ctx.target }),
			packPackage(packDir),
		]);
		const n8n = await N8nInstance.create({
			installation,
			packageTarball: tarball,
			extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
		});
		await n8n.importCredentials(emulatorCredentials(ctx.emulator));
		await n8n.start();
		await n8n.rest();
		return new CrashLab(n8n, filesDir, packDir);
	}

	async destroy(): Promise<void> {
		await this.n8n.destroy();
		rmSync(this.packDir, { recursive: true, force: true });
	}

	/**
	 * Saves and publishes the workflow (its trigger a Webhook node answering at once, on
	 * `webhookPath`), calls the webhook and returns the execution id. A production execution, as
	 * n8n can retry it after a crash: a manual run from the editor has saved no start data then
	 * ("aborted before starting, so it cannot be retried").
	 */
	async run(workflow: WorkflowJson, webhookPath: string): Promise<string> {
		await this.n8n.createWorkflow(workflow);
		await this.n8n.activateWorkflow(workflow.id);
		const response = await fetch(this.n8n.webhookUrl(webhookPath), { method: 'POST' });
		if (!response.ok) throw new Error(`webhook ${webhookPath}: HTTP ${response.status}`);
		const execution = await this.n8n.waitForExecution(
			(candidate) => candidate.workflowId === workflow.id,
			30_000,
			workflow.id,
		);
		return execution.id;
	}

	/** Waits until `reached()` holds (e.g. the emulator saw a request), then kills n8n (SIGKILL). */
	async killWhen(what: string, reached: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
		await waitUntil(reached, {
			what,
			timeoutMs,
			logFile: this.n8n.state.logFile,
			intervalMs: 50,
		});
		await this.n8n.kill();
	}

	/** Starts n8n again on the same database; returns the crashed execution as n8n recovered it. */
	async restartAfterCrash(executionId: string): Promise<ExecutionDetails> {
		await this.n8n.start();
		return await this.n8n.waitForExecutionToSettle(executionId, { acceptWaiting: true });
	}

	/** "Retry with original workflow", then waits until the new execution has settled. */
	async retry(executionId: string, timeoutMs = 90_000): Promise<ExecutionDetails> {
		const rest = await this.n8n.rest();
		// n8n answers once the retried execution has finished (or is waiting).
		const retried = await rest.request<{ id: string }>(
			'POST',
			`/rest/executions/${executionId}/retry`,
			{ loadWorkflow: false },
		);
		return await this.n8n.waitForExecutionToSettle(String(retried.id), { timeoutMs });
	}
}
