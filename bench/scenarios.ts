import { copyBinaryFile } from 'n8n-core';
import type { IBinaryData, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { VideoDubElevenLabsApi } from '../credentials/VideoDubElevenLabsApi.credentials';
import { VideoDubSyncLabsApi } from '../credentials/VideoDubSyncLabsApi.credentials';
// `.js`: tsx would otherwise resolve `X.node` to the codex file `X.node.json` next to it.
import { LipsyncGeneration } from '../nodes/LipsyncGeneration/LipsyncGeneration.node.js';
import { SyncDub } from '../nodes/SyncDub/SyncDub.node.js';
import { VideoToMusic } from '../nodes/VideoToMusic/VideoToMusic.node.js';
import type { NodeHarness, RunNodeOptions, RunNodeResult } from '../test/harness';
import { ASSET_UPLOAD, lipsyncCreate } from './parameters';
import type { ChildSpec } from './types';

/**
 * One bench case as the child runs it: `prepare` stores inputs (not measured), `run` executes the
 * node (measured), `verify` checks the output and returns facts for the report.
 */
export interface ChildScenario {
	prepare(harness: NodeHarness): Promise<void>;
	run(harness: NodeHarness): Promise<RunNodeResult>;
	verify(harness: NodeHarness, result: RunNodeResult): Promise<Record<string, number | string>>;
}

export const credentialTypes = [new VideoDubElevenLabsApi(), new VideoDubSyncLabsApi()];

export function scenarioFor(spec: ChildSpec): ChildScenario {
	switch (spec.kind) {
		case 'videoToMusic':
			return binaryInputScenario(spec.videoPath, {
				node: new VideoToMusic(),
				// Raw 8 kHz PCM keeps the soundtrack small: the upload is what is measured.
				parameters: { videoSource: 'binary', binaryPropertyName: 'data', outputFormat: 'pcm_8000' },
				credentials: {
					videoDubElevenLabsApi: { apiKey: spec.apiKey, region: 'custom', baseUrl: spec.elevenLabsBaseUrl },
				},
			});
		case 'assetUpload':
			return binaryInputScenario(spec.videoPath, {
				node: new LipsyncGeneration(),
				parameters: ASSET_UPLOAD,
				credentials: syncCredentials(spec),
			});
		case 'dubUpload':
			return binaryInputScenario(spec.videoPath, {
				node: new SyncDub(),
				parameters: {
					videoSource: 'binary',
					videoBinaryProperty: 'data',
					targetLanguage: 'de',
					completion: 'none',
				},
				credentials: syncCredentials(spec),
			});
		case 'lipsyncDownload':
			return syncScenario(spec, 1, lipsyncCreate({ completion: 'poll', downloadOutput: true }));
		case 'manyItems':
			return syncScenario(
				spec,
				spec.items,
				lipsyncCreate({
					completion: spec.completion,
					// Don't Wait queues the jobs beyond the plan's slots (the default fails them at once).
					...(spec.completion === 'none' ? { whenPlanFull: 'wait' } : {}),
					downloadOutput: false,
					options: { maxConcurrentJobs: spec.maxConcurrentJobs },
				}),
			);
		case 'dubLanguages':
			// Sync Dub 1.1 into several languages: one asset upload, then one generation per language.
			return binaryInputScenario(
				spec.videoPath,
				{
					node: new SyncDub(),
					typeVersion: 1.1,
					parameters: {
						videoSource: 'binary',
						videoBinaryProperty: 'data',
						targetLanguage: spec.languages,
						completion: 'poll',
						downloadOutput: false,
						options: {
							maxConcurrentJobs: spec.languages.length,
							...(spec.costGuard ? { maxCostPerExecution: 100 } : {}),
						},
					},
					credentials: syncCredentials(spec),
				},
				spec.languages.length,
			);
		case 'getMany':
			return syncScenario(
				spec,
				spec.items,
				{ resource: 'generation', operation: 'get', generationId: '={{ $json.id }}' },
				() => ({ id: spec.generationId }),
			);
	}
}

function syncCredentials(spec: { apiKey: string; syncBaseUrl: string; webhookSecret: string }) {
	return {
		videoDubSyncLabsApi: { apiKey: spec.apiKey, baseUrl: spec.syncBaseUrl, webhookSecret: spec.webhookSecret },
	};
}

interface NodeRun {
	node: INodeType;
	parameters: INodeParameters;
	credentials: RunNodeOptions['credentials'];
	typeVersion?: number;
}

/**
 * One item whose binary `data` is the given video in n8n's filesystem binary store. It is put there
 * with n8n-core's `copyBinaryFile` (a kernel file copy) rather than streamed through this process,
 * so that storing a 200 MB input leaves no freed buffers behind that the node could reuse unseen.
 */
function binaryInputScenario(videoPath: string, run: NodeRun, expectedItems = 1): ChildScenario {
	let input: IBinaryData;
	return {
		async prepare() {
			input = await copyBinaryFile('benchWorkflow', 'bench-inputs', videoPath, 'input.mp4', 'video/mp4');
		},
		async run(harness) {
			return await harness.runNode({ ...run, items: [{ json: {}, binary: { data: input } }] });
		},
		async verify(harness, result) {
			const [item, ...others] = outputItems(result, expectedItems);
			return {
				...(others.length > 0 ? { statuses: [item, ...others].map((one) => one.json.status).join(', ') } : {}),
				inputBytes: input.bytes ?? (await harness.binary.metadata(input)).fileSize,
				outputBytes: await binaryBytes(harness, item.binary?.data),
				...(typeof item.json.id === 'string' ? { id: item.json.id } : {}),
			};
		},
	};
}

function syncScenario(
	spec: { apiKey: string; syncBaseUrl: string; webhookSecret: string },
	count: number,
	parameters: INodeParameters,
	json: (index: number) => INodeExecutionData['json'] = () => ({}),
): ChildScenario {
	const items = Array.from({ length: count }, (_, index) => ({ json: json(index) }));
	return {
		async prepare() {},
		async run(harness) {
			return await harness.runNode({
				node: new LipsyncGeneration(),
				parameters,
				credentials: syncCredentials(spec),
				items,
			});
		},
		async verify(harness, result) {
			const output = outputItems(result, count);
			const statuses = new Map<string, number>();
			for (const item of output) {
				const status = String(item.json.status);
				statuses.set(status, (statuses.get(status) ?? 0) + 1);
			}
			const details: Record<string, number | string> = {
				outputItems: output.length,
				statuses: [...statuses].map(([status, n]) => `${status} ${n}`).join(', '),
			};
			const binary = output[0].binary?.data;
			if (binary) details.outputBytes = await binaryBytes(harness, binary);
			if (count === 1) details.id = String(output[0].json.id);
			return details;
		},
	};
}

function outputItems(result: RunNodeResult, expected: number): INodeExecutionData[] {
	if (result.error) throw result.error;
	const items = result.output?.[0] ?? [];
	if (items.length !== expected) throw new Error(`Expected ${expected} output items, got ${items.length}`);
	return items;
}

async function binaryBytes(harness: NodeHarness, binary: IBinaryData | undefined): Promise<number> {
	if (!binary) return 0;
	if (typeof binary.bytes === 'number') return binary.bytes;
	return (await harness.binary.metadata(binary)).fileSize;
}
