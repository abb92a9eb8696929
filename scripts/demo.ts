// `npm run demo [-- --no-wait]` (through scripts/demo.sh): starts the emulator, a real S3 server
// (s3rver) with the sample videos in its bucket, a real mail server with a web inbox (MailDev) and
// a real n8n with this package, the example workflows and credentials for all of them, runs the
// examples, prints what each one stored and mailed, copies the bucket into demo-output/bucket/,
// and keeps everything running until Ctrl-C. No account or API key needed.
//
// Environment: DEMO_PORT (n8n, default 5678), DEMO_EMULATOR_PORT (4010), DEMO_S3_PORT (4569),
// DEMO_SMTP_PORT (1025), DEMO_INBOX_PORT (1080), DEMO_OUTPUT_DIR (<repo>/demo-output).
// --no-wait runs, prints and shuts down (exit code 1 if an example failed).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Bucket } from '../test/e2e/lib/bucket';
import { E2E_CREDENTIALS } from '../test/e2e/lib/credentials';
import { Inbox } from '../test/e2e/lib/inbox';
import { E2E_OWNER } from '../test/e2e/lib/n8nRest';
import { repoRoot } from '../test/e2e/lib/paths';
import { exampleFiles } from '../test/e2e/lib/examples';
import { copyBucket, putSampleVideos } from './demoBucket';
import { runExamples, type ExampleResult } from './demoExamples';
import { formatBytes } from './demoMedia';
import { assertPortFree, startDemoStack, type DemoStack } from './demoStack';

const usage = `Usage: npm run demo [-- --no-wait]

Starts the Sync Labs + ElevenLabs emulator, a local S3 server (its bucket holds the sample
videos), a local mail server with a web inbox and n8n with this package, imports the example
workflows and credentials, runs the examples (they store their results in the bucket and mail a
summary) and copies the bucket into demo-output/bucket/. Then prints the editor URL and login, the
bucket and the inbox, and keeps running until Ctrl+C.

  --no-wait   run the examples, print the results, stop everything (exit code 1 if one failed)

Environment: DEMO_PORT (n8n, default 5678), DEMO_EMULATOR_PORT (4010), DEMO_S3_PORT (4569),
DEMO_SMTP_PORT (1025), DEMO_INBOX_PORT (1080), DEMO_OUTPUT_DIR (default demo-output/).`;

/** File written next to the media: the results as JSON, for scripts and CI. */
export const RESULTS_FILE = 'results.json';
/** Folder of demo-output/ that receives a copy of the bucket's objects, by key. */
export const BUCKET_COPY = 'bucket';

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
	rmSync(path.join(outputDir, BUCKET_COPY), { recursive: true, force: true });
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
	for (const object of result.stored) {
		out(`         → bucket: ${object.key}  ${formatBytes(object.size)}  ${object.kind}`);
	}
	for (const mail of result.mails)
		out(`         → mailed ${mail.to.join(', ')}: "${mail.subject}"`);
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

async function printBucketAndInbox(stack: DemoStack, bucket: Bucket, outputDir: string) {
	const { s3, mail } = stack.services;
	out();
	out(`inbox        ${mail.inboxUrl}  (MailDev; SMTP on ${mail.smtpHost}:${mail.smtpPort})`);
	out(
		`bucket       ${bucket.name} on ${s3.endpoint}  (s3rver; copied to ${shownPath(outputDir)}/)`,
	);
	for (const object of await bucket.list()) {
		out(`             ${bucket.objectUrl(object.key)}  ${formatBytes(object.size)}`);
	}
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

	const ports = {
		n8nPort: portFromEnv('DEMO_PORT', 5678),
		emulatorPort: portFromEnv('DEMO_EMULATOR_PORT', 4010),
		s3Port: portFromEnv('DEMO_S3_PORT', 4569),
		smtpPort: portFromEnv('DEMO_SMTP_PORT', 1025),
		inboxPort: portFromEnv('DEMO_INBOX_PORT', 1080),
	};
	const outputDir = path.resolve(process.env.DEMO_OUTPUT_DIR || path.join(repoRoot, 'demo-output'));
	await assertPortFree(ports.n8nPort, 'n8n', 'DEMO_PORT');
	await assertPortFree(ports.emulatorPort, 'emulator', 'DEMO_EMULATOR_PORT');
	await assertPortFree(ports.s3Port, 'S3 server', 'DEMO_S3_PORT');
	await assertPortFree(ports.smtpPort, 'SMTP server', 'DEMO_SMTP_PORT');
	await assertPortFree(ports.inboxPort, 'web inbox', 'DEMO_INBOX_PORT');
	clearOutputDir(outputDir);

	out('n8n-nodes-video-dub demo (local emulator, bucket and inbox; no account or API key needed)');
	// Set at the very start of startDemoStack(), so that Ctrl+C during set-up cleans up too.
	let cleanup: Pick<DemoStack, 'stop' | 'killNow'> | undefined;
	let stopping: Promise<void> | undefined;
	const stop = async () => {
		stopping ??= (async () => await cleanup?.stop())();
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
		out(`\n${signal}: stopping n8n, the emulator, the bucket and the inbox...`);
		void stop().then(() => process.exit(exitCodeOnSignal));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	const stack = await startDemoStack({
		...ports,
		outputDir,
		log,
		onCleanup: (functions) => (cleanup = functions),
	});
	const bucket = new Bucket(stack.services.s3);
	const inbox = new Inbox(stack.services.mail);
	const samples = await putSampleVideos(bucket);
	log(`uploaded ${samples.join(', ')} to the bucket "${bucket.name}"`);
	out();
	out(`Running the example workflows (${exampleFiles().length} files in examples/):`);
	const results = await runExamples(
		{ n8n: stack.n8n, inputDir: stack.inputDir, outputDir, bucket, inbox, log },
		printResult,
	);
	const bucketCopy = path.join(outputDir, BUCKET_COPY);
	await copyBucket(bucket, bucketCopy);
	const report = {
		n8nUrl: stack.n8n.baseUrl,
		emulatorUrl: stack.emulator.url,
		bucketUrl: `${stack.services.s3.endpoint}/${bucket.name}`,
		inboxUrl: stack.services.mail.inboxUrl,
		results,
	};
	writeFileSync(path.join(outputDir, RESULTS_FILE), `${JSON.stringify(report, null, 2)}\n`);
	const failed = results.filter((result) => !result.ok);
	out();
	if (failed.length) {
		const names = failed.map((result) => result.file).join(', ');
		out(`${failed.length} of ${results.length} examples FAILED: ${names}`);
		out(`n8n log: ${stack.n8n.state.logFile}   emulator log: ${stack.emulatorLog}`);
		if (!wait) out('(removed when the demo stops; E2E_KEEP_TEMP=1 keeps them)');
	} else {
		out(
			`All ${results.length} examples ran; the bucket's copy and the disk examples' media are in ${shownPath(outputDir)}/`,
		);
	}
	await printBucketAndInbox(stack, bucket, bucketCopy);
	if (!wait) {
		await stop();
		out();
		out('--no-wait: n8n, the emulator, the bucket and the inbox have stopped. `npm run demo`');
		out('without --no-wait keeps them running and prints the editor URL and login.');
		return failed.length ? 1 : 0;
	}
	printEditorInfo(stack, results);
	out();
	out(
		failed.length
			? 'n8n keeps running so that you can inspect the failed executions. ' +
					'Press Ctrl+C to stop (exit code 1).'
			: 'Press Ctrl+C to stop n8n, the emulator, the bucket and the inbox.',
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
