import { cleanUpOnExit } from './lib/cleanup';
import { CONTEXT_ENV } from './lib/context';
import { startE2eStack } from './lib/stack';

const log = (message: string) => process.stderr.write(`[e2e] ${message}\n`);

/**
 * Once per e2e run: n8n (cached install) + fresh build of the package + emulator, shared by all
 * e2e test files through N8N_E2E_CONTEXT (see lib/context.ts, getE2eContext()).
 */
export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const { data, n8n } = await startE2eStack({
		log,
		onContextFile: (contextFile) => {
			process.env[CONTEXT_ENV] = contextFile;
			// In case jest exits without its teardown (Ctrl-C, crash). Even a SIGKILLed jest leaves
			// nothing running: the process guard stops n8n and the emulator when this process dies.
			cleanUpOnExit(contextFile);
		},
	});
	log(
		`n8n ${n8n.baseUrl} and emulator ${data.emulator?.info.url} ready in ${Date.now() - started} ms`,
	);
}
