import { ensureN8n } from '../lib/n8nInstall';
import { e2eTarget } from '../lib/targets';
import { queueContextEnvOf } from './lib/queueContext';
import { cleanUpQueueRunOnExit } from './lib/queueCleanup';
import { startQueueStack } from './lib/queueStack';
import { queueWorkflows } from './workflows';

/**
 * The global setup of one target's queue project (jest.config.js; `globalSetup.<target>.ts` call
 * it): Redis, PostgreSQL, the emulator and that target's n8n in queue mode (main, two workers, a
 * webhook processor) with the scenario workflows published, shared by the test files through the
 * context file (see lib/queueContext.ts).
 */
export function queueGlobalSetupFor(targetName: string): () => Promise<void> {
	return async () => {
		const target = e2eTarget(targetName);
		const project = `e2e-queue-${target.name}`;
		const log = (message: string) => process.stderr.write(`[${project}] ${message}\n`);
		const started = Date.now();
		const { data, cluster } = await startQueueStack({
			workflows: queueWorkflows,
			installation: async () => await ensureN8n({ log, target }),
			log,
			onContextFile: (contextFile) => {
				process.env[queueContextEnvOf(target)] = contextFile;
				// Also on Ctrl-C or a crash; a SIGKILLed jest is covered by the process guards.
				cleanUpQueueRunOnExit(contextFile);
			},
		});
		const steps = Object.entries(data.timings)
			.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
			.join(', ');
		log(
			`${target.label} in queue mode ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${steps}): ` +
				`main ${cluster.main.baseUrl}, webhooks ${cluster.webhook.baseUrl}, ${cluster.workers.length} workers`,
		);
	};
}
