import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import type { N8nCredentialImport } from './credentials';
import type { N8nInstallation } from './n8nInstall';
import { N8nRestClient, N8nRestError } from './n8nRest';
import { installPackedPackage } from './packageInstall';
import { processGuardScript } from './paths';
import { getFreePort, isGroupAlive, spawnGuarded, stopGroup, tailFile } from './processes';
import { versionAtLeast, type E2eTarget } from './targets';

/** Everything needed to drive one n8n instance, plain data so it can cross jest processes. */
export interface N8nInstanceState {
	n8nBin: string;
	/** The Node.js binary that runs n8n (the target's pinned Node). */
	nodeBin: string;
	/** Which n8n and Node this instance runs. */
	target: E2eTarget;
	nodeModules: string;
	/** Temp dir owned by the instance: user folder, log, pid file, import files. */
	rootDir: string;
	userFolder: string;
	port: number;
	brokerPort: number;
	logFile: string;
	/** Holds the process group id of the running `n8n start` (any process may restart it). */
	pidFile: string;
	/** Process whose death stops n8n (the jest main process). */
	ownerPid: number;
	encryptionKey: string;
	extraEnv: Record<string, string>;
	/** Where the package under test is installed (what n8n loads), when one was given. */
	packageDir?: string;
	/** The server command `start()` runs; default `start` (the main process). */
	command?: N8nServerCommand;
}

/**
 * n8n's long-running commands: the main (`start`) and, in queue mode, a `worker` (its health
 * server must be on: QUEUE_HEALTH_CHECK_ACTIVE=true and QUEUE_HEALTH_CHECK_PORT = this instance's
 * port) or a `webhook` processor.
 */
export type N8nServerCommand = 'start' | 'worker' | 'webhook';

export interface N8nInstanceOptions {
	installation: N8nInstallation;
	/** Tarball from `npm pack` of this package; installed as a community package. */
	packageTarball?: string;
	ownerPid?: number;
	/** Default: a free port. */
	port?: number;
	extraEnv?: Record<string, string>;
	command?: N8nServerCommand;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** `n8n execute --rawOutput` result: the run JSON n8n prints (IRun). */
export interface CliExecution extends CliResult {
	run: N8nRun | undefined;
}

export interface N8nRun {
	data: N8nRunExecutionData;
	finished?: boolean;
	mode?: string;
	status?: string;
	[key: string]: unknown;
}

export interface N8nNodeRun {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	data?: {
		main?: Array<Array<{
			json: Record<string, unknown>;
			binary?: Record<string, N8nBinary>;
		}> | null>;
	};
	error?: { message: string; description?: string; [key: string]: unknown };
	[key: string]: unknown;
}

export interface N8nBinary {
	mimeType: string;
	fileName?: string;
	fileSize?: string;
	id?: string;
	data?: string;
	[key: string]: unknown;
}

export interface N8nRunExecutionData {
	resultData: {
		runData: Record<string, N8nNodeRun[]>;
		error?: { message: string; [key: string]: unknown };
		lastNodeExecuted?: string;
	};
	waitTill?: string | null;
	/** n8n 2.41: what a waiting execution's resume URL must carry as `signature`. */
	resumeToken?: string;
	[key: string]: unknown;
}

/** Row of `GET /rest/executions`. */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | 'unknown';
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	waitTill: string | null;
	[key: string]: unknown;
}

/** `GET /rest/executions/:id` with the flatted run data decoded. */
export interface ExecutionDetails extends ExecutionSummary {
	data: N8nRunExecutionData;
	workflowData: { id: string; name: string; nodes: Array<{ name: string; type: string }> };
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; [key: string]: unknown }>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

/** What n8n 2.41's `GET /rest/workflows/:id/publication-status` answers. */
type PublicationState = 'not_published' | 'in_progress' | 'published' | 'partial' | 'failed';
interface PublicationStatus {
	status: PublicationState;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

const READY_TIMEOUT_MS = 90_000;
const PUBLICATION_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 120_000;
/** What each command logs once it serves requests (the main: also once workflows are active). */
const READY_LOG_LINES: Record<N8nServerCommand, string> = {
	start: 'Editor is now accessible via',
	worker: 'n8n worker server listening on port',
	webhook: 'Webhook listener waiting for requests',
};
// Variables of the test process that would change n8n's behaviour (jest sets NODE_ENV=test).
const INHERITED_ENV_DROP =
	/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|NODE_ENV$|NODE_OPTIONS$|JEST_|npm_)/i;

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * n8n 2.41 reads its public webhook base from N8N_WEBHOOK_URL and warns that WEBHOOK_URL is
 * deprecated; n8n 2.8 knows only WEBHOOK_URL.
 */
export function webhookUrlVariable(n8nVersion: string): string {
	return versionAtLeast(n8nVersion, '2.41.0') ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL';
}

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
export class N8nInstance {
	private restClient: N8nRestClient | undefined;

	private constructor(readonly state: N8nInstanceState) {}

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

