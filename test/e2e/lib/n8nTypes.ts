import type { E2eTarget } from './targets';
import type { N8nInstallation } from './n8nInstall';

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
