import { contextEnvOf } from './lib/context';
import { cleanUpE2eRun } from './lib/cleanup';
import { e2eTargets } from './lib/targets';

/**
 * Stops the n8n and emulator of every target this run set up and removes their temp folders
 * (one teardown module for all e2e projects, so jest runs it once, after all their tests).
 */
export default async function globalTeardown(): Promise<void> {
	await Promise.all(
		e2eTargets().map(async (target) => {
			const contextFile = process.env[contextEnvOf(target)];
			if (contextFile) await cleanUpE2eRun(contextFile);
		}),
	);
}