	get baseUrl(): string {
		return `http://127.0.0.1:${this.state.port}`;
	}

	/** Production webhook URL of an active workflow's Webhook/trigger node. */
	webhookUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** Base of resume URLs for waiting executions (`<base><executionId>/...`). */
	get webhookWaitingBaseUrl(): string {
		return `${this.baseUrl}/webhook-waiting/`;
	}

	/**
	 * The URL that resumes a waiting execution, as a Wait node's `$execution.resumeUrl` gives it:
	 * n8n 2.41 accepts it only with the execution's resume token as `signature` (n8n 2.8 has none).
	 */
	resumeUrl(execution: Pick<ExecutionDetails, 'id' | 'data'>): string {
		const url = new URL(`${this.webhookWaitingBaseUrl}${execution.id}`);
		if (execution.data.resumeToken) url.searchParams.set('signature', execution.data.resumeToken);
		return url.toString();
	}

	/** Environment of every n8n command of this instance. */
	env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			if (!INHERITED_ENV_DROP.test(key)) env[key] = value;
		}
		const base = this.baseUrl;
		return {
			...env,
			// Any `node` n8n starts runs on n8n's own Node.
			PATH: `${path.dirname(this.state.nodeBin)}${path.delimiter}${env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.state.userFolder,
			N8N_ENCRYPTION_KEY: this.state.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.state.port),
			N8N_PROTOCOL: 'http',
			[webhookUrlVariable(this.state.target.n8nVersion)]: `${base}/`,
			N8N_EDITOR_BASE_URL: `${base}/`,
			N8N_SECURE_COOKIE: 'false',
			// n8n 2.41 warns while it is unset (its default will become false); set as the README's
			// Installation tells self-hosters to.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.state.brokerPort),
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			N8N_LOG_OUTPUT: 'console',
			...this.state.extraEnv,
			...overrides,
		};
	}

	// ---------------------------------------------------------------- process lifecycle

	private readPgid(): number | undefined {
		try {
			const pgid = Number(readFileSync(this.state.pidFile, 'utf8').trim());
			return pgid > 0 ? pgid : undefined;
		} catch {
			return undefined;
		}
	}

	get isRunning(): boolean {
		const pgid = this.readPgid();
		return pgid !== undefined && isGroupAlive(pgid);
	}

	/**
	 * Starts `n8n start` (or the instance's other command) and waits until it serves requests: the
	 * main's REST API with workflows activated, a worker's or webhook processor's health check.
	 */
	async start(): Promise<void> {
		if (this.isRunning) throw new Error('n8n is already running');
		const command = this.state.command ?? 'start';
		const logOffset = this.logSize();
		const pgid = spawnGuarded(this.state.nodeBin, [this.state.n8nBin, command], {
			env: this.env(),
			ownerPid: this.state.ownerPid,
			logFile: this.state.logFile,
		});
		writeFileSync(this.state.pidFile, String(pgid));
		const deadline = Date.now() + READY_TIMEOUT_MS;
		for (;;) {
			if (!isGroupAlive(pgid)) {
				throw new Error(`n8n exited during start-up:\n${this.logTail(80)}`);
			}
			// healthz answers before the REST routes exist and before active workflows are set up;
			// n8n logs this line once both are done.
			if (this.logSince(logOffset).includes(READY_LOG_LINES[command]) && (await this.isReady()))
				break;
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(`n8n not ready after ${READY_TIMEOUT_MS} ms:\n${this.logTail(80)}`);
			}
			await sleep(200);
		}
		const problem = this.state.packageDir
			? packageLoadProblem(this.logSince(logOffset), this.state.packageDir)
			: undefined;
		if (problem) throw new Error(`n8n reported a problem loading the package: ${problem}`);
		this.restClient = undefined;
	}

	/** Stops n8n and everything it started (task runners); safe when not running. */
	async stop(): Promise<void> {
		const pgid = this.readPgid();
		if (pgid !== undefined) await stopGroup(pgid);
		rmSync(this.state.pidFile, { force: true });
		this.restClient = undefined;
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	/** Stops n8n and deletes its user folder and logs. */
	async destroy(): Promise<void> {
		await this.stop();
		rmSync(this.state.rootDir, { recursive: true, force: true });
	}

	private async isReady(): Promise<boolean> {
		try {
			const response = await fetch(`${this.baseUrl}/healthz/readiness`, {
				signal: AbortSignal.timeout(2_000),
			});
			return response.ok;
		} catch {
			return false;
		}
	}

	private logSize(): number {
		try {
			return statSync(this.state.logFile).size;
		} catch {
			return 0;
		}
	}

	private logSince(offset: number): string {
		try {
			return readFileSync(this.state.logFile).subarray(offset).toString('utf8');
		} catch {
			return '';
		}
	}

	/** Last lines of n8n's output (server and CLI commands), for failure messages. */
	logTail(lines = 60): string {
		return tailFile(this.state.logFile, lines);
	}

	// ---------------------------------------------------------------- CLI commands

	/**
	 * Runs one n8n CLI command next to the server (same user folder and database). It gets its own
	 * task-broker port so that it does not clash with the running `n8n start`.
	 */
	async runCli(args: string[], timeoutMs = CLI_TIMEOUT_MS): Promise<CliResult> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await getFreePort()) });
		const result = await runGuardedCommand(
			[this.state.nodeBin, this.state.n8nBin, ...args],
			env,
			this.state.ownerPid,
			timeoutMs,
		);
		writeFileSync(
			this.state.logFile,
			`\n--- n8n ${args.join(' ')} (exit ${result.code})\n${result.stderr}${result.stdout.slice(0, 20_000)}\n`,
			{ flag: 'a' },
		);
		return result;
	}

	private async runCliChecked(args: string[]): Promise<CliResult> {
		const result = await this.runCli(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`,
			);
		}
		return result;
	}

	private writeImportFile(kind: string, content: unknown): string {
		const dir = path.join(this.state.rootDir, 'imports');
		mkdirSync(dir, { recursive: true });
		const file = path.join(
			dir,
			`${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
		);
		writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}

	/** `n8n import:credentials`; plain `data` objects are encrypted by n8n on import. */
	async importCredentials(credentials: N8nCredentialImport[]): Promise<void> {
		const file = this.writeImportFile('credentials', credentials);
		await this.runCliChecked(['import:credentials', `--input=${file}`]);
	}

	/** `n8n import:workflow` of one or more workflows with fixed ids (imported inactive). */
	async importWorkflow(workflows: WorkflowJson | WorkflowJson[]): Promise<void> {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		for (const workflow of list) {
			if (!workflow.id) throw new Error(`workflow "${workflow.name}" needs a fixed id`);
		}
		const file = this.writeImportFile('workflows', list);
		await this.runCliChecked(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n publish:workflow` (activation); takes effect at the next start: call `restart()`. (n8n
	 * 2.41 registers the webhooks of published workflows a moment after start-up.)
	 */
	async publishWorkflow(id: string): Promise<void> {
		await this.runCliChecked(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * One-shot run with `n8n execute --id --rawOutput` in a separate process (the workflow needs a
	 * Manual Trigger). Exit code 1 means a node failed; `run` is still parsed when printed.
	 */
	async executeWorkflowCli(id: string, timeoutMs = CLI_TIMEOUT_MS): Promise<CliExecution> {
		const result = await this.runCli(['execute', `--id=${id}`, '--rawOutput'], timeoutMs);
		return { ...result, run: parseRunOutput(result.stdout) };
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

// ---------------------------------------------------------------- helpers

/**
 * The first line of n8n's start-up output that reports a problem loading the package installed
 * in `packageDir`: an error line naming that folder (n8n 2.8: "Cannot find module '<dir>/…'") or
 * the package (n8n 2.41: `Failed to load package "<name>"`). Stack frames do not count, nor
 * other paths that merely contain the name (the n8n cache is ~/.cache/n8n-nodes-video-dub/).
 */
export function packageLoadProblem(log: string, packageDir: string): string | undefined {
	const name = path.basename(packageDir);
	const nameForms = [`"${name}"`, `'${name}'`, ` ${name} `, ` ${name}:`];
	return log
		.split('\n')
		.filter((line) => !/^\s*at /.test(line) && /error|fail|cannot/i.test(line))
		.find(
			(line) => line.includes(packageDir) || nameForms.some((form) => ` ${line} `.includes(form)),
		);
}

/** Output items (json) of a node's last run in an execution, first output. */
export function nodeOutputJson(
	data: N8nRunExecutionData,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> {
	const runs = data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	const items = runs[runs.length - 1].data?.main?.[outputIndex] ?? [];
	return items.map((item) => item.json);
}

/**
 * `n8n execute --rawOutput` prints the run as pretty JSON between log lines (some come before,
 * the task runner's registration may come after). Pretty JSON is the only text with a `{` and a
 * `}` at the start of a line.
 */
export function parseRunOutput(stdout: string): N8nRun | undefined {
	const start = stdout.search(/^\{/m);
	if (start < 0) return undefined;
	const end = stdout.slice(start).search(/^\}/m);
	const text = end < 0 ? stdout.slice(start) : stdout.slice(start, start + end + 1);
	try {
		return JSON.parse(text) as N8nRun;
	} catch {
		return undefined;
	}
}

/** Runs a short-lived command under the guard, collecting its output, killing it on timeout. */
async function runGuardedCommand(
	command: string[],
	env: NodeJS.ProcessEnv,
	ownerPid: number,
	timeoutMs: number,
): Promise<CliResult> {
	const child = spawn(process.execPath, [processGuardScript, String(ownerPid), ...command], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const timer = setTimeout(() => {
		stderr += `\n[e2e] killed after ${timeoutMs} ms`;
		if (child.pid) void stopGroup(child.pid, 2_000);
	}, timeoutMs);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		return { code, stdout, stderr };
	} finally {
		clearTimeout(timer);
	}
}
