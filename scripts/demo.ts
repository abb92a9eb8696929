// `npm run demo [-- --no-wait]` (through scripts/demo.sh): starts the emulator and a real n8n with
// this package, the example workflows and emulator credentials, runs the examples, copies nothing
// by hand (the examples' own Save nodes write the media into demo-output/), prints what each one
// produced and the editor login, then keeps n8n running until Ctrl-C. No API key needed.
//
// Environment: DEMO_PORT (n8n, default 5678), DEMO_EMULATOR_PORT (default 4010),
// DEMO_OUTPUT_DIR (default <repo>/demo-output). --no-wait runs, prints and shuts down (exit code 1
// if an example failed).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { E2E_CREDENTIALS } from '../test/e2e/lib/credentials';
import { E2E_OWNER } from '../test/e2e/lib/n8nRest';
import { repoRoot } from '../test/e2e/lib/paths';
import { exampleFiles } from '../test/e2e/lib/examples';
import { runExamples, type ExampleResult } from './demoExamples';
import { startInbox } from './demoInbox';
import { formatBytes } from './demoMedia';
import { assertPortFree, startDemoStack, type DemoStack } from './demoStack';

const usage = `Usage: npm run demo [-- --no-wait]

Starts the Sync Labs + ElevenLabs emulator and n8n with this package, imports the example
workflows and emulator credentials, runs the examples and saves what they produce in demo-output/.
Then prints the editor URL and login and keeps running until Ctrl+C.

  --no-wait   run the examples, print the results, stop (exit code 1 if one failed)

Environment: DEMO_PORT (n8n, default 5678), DEMO_EMULATOR_PORT (default 4010),
DEMO_OUTPUT_DIR (default demo-output/).`;

/** File written next to the media: the results as JSON, for scripts and CI. */
export const RESULTS_FILE = 'results.json';

const out = (line = '') => process.stdout.write(`${line}\n`);
const log = (message: string) => process.stdout.write(`  · ${message}\n`);

function portFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`${name} must be a port number (1-65535), got "${raw}"`);
	}
	return port;
}

/** Removes what an earlier demo run wrote (only our own names, in case the folder is shared). */
function clearOutputDir(outputDir: string): void {
	mkdirSync(outputDir, { recursive: true });
	for (const file of exampleFiles()) {
		rmSync(path.join(outputDir, file.replace(/\.json$/, '')), { recursive: true, force: true });
	}
	rmSync(path.join(outputDir, RESULTS_FILE), { force: true });
}

/** A path relative to the working directory when it is inside it (shorter to read). */
function shownPath(file: string): string {
	const relative = path.relative(process.cwd(), file);
	return relative && !relative.startsWith('..') ? relative : file;
}

function printResult(result: ExampleResult): void {
	const mark = result.ok ? 'ok    ' : 'FAILED';
	const how = result.startedBy === 'trigger' ? ', started by its Generation Trigger' : '';
	out(`  ${mark} ${result.file}  (${result.seconds} s${how})`);
	out(`         ${result.name}`);
	if (result.error) out(`         error: ${result.error}`);
	for (const file of result.files) {
		out(`         → ${shownPath(file.path)}  ${formatBytes(file.size)}  ${file.kind}`);
	}
	for (const message of result.notifications) {
		out(`         → notified: ${message.method} ${JSON.stringify(message.body).slice(0, 160)}`);
	}
}

