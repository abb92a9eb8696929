import E2eEnvironment from '../environment';
import { tailFile } from '../lib/processes';
import { QueueCluster } from './lib/queueCluster';
import { QUEUE_CONTEXT_ENV, readQueueContextData } from './lib/queueContext';

/**
 * The e2e environment (per-test timeout) for the queue-mode tests; a failing test or hook prints
 * the log tails of every n8n process and of the emulator, since what went wrong is usually there.
 */
export default class QueueEnvironment extends E2eEnvironment {
	protected failureLogs(): string[] {
		const contextFile = process.env[QUEUE_CONTEXT_ENV];
		if (!contextFile) return [];
		const data = readQueueContextData(contextFile);
		const logs: string[] = [];
		if (data.cluster) {
			for (const { name, instance } of QueueCluster.attach(data.cluster).processes) {
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
