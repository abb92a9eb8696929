import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { N8nCli } from './n8nCli';
import { N8nRestClient, N8nRestError } from './n8nRest';
import { sleep } from './n8nProcess';
import type {
	ExecutionDetails,
	ExecutionSummary,
	N8nInstanceOptions,
	N8nInstanceState,
	N8nRunExecutionData,
	WorkflowJson,
} from './n8nTypes';
import { installPackedPackage } from './packageInstall';
import { getFreePort } from './processes';

export { webhookUrlVariable } from './n8nProcess';
export { nodeOutputJson, packageLoadProblem, parseRunOutput } from './n8nOutput';
export type * from './n8nTypes';

/** What n8n 2.41's `GET /rest/workflows/:id/publication-status` answers. */
type PublicationState = 'not_published' | 'in_progress' | 'published' | 'partial' | 'failed';
interface PublicationStatus {
	status: PublicationState;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

const PUBLICATION_TIMEOUT_MS = 30_000;

/**
 * One entry per execution. In queue mode n8n 2.41 lists the executions its queue still reports as
 * running beside the stored ones, so an execution that has just gone on to wait shows up twice
 * (same id, "running" and "waiting"): the stored entry is the current one.
 */
function oneEntryEach(executions: ExecutionSummary[]): ExecutionSummary[] {
	const byId = new Map<string, ExecutionSummary>();
	for (const execution of executions) {
		const seen = byId.get(execution.id);
		if (!seen || seen.status === 'running') byId.set(execution.id, execution);
	}
	return [...byId.values()];
}

/**
 * A real n8n (the pinned host install) with a fresh user folder and this package installed the
 * way n8n installs community packages. Create with `N8nInstance.create()`, or rebuild from
 * `state` in another process with `N8nInstance.attach()`.
 */
export class N8nInstance extends N8nCli {
	static async create(options: N8nInstanceOptions): Promise<N8nInstance> {
		const rootDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		const userFolder = path.join(rootDir, 'user');
		mkdirSync(userFolder, { recursive: true });
		const state: N8nInstanceState = {
			n8nBin: options.installation.n8nBin,
			nodeBin: options.installation.nodeBin,
			target: options.installation.target,
			nodeModules: options.installation.nodeModules,
			rootDir,
			userFolder,
			port: options.port ?? (await getFreePort()),
			brokerPort: await getFreePort(),
			logFile: path.join(rootDir, 'n8n.log'),
			pidFile: path.join(rootDir, 'n8n.pgid'),
			ownerPid: options.ownerPid ?? process.pid,
			encryptionKey: 'n8n-nodes-video-dub-e2e-encryption-key',
			extraEnv: options.extraEnv ?? {},
			command: options.command,
		};
		if (options.packageTarball) {
			state.packageDir = await installPackedPackage(options.packageTarball, userFolder);
		}
		return new N8nInstance(state);
	}

	static attach(state: N8nInstanceState): N8nInstance {
		return new N8nInstance(state);
	}

	// ---------------------------------------------------------------- REST API

	/** REST client logged in as the owner (set up on first use). */
	async rest(): Promise<N8nRestClient> {
		if (!this.restClient) {
			const client = new N8nRestClient(this.baseUrl);
			await client.loginAsOwner();
			this.restClient = client;
		}
		return this.restClient;
	}

	/**
	 * Saves a new workflow through REST, as the editor does: much faster than importWorkflow() (no
	 * CLI start-up) but fails when the id exists already.
	 */
	async createWorkflow(workflow: WorkflowJson): Promise<void> {
		if (!workflow.id) throw new Error(`workflow "${workflow.name}" needs a fixed id`);
		const { id, name, nodes, connections, settings, pinData } = workflow;
		await (
			await this.rest()
		).request('POST', '/rest/workflows', {
			id,
			name,
			nodes,
			connections,
			settings: settings ?? {},
			pinData: pinData ?? {},
		});
	}

	async getWorkflow(id: string): Promise<WorkflowJson & { versionId: string; active: boolean }> {
		return await (await this.rest()).request('GET', `/rest/workflows/${id}`);
	}

	/**
	 * Activates (publishes) a workflow in the running server and returns once its triggers and
	 * webhooks are live.
	 */
	async activateWorkflow(id: string): Promise<void> {
		const workflow = await this.getWorkflow(id);
		await (
			await this.rest()
		).request('POST', `/rest/workflows/${id}/activate`, {
			versionId: workflow.versionId,
		});
		await this.waitForPublication(id, 'published');
	}

	/** Deactivates (unpublishes) a workflow and returns once its triggers and webhooks are gone. */
	async deactivateWorkflow(id: string): Promise<void> {
		await (await this.rest()).request('POST', `/rest/workflows/${id}/deactivate`, {});
		await this.waitForPublication(id, 'not_published');
	}

