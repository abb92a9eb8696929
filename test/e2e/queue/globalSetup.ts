import { QUEUE_CONTEXT_ENV } from './lib/queueContext';
import { cleanUpQueueRunOnExit } from './lib/queueCleanup';
import { startQueueStack } from './lib/queueStack';
import { queueWorkflows } from './workflows';

const log = (message: string) => process.stderr.write(`[e2e-queue] ${message}\n`);

/**
 * Once per run of the e2e-queue project: Redis, PostgreSQL, the emulator and n8n in queue mode
 * (main, two workers, a webhook processor) with the scenario workflows published, shared by the
 * test files through N8N_QUEUE_E2E_CONTEXT (see lib/queueContext.ts).
 */
export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const { data, cluster } = await startQueueStack({
		workflows: queueWorkflows,
		log,
		onContextFile: (contextFile) => {
			process.env[QUEUE_CONTEXT_ENV] = contextFile;
			// Also on Ctrl-C or a crash; a SIGKILLed jest is covered by the process guards.
			cleanUpQueueRunOnExit(contextFile);
		},
	});
	const steps = Object.entries(data.timings)
		.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
		.join(', ');
	log(
		`queue mode ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${steps}): ` +
			`main ${cluster.main.baseUrl}, webhooks ${cluster.webhook.baseUrl}, ${cluster.workers.length} workers`,
	);
}
