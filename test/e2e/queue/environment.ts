import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';

import E2eEnvironment from '../environment';
import { tailFile } from '../lib/processes';
import { TARGET_ENV } from '../lib/targets';
import { QueueCluster } from './lib/queueCluster';
import { QUEUE_CONTEXT_ENV, queueContextEnvOf, readQueueContextData } from './lib/queueContext';

/**
 * The e2e environment (per-test timeout) for the queue-mode tests of one target
 * (`testEnvironmentOptions.queueTarget`): points the test files at the cluster that target's
 * global setup started (N8N_QUEUE_E2E_CONTEXT) and names the target (N8N_E2E_TARGET). A failing
 * test or hook prints the log tails of every n8n process and of the emulator, since what went
 * wrong is usually there.
 */
export default class QueueEnvironment extends E2eEnvironment {
	private readonly queueContextFile: string | undefined;

	constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
		super(config, context);
		const target = String(config.projectConfig.testEnvironmentOptions?.queueTarget ?? '');
		this.queueContextFile = target ? process.env[queueContextEnvOf({ name: target })] : undefined;
		const testEnv = this.global.process.env;
		if (this.queueContextFile) testEnv[QUEUE_CONTEXT_ENV] = this.queueContextFile;
		if (target) testEnv[TARGET_ENV] = target;
	}

	protected failureLogs(): string[] {
		if (!this.queueContextFile) return [];
		const data = readQueueContextData(this.queueContextFile);
		const logs: string[] = [];
		if (data.cluster) {
			const cluster = QueueCluster.attach(data.cluster);
			logs.push(`(${cluster.main.state.target.label})`);
			for (const { name, instance } of cluster.processes) {
				logs.push(
					`--- ${name} log (${instance.state.logFile}), last lines:\n${instance.logTail(25)}`,
				);
			}
		}
		if (data.emulator)
			logs.push(`--- emulator log, last lines:\n${tailFile(data.emulator.logFile, 15)}`);
		return logs;
	}
}
