import { credentialRef } from '../test/e2e/lib/credentials';
import { graphWorkflow, readFilesNode, webhookNode } from '../test/e2e/lib/graph';
import type { WorkflowJson } from '../test/e2e/lib/n8nInstance';
import { ASSET_UPLOAD, lipsyncCreate } from './parameters';

/**
 * The queue-mode bench workflows, started by a production webhook so that a worker runs them and
 * answered when done. Node names are the phases the report tells apart.
 */
export const QUEUE_BENCH = {
	upload: {
		id: 'benchQueueUpload',
		path: 'bench-queue-upload',
		/** n8n's own node: reads the input file into n8n's binary data store. */
		n8nNode: 'Read File',
		node: 'Asset Upload',
	},
	download: { id: 'benchQueueDownld', path: 'bench-queue-download', node: 'Lipsync' },
} as const;

export function queueBenchWorkflows(packageName: string): WorkflowJson[] {
	const answerWhenDone = { responseMode: 'lastNode', responseData: 'firstEntryJson' } as const;
	const lipsync = `${packageName}.lipsyncGeneration`;
	const credentials = credentialRef('videoDubSyncLabsApi');
	const { upload, download } = QUEUE_BENCH;
	return [
		graphWorkflow(
			upload.id,
			'Bench: upload a file from disk to Sync (queue mode)',
			[
				webhookNode(upload.path, answerWhenDone),
				readFilesNode(upload.n8nNode, '={{ $json.body.path }}'),
				{ name: upload.node, type: lipsync, credentials, parameters: ASSET_UPLOAD },
			],
			[
				['Webhook', upload.n8nNode],
				[upload.n8nNode, upload.node],
			],
		),
		graphWorkflow(
			download.id,
			'Bench: download a Sync output (queue mode)',
			[
				webhookNode(download.path, answerWhenDone),
				{
					name: download.node,
					type: lipsync,
					credentials,
					parameters: lipsyncCreate({ completion: 'poll', downloadOutput: true }),
				},
			],
			[['Webhook', download.node]],
		),
	];
}
