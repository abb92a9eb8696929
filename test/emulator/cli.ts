import { parseArgs } from 'node:util';

import { startEmulator, type EmulatorOptions } from './index';
import { defaultSyncConfig, syncPlans, type SyncPlan } from './sync/config';

/**
 * `npm run emulator [-- --port N --host H --plan P --timing-ms N --json]`
 * Starts the emulator until SIGINT/SIGTERM. With --json the first stdout line is one JSON object
 * with the URLs, keys and secret (for scripts); otherwise a readable summary is printed.
 */

const usage = `Usage: npm run emulator -- [options]
  --port N          port to listen on (default 4010; 0 = random free port)
  --host H          interface to bind (default 127.0.0.1)
  --plan P          Sync plan of the default key: ${syncPlans.join(', ')} (default creator)
  --timing-ms N     time a generation spends PROCESSING (PENDING gets a quarter of it)
  --large-output-bytes N  serve generation outputs as N-byte streamed MP4s (benchmarks)
  --output-video V  input (default: each output is its job's labelled input video) or canned
  --files-dir D      store uploaded and generated files under D (default: the system's temp dir)
  --json            print one JSON line with URLs and keys first (for scripts)
  --help            this text`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			plan: { type: 'string' },
			'timing-ms': { type: 'string' },
			'large-output-bytes': { type: 'string' },
			'output-video': { type: 'string' },
			'files-dir': { type: 'string' },
			json: { type: 'boolean' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		process.stdout.write(`${usage}\n`);
		return;
	}
	const options: EmulatorOptions = {
		port: values.port === undefined ? 4010 : integerArg('--port', values.port),
		host: values.host ?? '127.0.0.1',
		sync: {},
		filesDir: values['files-dir'],
	};
	if (values.plan !== undefined) {
		if (!(syncPlans as readonly string[]).includes(values.plan))
			fail(`--plan must be one of ${syncPlans.join(', ')}`);
		options.sync!.plan = values.plan as SyncPlan;
	}
	if (values['timing-ms'] !== undefined) {
		const total = integerArg('--timing-ms', values['timing-ms']);
		options.sync!.timing = {
			...defaultSyncConfig().timing,
			pendingMs: Math.round(total / 4),
			processingMs: total,
		};
	}
	if (values['large-output-bytes'] !== undefined) {
		options.sync!.largeOutputBytes = integerArg(
			'--large-output-bytes',
			values['large-output-bytes'],
		);
	}
	const outputVideo = values['output-video'];
	if (outputVideo !== undefined) {
		if (outputVideo !== 'input' && outputVideo !== 'canned')
			fail('--output-video must be input or canned');
		options.sync!.outputVideo = outputVideo;
	}

	const emulator = await startEmulator(options);
	const info = {
		url: emulator.url,
		syncBaseUrl: emulator.syncBaseUrl,
		elevenLabsBaseUrl: emulator.elevenLabsBaseUrl,
		storageBaseUrl: emulator.storageBaseUrl,
		adminUrl: emulator.adminUrl,
		syncApiKey: emulator.syncApiKey,
		elevenLabsApiKey: emulator.elevenLabsApiKey,
		webhookSecret: emulator.webhookSecret,
	};
	if (values.json) {
		process.stdout.write(`${JSON.stringify(info)}\n`);
	} else {
		const plan = emulator.admin.syncConfig().plan;
		const otherKeys = Object.entries(emulator.admin.syncConfig().apiKeys)
			.filter(([key]) => key !== emulator.syncApiKey)
			.map(([key, profile]) => `${key} (${profile.plan})`)
			.join(', ');
		process.stdout.write(
			[
				`Sync Labs + ElevenLabs emulator listening on ${info.url}`,
				'',
				`  Sync Labs base URL     ${info.syncBaseUrl}`,
				`  Sync Labs API key      ${info.syncApiKey}   (plan: ${plan})`,
				`  other Sync keys        ${otherKeys}`,
				`  Webhook secret         ${info.webhookSecret}`,
				`  ElevenLabs base URL    ${info.elevenLabsBaseUrl}`,
				`  ElevenLabs API key     ${info.elevenLabsApiKey}`,
				`  Output storage         ${info.storageBaseUrl}`,
				`  Admin API              ${info.adminUrl}   (GET ${info.adminUrl}/counters, /webhooks, ...)`,
				'',
				'Press Ctrl+C to stop.',
				'',
			].join('\n'),
		);
	}

	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		if (!values.json) process.stdout.write(`\n${signal}: stopping the emulator\n`);
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

function integerArg(name: string, value: string): number {
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) fail(`${name} must be a non-negative integer`);
	return parsed;
}

function fail(message: string): never {
	process.stderr.write(`${message}\n\n${usage}\n`);
	process.exit(2);
}

main().catch((error: Error) => {
	process.stderr.write(`emulator failed to start: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
