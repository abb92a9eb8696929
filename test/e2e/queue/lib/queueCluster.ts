import type { N8nCredentialImport } from '../../lib/credentials';
import type { N8nInstallation } from '../../lib/n8nInstall';
import type { N8nInstanceState, N8nServerCommand, WorkflowJson } from '../../lib/n8nInstance';
import { N8nInstance, webhookUrlVariable } from '../../lib/n8nInstance';
import type { PostgresInfo } from './postgres';
import type { RedisInfo } from './redis';

/** Where n8n keeps binary data: `database` is queue mode's default; `filesystem` needs a shared folder. */
export type BinaryDataMode = 'database' | 'filesystem';

export interface QueueClusterOptions {
	/** The n8n that runs (the target): the pinned install of ensureN8n() unless told otherwise. */
	installation: N8nInstallation;
	/** This package, `npm pack`ed: installed into every process's user folder. */
	packageTarball: string;
	ownerPid: number;
	redis: Pick<RedisInfo, 'host' | 'port'>;
	postgres: Pick<PostgresInfo, 'host' | 'port' | 'user' | 'password' | 'database'>;
	/** Number of `n8n worker` processes (default 2). */
	workers?: number;
	/** Default `database`, queue mode's own default. */
	binaryDataMode?: BinaryDataMode;
	/** With `filesystem`: the folder every process stores binary data in (a shared volume in production). */
	sharedStorageDir?: string;
	/** Added to every process's environment (e.g. N8N_RESTRICT_FILE_ACCESS_TO). */
	extraEnv?: Record<string, string>;
}

/** Plain data: lets test files in other jest processes attach to the cluster. */
export interface QueueClusterState {
	main: N8nInstanceState;
	webhook: N8nInstanceState;
	workers: N8nInstanceState[];
}

/** One process of the cluster and the name its log lines are reported under. */
export interface ClusterProcess {
	name: string;
	instance: N8nInstance;
}

/** One key shared by all processes: each decrypts credentials the others stored. */
const ENCRYPTION_KEY = 'n8n-nodes-video-dub-queue-e2e-encryption-key';

/** The settings that make n8n processes one queue-mode installation. */
function queueModeEnv(options: QueueClusterOptions, urls: { main: string; webhook: string }) {
	const { redis, postgres } = options;
	const mode = options.binaryDataMode ?? 'database';
	if (mode === 'filesystem' && !options.sharedStorageDir) {
		throw new Error('filesystem binary data mode needs sharedStorageDir');
	}
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DEFAULT_BINARY_DATA_MODE: mode,
		...(mode === 'filesystem' ? { N8N_BINARY_DATA_STORAGE_PATH: options.sharedStorageDir! } : {}),
		// Resume URLs, Wait for Webhook callbacks and trigger URLs point at the webhook processor
		// (WEBHOOK_URL, or N8N_WEBHOOK_URL from n8n 2.41: it would win over a WEBHOOK_URL).
		[webhookUrlVariable(options.installation.target.n8nVersion)]: `${urls.webhook}/`,
		N8N_EDITOR_BASE_URL: `${urls.main}/`,
		...options.extraEnv,
	};
}

/**
 * n8n in queue mode: one main (`n8n start`), `workers` × `n8n worker` and one `n8n webhook`
 * processor, all with this package, each with its own user folder, port (a worker's port is its
 * health check) and task-broker port, sharing PostgreSQL, Redis and the encryption key.
 * `create()` prepares the folders, `prepare()` imports credentials and workflows and publishes
 * them (before the main starts, as n8n's CLI wants), `start()` starts every process.
 */
export class QueueCluster {
	private constructor(
		readonly main: N8nInstance,
		readonly webhook: N8nInstance,
		readonly workers: N8nInstance[],
	) {}

	static async create(options: QueueClusterOptions): Promise<QueueCluster> {
		const createInstance = async (command: N8nServerCommand) =>
			await N8nInstance.create({
				installation: options.installation,
				packageTarball: options.packageTarball,
				ownerPid: options.ownerPid,
				command,
			});
		// Ports are chosen at creation: the main and the webhook processor first, since every
		// process's environment names them.
		const [main, webhook] = await Promise.all([createInstance('start'), createInstance('webhook')]);
		const shared = queueModeEnv(options, { main: main.baseUrl, webhook: webhook.baseUrl });
		const workers = await Promise.all(
			Array.from({ length: options.workers ?? 2 }, async () => await createInstance('worker')),
		);
		for (const instance of [main, webhook]) Object.assign(instance.state.extraEnv, shared);
		for (const worker of workers) {
			Object.assign(worker.state.extraEnv, shared, {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(worker.state.port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			});
		}
		return new QueueCluster(main, webhook, workers);
	}

	static attach(state: QueueClusterState): QueueCluster {
		return new QueueCluster(
			N8nInstance.attach(state.main),
			N8nInstance.attach(state.webhook),
			state.workers.map((worker) => N8nInstance.attach(worker)),
		);
	}

	get state(): QueueClusterState {
		return {
			main: this.main.state,
			webhook: this.webhook.state,
			workers: this.workers.map((worker) => worker.state),
		};
	}

	get processes(): ClusterProcess[] {
		return [
			{ name: 'main', instance: this.main },
			{ name: 'webhook', instance: this.webhook },
			...this.workers.map((instance, index) => ({ name: `worker-${index + 1}`, instance })),
		];
	}

	/** Production URL of a webhook, on the webhook processor (what WEBHOOK_URL says). */
	webhookUrl(path: string): string {
		return this.webhook.webhookUrl(path);
	}

	/**
	 * Imports credentials and workflows through the main's CLI (the first command also creates
	 * n8n's tables) and publishes the workflows, which takes effect when the processes start.
	 */
	async prepare(credentials: N8nCredentialImport[], workflows: WorkflowJson[]): Promise<void> {
		await this.main.importCredentials(credentials);
		await this.main.importWorkflow(workflows);
		await Promise.all(
			workflows.map(async (workflow) => await this.main.publishWorkflow(workflow.id)),
		);
	}

	/** Starts every process and logs in to the main's REST API. */
	async start(): Promise<void> {
		await Promise.all(this.processes.map(async ({ instance }) => await instance.start()));
		await this.main.rest();
	}

	async stop(): Promise<void> {
		await Promise.all(this.processes.map(async ({ instance }) => await instance.stop()));
	}

	/** Stops every process and deletes the user folders and logs. */
	async destroy(): Promise<void> {
		await Promise.all(this.processes.map(async ({ instance }) => await instance.destroy()));
	}
}
