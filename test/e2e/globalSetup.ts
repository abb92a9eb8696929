import { cleanUpOnExit } from './lib/cleanup';
import { contextEnvOf } from './lib/context';
import { startE2eStack } from './lib/stack';
import { e2eTarget } from './lib/targets';

/**
 * The global setup of one target's e2e project (jest.config.js; `globalSetup.<target>.ts` call
 * it): that target's n8n (cached install) + a fresh build of the package + the emulator, shared by
 * all test files of the project through the context file (see lib/context.ts, getE2eContext()).
 */
export function globalSetupFor(targetName: string): () => Promise<void> {
	return async () => {
		const target = e2eTarget(targetName);
		const log = (message: string) => process.stderr.write(`[${target.project}] ${message}\n`);
		const started = Date.now();
		const { data, n8n } = await startE2eStack({
			log,
			target,
			onContextFile: (contextFile) => {
				process.env[contextEnvOf(target)] = contextFile;
				// In case jest exits without its teardown (Ctrl-C, crash). Even a SIGKILLed jest leaves
				// nothing running: the process guard stops n8n and the emulator when this process dies.
				cleanUpOnExit(contextFile);
			},
		});
		log(
			`${target.label} at ${n8n.baseUrl}, emulator ${data.emulator?.info.url}, ready in ${Date.now() - started} ms`,
		);
	};
}
