import { cleanUpQueueRun } from './lib/queueCleanup';
import { QUEUE_CONTEXT_ENV } from './lib/queueContext';

/** Stops n8n, the emulator, Redis and PostgreSQL of the queue-mode run and removes their folders. */
export default async function globalTeardown(): Promise<void> {
	const contextFile = process.env[QUEUE_CONTEXT_ENV];
	if (contextFile) await cleanUpQueueRun(contextFile);
}