	/**
	 * n8n 2.41 (re)publishes workflows in the background (a publication outbox): triggers and
	 * webhooks change a moment after the REST call returns, and the workflow's publication status
	 * says when. n8n 2.8 has no such status (404): its REST call returns when the change is done.
	 */
	private async waitForPublication(id: string, expected: PublicationState): Promise<void> {
		const deadline = Date.now() + PUBLICATION_TIMEOUT_MS;
		for (;;) {
			let publication: PublicationStatus;
			try {
				publication = await (
					await this.rest()
				).request<PublicationStatus>('GET', `/rest/workflows/${id}/publication-status`);
			} catch (error) {
				if (error instanceof N8nRestError && error.status === 404) return;
				throw error;
			}
			if (publication.status === expected) return;
			if (publication.status === 'failed' || publication.status === 'partial') {
				throw new Error(
					`publishing workflow ${id} failed: ${JSON.stringify(publication.triggers)}`,
				);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${id} still "${publication.status}" after ${PUBLICATION_TIMEOUT_MS} ms, not "${expected}"`,
				);
			}
			await sleep(100);
		}
	}

	/**
	 * Starts a manual run inside the server, as the editor's "Execute workflow" does, and returns
	 * the execution id. Unlike `n8n execute`, the run can wait and resume through webhooks.
	 */
	async runWorkflowViaRest(
		id: string,
		options: { triggerNodeName?: string } = {},
	): Promise<string> {
		const workflow = await this.getWorkflow(id);
		const triggerName =
			options.triggerNodeName ??
			workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')?.name;
		if (!triggerName) throw new Error(`workflow ${id} has no Manual Trigger: pass triggerNodeName`);
		const result = await (
			await this.rest()
		).request<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/rest/workflows/${id}/run`,
			{ workflowData: workflow, triggerToStartFrom: { name: triggerName } },
		);
		if (!result?.executionId)
			throw new Error(`workflow ${id} did not start: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	/** Latest executions (newest first), optionally of one workflow; n8n 2.41 caps `limit` at 100. */
	async listExecutions(workflowId?: string, limit = 100): Promise<ExecutionSummary[]> {
		const query = new URLSearchParams({ limit: String(limit) });
		if (workflowId) query.set('filter', JSON.stringify({ workflowId }));
		const result = await (
			await this.rest()
		).request<{ results: ExecutionSummary[] }>('GET', `/rest/executions?${query.toString()}`);
		return oneEntryEach(result.results);
	}

	/** One execution with its run data decoded (n8n stores it in `flatted` form). */
	async getExecution(id: string): Promise<ExecutionDetails> {
		const raw = await (
			await this.rest()
		).request<ExecutionDetails & { data: string | N8nRunExecutionData }>(
			'GET',
			`/rest/executions/${id}`,
		);
		return { ...raw, data: typeof raw.data === 'string' ? this.parseFlatted(raw.data) : raw.data };
	}

	/** Polls the execution list until `predicate` matches, then returns that execution in full. */
	async waitForExecution(
		predicate: (execution: ExecutionSummary) => boolean,
		timeoutMs = 30_000,
		workflowId?: string,
	): Promise<ExecutionDetails> {
		const deadline = Date.now() + timeoutMs;
		let seen: ExecutionSummary[] = [];
		for (;;) {
			seen = await this.listExecutions(workflowId);
			const match = seen.find(predicate);
			if (match) return await this.getExecution(match.id);
			if (Date.now() > deadline) {
				throw new Error(
					`no matching execution within ${timeoutMs} ms; latest: ${JSON.stringify(
						seen.slice(0, 5).map(({ id, workflowId: wf, status }) => ({ id, wf, status })),
					)}\n${this.logTail(40)}`,
				);
			}
			await sleep(250);
		}
	}

	/** Waits until execution `id` is no longer new/running (`waiting` counts as settled when asked). */
	async waitForExecutionToSettle(
		id: string,
		options: { timeoutMs?: number; acceptWaiting?: boolean } = {},
	): Promise<ExecutionDetails> {
		const settled = new Set(['success', 'error', 'canceled', 'crashed']);
		if (options.acceptWaiting) settled.add('waiting');
		return await this.waitForExecution(
			(execution) => execution.id === id && settled.has(execution.status),
			options.timeoutMs,
		);
	}

	private parseFlatted(text: string): N8nRunExecutionData {
		// The same flatted version n8n writes with.
		const requireFromN8n = createRequire(path.join(this.state.nodeModules, 'n8n', 'package.json'));
		const flatted = requireFromN8n('flatted') as { parse: (text: string) => unknown };
		return flatted.parse(text) as N8nRunExecutionData;
	}
}
