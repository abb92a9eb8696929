import { readFileSync, writeFileSync } from 'node:fs';

import type { E2eContext } from '../../lib/context';
import { e2eContextFor } from '../../lib/context';
import type { EmulatorInfo } from '../../lib/emulatorProcess';
import type { PostgresInfo } from './postgres';
import type { QueueClusterState } from './queueCluster';
import { QueueCluster } from './queueCluster';
import type { RedisInfo } from './redis';

/** Environment variable naming the JSON file the queue project's global setup writes. */
export const QUEUE_CONTEXT_ENV = 'N8N_QUEUE_E2E_CONTEXT';

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
			`${QUEUE_CONTEXT_ENV} is not set: run these tests through jest's e2e-queue project (npx jest --selectProjects e2e-queue)`,
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
	cached = { ...e2eContextFor(cluster.main, data.emulator.info, data.packageName), cluster };
	return cached;
}
