import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { join } from 'node:path';

import { VideoDubSyncLabsApi } from '../../../credentials/VideoDubSyncLabsApi.credentials';
import { SyncDub } from '../../../nodes/SyncDub/SyncDub.node';
import type { Emulator } from '../../emulator';
import { emulatorForFile } from '../../emulator/testkit';
import { NodeHarness, type RunNodeOptions, type RunNodeResult } from '../../harness';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');
export const SAMPLE_VIDEO = join(FIXTURES, 'sample-video.mp4');
export const VIDEO_URL = 'https://media.example.com/talk_en.mp4';

/** Short emulator timings keep each test at a fraction of a second. */
const TIMING = { pendingMs: 50, processingMs: 150, batchPendingMs: 50 };

/** One harness and one emulator per test file, reset between tests. */
export function useSyncDub() {
	const env = {} as {
		harness: NodeHarness;
		emulator: Emulator;
		credentials: (apiKey?: string) => RunNodeOptions['credentials'];
		run: (
			parameters: INodeParameters,
			options?: Omit<RunNodeOptions, 'node' | 'parameters'> & { apiKey?: string },
		) => Promise<RunNodeResult>;
		/** The POST /v2/generate requests that reached the emulator. */
		createRequests: () => number;
	};
	const emulated = emulatorForFile({ sync: { timing: TIMING } });

	beforeAll(async () => {
		env.harness = await NodeHarness.start({ credentialTypes: [new VideoDubSyncLabsApi()] });
		env.emulator = emulated.emu;
		env.credentials = (apiKey = env.emulator.syncApiKey) => ({
			videoDubSyncLabsApi: {
				apiKey,
				baseUrl: env.emulator.syncBaseUrl,
				webhookSecret: env.emulator.webhookSecret,
			},
		});
		// Version 1 (one target language): what existing workflows run; version 1.1 has its own tests.
		env.run = async (parameters, { apiKey, ...options } = {}) =>
			await env.harness.runNode({
				node: new SyncDub(),
				credentials: env.credentials(apiKey),
				typeVersion: 1,
				...options,
				parameters: { videoUrl: VIDEO_URL, pollInterval: 1, ...parameters },
			});
		env.createRequests = () => env.emulator.admin.counters().requests['POST /v2/generate'] ?? 0;
	});

	beforeEach(() => env.emulator.admin.configureSync({ timing: TIMING }));

	afterAll(async () => await env.harness?.close());

	return env;
}

/** The stored generation a node output item refers to, as the emulator recorded the request. */
export function storedGeneration(emulator: Emulator, item: INodeExecutionData) {
	const generation = emulator.admin
		.generations()
		.find((candidate) => candidate.id === item.json.id);
	if (!generation) throw new Error(`No generation ${String(item.json.id)} in the emulator`);
	return generation;
}

export const items = (...json: Array<Record<string, unknown>>): INodeExecutionData[] =>
	json.map((entry) => ({ json: entry as INodeExecutionData['json'] }));
