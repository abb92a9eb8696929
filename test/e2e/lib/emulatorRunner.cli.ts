// Runs the emulator (test/emulator/index.ts) as a process with the `--json --port` contract of
// test/emulator/cli.ts; used by emulatorProcess.ts only while that CLI does not exist.
import { startEmulator } from '../../emulator';

const portIndex = process.argv.indexOf('--port');
const port = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 0;

startEmulator({ port })
	.then((emulator) => {
		const { url, syncBaseUrl, elevenLabsBaseUrl, storageBaseUrl, adminUrl } = emulator;
		const { syncApiKey, elevenLabsApiKey, webhookSecret } = emulator;
		process.stdout.write(
			`${JSON.stringify({
				url,
				syncBaseUrl,
				elevenLabsBaseUrl,
				storageBaseUrl,
				adminUrl,
				syncApiKey,
				elevenLabsApiKey,
				webhookSecret,
			})}\n`,
		);
		const shutdown = () => void emulator.close().then(() => process.exit(0));
		process.once('SIGTERM', shutdown);
		process.once('SIGINT', shutdown);
	})
	.catch((error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	});
