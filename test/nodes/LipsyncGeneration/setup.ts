import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { join } from 'node:path';

import { VideoDubSyncLabsApi } from '../../../credentials/VideoDubSyncLabsApi.credentials';
import { LipsyncGeneration } from '../../../nodes/LipsyncGeneration/LipsyncGeneration.node';
import type { Emulator } from '../../emulator';
import { emulatorForFile } from '../../emulator/testkit';
import type { RunNodeOptions, RunNodeResult } from '../../harness';
import { NodeHarness } from '../../harness';

export const FIXTURES = join(__dirname, '../../fixtures');
export const VIDEO_URL = 'https://media.example.com/face.mp4';
export const AUDIO_URL = 'https://media.example.com/voice.wav';
export const IMAGE_URL = 'https://media.example.com/face.png';

/** Fast emulator timings so that a generation ends within a few hundred milliseconds. */
export const FAST_TIMING = { pendingMs: 50, processingMs: 150, batchPendingMs: 30 };

export interface TestBed {
	emulator: Emulator;
	harness: NodeHarness;
	node: LipsyncGeneration;
	credentials: RunNodeOptions['credentials'];
	run(parameters: INodeParameters, options?: Partial<RunNodeOptions>): Promise<RunNodeResult>;
	/** Requests that reached the Sync API (and storage), by route. */
	requestCount(): number;
}

/** A harness running the node against the given emulator. */
async function startTestBed(emulator: Emulator): Promise<TestBed> {
	const harness = await NodeHarness.start({ credentialTypes: [new VideoDubSyncLabsApi()] });
	const node = new LipsyncGeneration();
	const credentials = {
		videoDubSyncLabsApi: {
			apiKey: emulator.syncApiKey,
			baseUrl: emulator.syncBaseUrl,
			webhookSecret: emulator.webhookSecret,
		},
	};
	return {
		emulator,
		harness,
		node,
		credentials,
		run: async (parameters, options = {}) =>
			await harness.runNode({ node, credentials, ...options, parameters }),
		requestCount: () =>
			Object.values(emulator.admin.counters().requests).reduce((sum, count) => sum + count, 0),
	};
}

/** Parameters of Generation → Create with a video URL and an audio URL. */
export function createParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'generation',
		operation: 'create',
		model: 'lipsync-2',
		videoSource: 'url',
		videoUrl: VIDEO_URL,
		voiceInput: 'audio',
		audioSource: 'url',
		audioUrl: AUDIO_URL,
		completion: 'poll',
		pollInterval: 1,
		timeout: 20,
		downloadOutput: false,
		...overrides,
	};
}

export function items(
	count: number,
	json: (index: number) => IDataObject = () => ({}),
): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: json(index) }));
}

/** The body of every POST /v2/generate the emulator stored, oldest first. */
export function storedGenerations(emulator: Emulator) {
	return emulator.admin.generations();
}

/**
 * Registers one test bed for the calling test file: started before its tests, emulator state reset
 * before each test, closed after. The returned object is filled in once `beforeAll` has run.
 */
export function useTestBed(): TestBed {
	const emulated = emulatorForFile({ sync: { timing: FAST_TIMING } });
	const bed = {} as TestBed;
	beforeAll(async () => {
		Object.assign(bed, await startTestBed(emulated.emu));
	});
	afterAll(async () => await bed.harness?.close());
	return bed;
}
