import { readFileSync, writeFileSync } from 'node:fs';

import type { E2eContext } from '../../lib/context';
import { e2eContextFor } from '../../lib/context';
import type { EmulatorInfo } from '../../lib/emulatorProcess';
import type { E2eTarget } from '../../lib/targets';
import type { PostgresInfo } from './postgres';
import type { QueueClusterState } from './queueCluster';
import { QueueCluster } from './queueCluster';
import type { RedisInfo } from './redis';

/** Environment variable naming, in a test file's process, the context file of its project. */
export const QUEUE_CONTEXT_ENV = 'N8N_QUEUE_E2E_CONTEXT';

/**
 * Where one target's queue project leaves its context file in jest's main process (one variable
 * per target: the global setups of every project run in that one process).
 */
export function queueContextEnvOf(target: Pick<E2eTarget, 'name'>): string {
	return `${QUEUE_CONTEXT_ENV}_${target.name.toUpperCase()}`;
}

/** What the queue project's global setup hands to its test files (plain data). */
export interface QueueContextData {
	/** The jest main process: every service dies with it. */
	ownerPid: number;
	tempDir: string;
	packageName: string;
	emulator?: { info: EmulatorInfo; pgid: number; logFile: string };
	redis?: RedisInfo;
	postgres?: PostgresInfo;
	cluster?: QueueClusterState;
	/** Milliseconds each set-up step took. */
	timings: Record<string, number>;
}

/**
 * The usual e2e context (so the lib/runs.ts helpers apply; `n8n` is the main, whose REST API
 * sees every execution) plus the whole cluster.
 */
export interface QueueContext extends E2eContext {
	cluster: QueueCluster;
}

export function writeQueueContextData(file: string, data: QueueContextData): void {
	writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

export function readQueueContextData(file = process.env[QUEUE_CONTEXT_ENV]): QueueContextData {
	if (!file) {
		throw new Error(
			`${QUEUE_CONTEXT_ENV} is not set: run these tests through a queue project of jest (npm run test:e2e:queue)`,
		);
	}
	return JSON.parse(readFileSync(file, 'utf8')) as QueueContextData;
}

let cached: QueueContext | undefined;

/** Connection to the cluster and emulator started by test/e2e/queue/globalSetup.ts. */
export function getQueueContext(): QueueContext {
	if (cached) return cached;
	const data = readQueueContextData();
	if (!data.cluster || !data.emulator) throw new Error('queue-mode global setup did not complete');
	const cluster = QueueCluster.attach(data.cluster);
	cached = Object.assign(e2eContextFor(cluster.main, data.emulator.info, data.packageName), {
		cluster,
	});
	return cached;
}
