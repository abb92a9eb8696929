// The workflows of the queue-mode scenarios. n8n's CLI can only publish workflows before the
// processes start, so global setup imports and publishes all of them; the test files take ids
// and webhook paths from here. Every run starts at a production webhook on the webhook processor,
// so the workers run it; inputs (video URLs, the trigger's URL) come in the request body.
import { credentialRef } from '../lib/credentials';
import type { WorkflowNodeSpec } from '../lib/workflows';
import { graphWorkflow as workflow, webhookNode } from '../lib/graph';
import type { WorkflowJson } from '../lib/n8nInstance';

export const AUDIO_URL = 'https://media.example.com/voice.wav';

/** Ids and webhook paths the tests use. */
export const QUEUE_WORKFLOWS = {
	pollDub: { id: 'qmPollSyncDub001', path: 'queue-poll-dub' },
	waitLipsync: { id: 'qmWaitLipsync001', path: 'queue-wait-lipsync' },
	submitForTrigger: { id: 'qmSubmitForTrig1', path: 'queue-submit-for-trigger' },
	// Fixed: global setup and the test files (other processes) must agree on the trigger's URL.
	trigger: { id: 'qmGenerationTrig', webhookId: '6c2f5b8e-7d1a-4e9b-9a3c-0f4d2e6b8a15' },
	videoToMusic: { id: 'qmVideoToMusic01', path: 'queue-video-to-music' },
	crashDub: { id: 'qmCrashSyncDub01', path: 'queue-crash-dub' },
} as const;

/** Path of the Generation Trigger's production URL (`/webhook/<path>`). */
export const triggerPath = (webhookId: string) => `${webhookId}/webhook`;

/** Split Out of the request body's `field` array into items with `videoUrl`. */
function oneItemPerVideo(field: string): WorkflowNodeSpec {
	return {
		name: 'One Item Per Video',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: `body.${field}`, options: { destinationFieldName: 'videoUrl' } },
	};
}

/** Every scenario workflow, for a package installed as `packageName`. */
export function queueWorkflows(packageName: string): WorkflowJson[] {
	const type = (node: string) => `${packageName}.${node}`;
	const sync = credentialRef('videoDubSyncLabsApi');
	const { pollDub, waitLipsync, submitForTrigger, trigger, videoToMusic, crashDub } =
		QUEUE_WORKFLOWS;
	return [
		workflow(
			pollDub.id,
			'Queue: Sync Dub, Poll Until Done',
			[
				webhookNode(pollDub.path, { responseMode: 'lastNode', responseData: 'firstEntryJson' }),
				{
					name: 'Sync Dub',
					type: type('syncDub'),
					credentials: sync,
					parameters: {
						videoUrl: '={{ $json.body.videoUrl }}',
						targetLanguage: 'de',
						pollInterval: 1,
					},
				},
			],
			[['Webhook', 'Sync Dub']],
		),
		workflow(
			waitLipsync.id,
			'Queue: Lipsync Generation, Wait for Webhook, several items',
			[
				webhookNode(waitLipsync.path, { responseMode: 'onReceived' }),
				oneItemPerVideo('videoUrls'),
				{
					name: 'Lipsync',
					type: type('lipsyncGeneration'),
					credentials: sync,
					parameters: {
						videoUrl: '={{ $json.videoUrl }}',
						audioUrl: AUDIO_URL,
						completion: 'webhook',
						timeout: 300,
						options: { maxConcurrentJobs: 3 },
					},
				},
			],
			[
				['Webhook', 'One Item Per Video'],
				['One Item Per Video', 'Lipsync'],
			],
		),
		workflow(
			submitForTrigger.id,
			"Queue: Lipsync Generation, Don't Wait, notify the trigger",
			[
				webhookNode(submitForTrigger.path, {
					responseMode: 'lastNode',
					responseData: 'allEntries',
				}),
				oneItemPerVideo('videoUrls'),
				{
					name: 'Submit',
					type: type('lipsyncGeneration'),
					credentials: sync,
					parameters: {
						videoUrl: '={{ $json.videoUrl }}',
						audioUrl: AUDIO_URL,
						completion: 'none',
						options: {
							webhookUrl: "={{ $('Webhook').item.json.body.triggerUrl }}",
							maxConcurrentJobs: 20,
						},
					},
				},
			],
			[
				['Webhook', 'One Item Per Video'],
				['One Item Per Video', 'Submit'],
			],
		),
		workflow(
			trigger.id,
			'Queue: Generation Trigger',
			[
				{
					name: 'Generation Trigger',
					type: type('generationTrigger'),
					webhookId: trigger.webhookId,
					credentials: sync,
					parameters: { downloadOutput: true },
				},
			],
			[],
		),
		workflow(
			videoToMusic.id,
			'Queue: Video To Music from an uploaded video',
			[
				webhookNode(videoToMusic.path, {
					responseMode: 'lastNode',
					responseData: 'firstEntryBinary',
				}),
				{
					name: 'Video To Music',
					type: type('videoToMusic'),
					credentials: credentialRef('videoDubElevenLabsApi'),
					parameters: {},
				},
			],
			[['Webhook', 'Video To Music']],
		),
		workflow(
			crashDub.id,
			'Queue: Sync Dub into two languages, its worker killed',
			[
				webhookNode(crashDub.path, { responseMode: 'onReceived' }),
				{
					name: 'Sync Dub',
					type: type('syncDub'),
					typeVersion: 1.1,
					credentials: sync,
					parameters: {
						videoUrl: '={{ $json.body.videoUrl }}',
						targetLanguage: ['es', 'fr'],
						pollInterval: 1,
						timeout: 600,
						options: { reuseRecentGenerations: true },
					},
				},
			],
			[['Webhook', 'Sync Dub']],
		),
	];
}