function printEditorInfo(stack: DemoStack, results: ExampleResult[]): void {
	const base = stack.n8n.baseUrl;
	out();
	out(`n8n editor   ${base}`);
	out(`  login      ${E2E_OWNER.email} / ${E2E_OWNER.password}`);
	const workflowUrls = results.map((result) => `${base}/workflow/${result.workflowId}`);
	out(`  workflows  ${workflowUrls.join('\n             ')}`);
	const { videoDubSyncLabsApi, videoDubElevenLabsApi } = E2E_CREDENTIALS;
	out(
		`  credentials "${videoDubSyncLabsApi.name}" and "${videoDubElevenLabsApi.name}" use the emulator;`,
	);
	out('             open them under Overview → Credentials to switch to your real API keys.');
	out(`emulator     ${stack.emulator.url}  (admin API ${stack.emulator.adminUrl})`);
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		out(usage);
		return 0;
	}
	const unknown = args.filter((arg) => arg !== '--no-wait');
	if (unknown.length) throw new Error(`unknown argument ${unknown.join(' ')}\n\n${usage}`);
	const wait = !args.includes('--no-wait');

	const n8nPort = portFromEnv('DEMO_PORT', 5678);
	const emulatorPort = portFromEnv('DEMO_EMULATOR_PORT', 4010);
	const outputDir = path.resolve(process.env.DEMO_OUTPUT_DIR || path.join(repoRoot, 'demo-output'));
	await assertPortFree(n8nPort, 'n8n', 'DEMO_PORT');
	await assertPortFree(emulatorPort, 'emulator', 'DEMO_EMULATOR_PORT');
	clearOutputDir(outputDir);

	out('n8n-nodes-video-dub demo (local emulator, no API key needed)');
	const inbox = await startInbox();
	// Set at the very start of startDemoStack(), so that Ctrl+C during set-up cleans up too.
	let cleanup: Pick<DemoStack, 'stop' | 'killNow'> | undefined;
	let stopping: Promise<void> | undefined;
	const stop = async () => {
		stopping ??= (async () => {
			await cleanup?.stop();
			await inbox.close();
		})();
		await stopping;
	};
	// Last resort when the process ends without stop() (an exception): kill what still runs. The
	// process guard also stops n8n and the emulator when this process dies, even from SIGKILL.
	process.once('exit', () => cleanup?.killNow());

	// One handler for the whole run: Ctrl+C reaches this process both from the terminal and from
	// npm, and a second signal must not kill it half-way through the clean-up.
	let exitCodeOnSignal = 130;
	let interrupted = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (interrupted) return;
		interrupted = true;
		out(`\n${signal}: stopping n8n and the emulator...`);
		void stop().then(() => process.exit(exitCodeOnSignal));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	const stack = await startDemoStack({
		n8nPort,
		emulatorPort,
		outputDir,
		log,
		onCleanup: (functions) => (cleanup = functions),
	});
	out();
	out(`Running the example workflows (${exampleFiles().length} files in examples/):`);
	const results = await runExamples(
		{ n8n: stack.n8n, inputDir: stack.inputDir, outputDir, inbox, log },
		printResult,
	);
	const report = { n8nUrl: stack.n8n.baseUrl, emulatorUrl: stack.emulator.url, results };
	writeFileSync(path.join(outputDir, RESULTS_FILE), `${JSON.stringify(report, null, 2)}\n`);
	const failed = results.filter((result) => !result.ok);
	out();
	if (failed.length) {
		const names = failed.map((result) => result.file).join(', ');
		out(`${failed.length} of ${results.length} examples FAILED: ${names}`);
		out(`n8n log: ${stack.n8n.state.logFile}   emulator log: ${stack.emulatorLog}`);
		if (!wait) out('(removed when the demo stops; E2E_KEEP_TEMP=1 keeps them)');
	} else {
		out(`All ${results.length} examples ran; their media is in ${shownPath(outputDir)}/`);
	}
	if (!wait) {
		await stop();
		out();
		out('--no-wait: n8n and the emulator have stopped. `npm run demo` without --no-wait keeps');
		out('them running and prints the editor URL and login.');
		return failed.length ? 1 : 0;
	}
	printEditorInfo(stack, results);
	out();
	out(
		failed.length
			? 'n8n keeps running so that you can inspect the failed executions. ' +
					'Press Ctrl+C to stop (exit code 1).'
			: 'Press Ctrl+C to stop n8n and the emulator.',
	);
	exitCodeOnSignal = failed.length ? 1 : 0;
	// Stay up until the signal handler stops everything and exits.
	setInterval(() => undefined, 1 << 30);
	return await new Promise<number>(() => undefined);
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		process.stderr.write(`\ndemo failed: ${error.message}\n`);
		process.exit(1);
	},
);
