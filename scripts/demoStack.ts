// The demo's processes: the emulator, a local S3 server and mail server, and a real n8n (the
// default e2e target, n8n 2.8.4) with this package and credentials for all three, on FIXED ports so that the printed URLs stay the same from run
// to run. Built on the e2e stack (test/e2e/lib/stack.ts), which handles the n8n install cache, the
// build, `npm pack`, process groups and clean-up; only the ports and folders differ from an e2e run.
import net from 'node:net';

import { cleanUpE2eRun, killE2eProcessesNow } from '../test/e2e/lib/cleanup';
import type { EmulatorInfo } from '../test/e2e/lib/emulatorProcess';
import type { N8nInstance } from '../test/e2e/lib/n8nInstance';
import type { UserServicesInfo } from '../test/e2e/lib/userServices';
import { startE2eStack } from '../test/e2e/lib/stack';
import { defaultE2eTarget } from '../test/e2e/lib/targets';

export interface DemoStackOptions {
	n8nPort: number;
	emulatorPort: number;
	/** The local S3 server, and the mail server's SMTP port and web inbox. */
	s3Port: number;
	smtpPort: number;
	inboxPort: number;
	/** Folder the examples write to; n8n 2.x lets Read/Write Files use only listed folders. */
	outputDir: string;
	log: (message: string) => void;
	/** Receives the clean-up functions as soon as there is something to clean up. */
	onCleanup?: (cleanup: Pick<DemoStack, 'stop' | 'killNow'>) => void;
}

export interface DemoStack {
	n8n: N8nInstance;
	emulator: EmulatorInfo;
	/** The local bucket and mail server the examples store in and mail to. */
	services: UserServicesInfo;
	/** Temp folder n8n may read from: put the examples' input files here. */
	inputDir: string;
	emulatorLog: string;
	/** Stops n8n and the emulator and removes the temp folders. */
	stop(): Promise<void>;
	/** The same for exit handlers, synchronously (SIGKILL). */
	killNow(): void;
}

/** Resolves when nothing listens on 127.0.0.1:`port`; throws a readable error otherwise. */
export async function assertPortFree(port: number, what: string, envName: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error: NodeJS.ErrnoException) => {
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${port} (${what}) is already in use: is another n8n or demo running? ` +
							`Stop it, or pick another port: ${envName}=<port> npm run demo`
						: `Cannot listen on 127.0.0.1:${port} (${what}): ${error.message}`,
				),
			);
		});
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

/**
 * Installs n8n when it is not cached yet, builds when dist/ is stale, packs the package, starts
 * the emulator, the bucket, the mail server and n8n (owner set up, credentials `Sync Labs
 * (emulator)`, `ElevenLabs (emulator)`, `S3 (local bucket)` and `SMTP (local inbox)` imported). Everything started dies with this process, even on SIGKILL.
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
	const target = defaultE2eTarget();
	options.log(
		`Preparing ${target.label} (installed once into the cache, about 3 min) and building the package`,
	);
	const stack = await startE2eStack({
		log: options.log,
		target,
		n8nPort: options.n8nPort,
		emulatorPort: options.emulatorPort,
		s3Port: options.s3Port,
		smtpPort: options.smtpPort,
		inboxPort: options.inboxPort,
		moreFileDirs: [options.outputDir],
		onContextFile: (contextFile) =>
			options.onCleanup?.({
				stop: async () => await cleanUpE2eRun(contextFile),
				killNow: () => killE2eProcessesNow(contextFile),
			}),
	});
	return {
		n8n: stack.n8n,
		emulator: stack.emulator,
		services: stack.services,
		inputDir: stack.filesDir,
		emulatorLog: stack.data.emulator?.logFile ?? '',
		stop: stack.stop,
		killNow: stack.killNow,
	};
}
