import { e2eTargets } from '../lib/targets';
import { cleanUpQueueRun } from './lib/queueCleanup';
import { queueContextEnvOf } from './lib/queueContext';

/**
 * Stops n8n, the emulator, Redis and PostgreSQL of every queue-mode run this jest run set up and
 * removes their folders (one teardown module for all queue projects, so jest runs it once).
 */
export default async function globalTeardown(): Promise<void> {
	await Promise.all(
		e2eTargets().map(async (target) => {
			const contextFile = process.env[queueContextEnvOf(target)];
			if (contextFile) await cleanUpQueueRun(contextFile);
		}),
	);
}
