import { credentialRef } from '../test/e2e/lib/credentials';
import { graphWorkflow, readFilesNode, webhookNode } from '../test/e2e/lib/graph';
import type { WorkflowJson } from '../test/e2e/lib/n8nInstance';
import type { WorkflowNodeSpec } from '../test/e2e/lib/workflows';
import { ASSET_UPLOAD } from './parameters';

/**
 * The throughput section's workflows in real n8n (regular mode, filesystem binary data), each
 * started by a production webhook that answers when the run is done. `node` is the node whose
 * run time (n8n's own `executionTime`) is measured.
 */
export const THROUGHPUT = {
	videoToMusic: { id: 'benchThruVtmUpld', path: 'bench-thru-vtm', node: 'Video To Music' },
	assetUpload: { id: 'benchThruAssetUp', path: 'bench-thru-asset', node: 'Asset Upload' },
	download: { id: 'benchThruDownld0', path: 'bench-thru-download', node: 'Lipsync Get' },
	getsPackage: { id: 'benchThruGetsPkg', path: 'bench-thru-gets-pkg', node: 'Lipsync Get' },
	getsHttp: { id: 'benchThruGetsHtt', path: 'bench-thru-gets-http', node: 'HTTP Request' },
	// n8n's own HTTP Request node moving the same bytes: what n8n itself manages on each path.
	httpVideoToMusic: { id: 'benchThruHttpVtm', path: 'bench-thru-http-vtm', node: 'HTTP Request' },
	httpAssetUpload: { id: 'benchThruHttpPut', path: 'bench-thru-http-put', node: 'HTTP Request' },
	httpDownload: { id: 'benchThruHttpGet', path: 'bench-thru-http-get', node: 'HTTP Request' },
} as const;

export type ThroughputWorkflow = keyof typeof THROUGHPUT;

const ANSWER_WHEN_DONE = { responseMode: 'lastNode', responseData: 'firstEntryJson' } as const;
const READ_FILE = 'Read File';
const ITEMS = 'Items';

/** Webhook body `{ id, n }` into `n` items `{ id }`, so that the next node runs once per item. */
const itemsNode: WorkflowNodeSpec = {
	name: ITEMS,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: {
		jsCode:
			'const { id, n } = $input.first().json.body;\n' +
			'return Array.from({ length: n }, () => ({ json: { id } }));',
	},
};

const httpRequest = (parameters: Record<string, unknown>, credential?: 'videoDubElevenLabsApi'): WorkflowNodeSpec => ({
	name: 'HTTP Request',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	...(credential ? { credentials: credentialRef(credential) } : {}),
	parameters: {
		...(credential ? { authentication: 'predefinedCredentialType', nodeCredentialType: credential } : {}),
		...parameters,
		options: { response: { response: { responseFormat: 'file' } } },
	},
});

export function throughputWorkflows(
	packageName: string,
	emulator: { syncBaseUrl: string; elevenLabsBaseUrl: string },
): WorkflowJson[] {
	const { syncBaseUrl } = emulator;
	const sync = credentialRef('videoDubSyncLabsApi');
	const w = THROUGHPUT;
	const upload = (flow: { id: string; path: string; node: string }, node: WorkflowNodeSpec) =>
		graphWorkflow(
			flow.id,
			`Bench: ${flow.node} of a file from disk`,
			[webhookNode(flow.path, ANSWER_WHEN_DONE), readFilesNode(READ_FILE, '={{ $json.body.path }}'), node],
			[
				['Webhook', READ_FILE],
				[READ_FILE, flow.node],
			],
		);
	const lipsyncGet = (download: boolean, idExpression: string): WorkflowNodeSpec => ({
		name: 'Lipsync Get',
		type: `${packageName}.lipsyncGeneration`,
		credentials: sync,
		parameters: { resource: 'generation', operation: 'get', generationId: idExpression, downloadOutput: download },
	});
	const gets = (flow: { id: string; path: string; node: string }, node: WorkflowNodeSpec) =>
		graphWorkflow(
			flow.id,
			`Bench: ${flow.node} once per item`,
			[webhookNode(flow.path, ANSWER_WHEN_DONE), itemsNode, node],
			[
				['Webhook', ITEMS],
				[ITEMS, flow.node],
			],
		);
	return [
		upload(w.videoToMusic, {
			name: w.videoToMusic.node,
			type: `${packageName}.videoToMusic`,
			credentials: credentialRef('videoDubElevenLabsApi'),
			parameters: { videoSource: 'binary', binaryPropertyName: 'data', outputFormat: 'pcm_8000' },
		}),
		upload(w.assetUpload, {
			name: w.assetUpload.node,
			type: `${packageName}.lipsyncGeneration`,
			credentials: sync,
			parameters: ASSET_UPLOAD,
		}),
		graphWorkflow(
			w.download.id,
			'Bench: download a finished generation',
			[webhookNode(w.download.path, ANSWER_WHEN_DONE), lipsyncGet(true, '={{ $json.body.id }}')],
			[['Webhook', w.download.node]],
		),
		gets(w.getsPackage, lipsyncGet(false, '={{ $json.id }}')),
		// n8n's own HTTP Request node, same URL, same credential (n8n adds its header): the yardstick.
		gets(w.getsHttp, {
			name: w.getsHttp.node,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			credentials: sync,
			parameters: {
				method: 'GET',
				url: `=${syncBaseUrl}/v2/generations/{{ $json.id }}`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'videoDubSyncLabsApi',
				options: {},
			},
		}),
		upload(
			w.httpVideoToMusic,
			httpRequest(
				{
					method: 'POST',
					url: `${emulator.elevenLabsBaseUrl}/v1/music/video-to-music?output_format=pcm_8000`,
					sendBody: true,
					contentType: 'multipart-form-data',
					bodyParameters: {
						parameters: [
							{ parameterType: 'formData', name: 'model_id', value: 'music_v1' },
							{ parameterType: 'formBinaryData', name: 'videos', inputDataFieldName: 'data' },
						],
					},
				},
				'videoDubElevenLabsApi',
			),
		),
		upload(
			w.httpAssetUpload,
			httpRequest({
				method: 'PUT',
				url: "={{ $('Webhook').item.json.body.url }}",
				sendBody: true,
				contentType: 'binaryData',
				inputDataFieldName: 'data',
			}),
		),
		graphWorkflow(
			w.httpDownload.id,
			'Bench: HTTP Request downloads a file',
			[webhookNode(w.httpDownload.path, ANSWER_WHEN_DONE), httpRequest({ method: 'GET', url: '={{ $json.body.url }}' })],
			[['Webhook', w.httpDownload.node]],
		),
	];
}
