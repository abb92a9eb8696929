import { CONTEXT_ENV } from './lib/context';
import { cleanUpE2eRun } from './lib/cleanup';

/** Stops the n8n and emulator of this e2e run and removes their temp folders. */
export default async function globalTeardown(): Promise<void> {
	const contextFile = process.env[CONTEXT_ENV];
	if (contextFile) await cleanUpE2eRun(contextFile);
}
