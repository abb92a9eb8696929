import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nRestClient } from './n8nRest';
import { packageLoadProblem } from './n8nOutput';
import type { ExecutionDetails, N8nInstanceState, N8nServerCommand } from './n8nTypes';
import {
	guardedCommandPid,
	isGroupAlive,
	killGroup,
	spawnGuarded,
	stopGroup,
	tailFile,
} from './processes';
import { versionAtLeast } from './targets';

/** One n8n process of an instance: its URLs, its environment, start, stop and its log. */

const READY_TIMEOUT_MS = 90_000;
/** What each command logs once it serves requests (the main: also once workflows are active). */
const READY_LOG_LINES: Record<N8nServerCommand, string> = {
	start: 'Editor is now accessible via',
	worker: 'n8n worker server listening on port',
	webhook: 'Webhook listener waiting for requests',
};
// Variables of the test process that would change n8n's behaviour (jest sets NODE_ENV=test).
const INHERITED_ENV_DROP =
	/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|NODE_ENV$|NODE_OPTIONS$|JEST_|npm_)/i;

export const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * n8n 2.41 reads its public webhook base from N8N_WEBHOOK_URL and warns that WEBHOOK_URL is
 * deprecated; n8n 2.8 knows only WEBHOOK_URL.
 */
export function webhookUrlVariable(n8nVersion: string): string {
	return versionAtLeast(n8nVersion, '2.41.0') ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL';
}

export class N8nProcess {
	/** REST client of the running server; forgotten when it stops or starts. */
	protected restClient: N8nRestClient | undefined;

	protected constructor(readonly state: N8nInstanceState) {}

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

	protected readPgid(): number | undefined {
		try {
			const pgid = Number(readFileSync(this.state.pidFile, 'utf8').trim());
			return pgid > 0 ? pgid : undefined;
		} catch {
			return undefined;
		}
	}

	/** The pid of the n8n command itself (the guard's child), while it runs. */
	get commandPid(): number | undefined {
		const pgid = this.readPgid();
		return pgid === undefined ? undefined : guardedCommandPid(pgid);
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

	/** Kills n8n and everything it started at once (SIGKILL), as an out-of-memory kill would. */
	async kill(): Promise<void> {
		const pgid = this.readPgid();
		if (pgid !== undefined) await killGroup(pgid);
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

	protected async isReady(): Promise<boolean> {
		try {
			const response = await fetch(`${this.baseUrl}/healthz/readiness`, {
				signal: AbortSignal.timeout(2_000),
			});
			return response.ok;
		} catch {
			return false;
		}
	}

	protected logSize(): number {
		try {
			return statSync(this.state.logFile).size;
		} catch {
			return 0;
		}
	}

	protected logSince(offset: number): string {
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
}
