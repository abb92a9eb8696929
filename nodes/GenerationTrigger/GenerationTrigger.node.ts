import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EVENT_LABELS, generationTriggerProperties } from './description';
import { receiveSyncNotification } from './receive';
import { assertSigningSecret } from './signingSecret';

export class GenerationTrigger implements INodeType {
	description: INodeTypeDescription = {
		// n8n's node panel drops "Trigger": shown as "Sync Labs Generation". The type name stays.
		displayName: 'Sync Labs Generation Trigger',
		name: 'generationTrigger',
		icon: { light: 'file:../../icons/sync.svg', dark: 'file:../../icons/sync.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{"On " + ($parameter["events"] || []).map((event) => (${JSON.stringify(EVENT_LABELS)})[event] || event).join(", ")}}`,
		description:
			'Starts the workflow when a Sync Labs lip-sync or dubbing generation (or a batch) finishes, from Sync’s signed webhook',
		defaults: { name: 'Sync Labs Generation Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'videoDubSyncLabsApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		triggerPanel: {
			header: 'Paste the Production URL into a Lipsync Generation or Sync Dub node',
			executionsHelp: {
				inactive:
					'Sync Labs sends one notification per generation to the URL given with it. While testing, run the Sync node right after clicking "Listen for test event": the test URL stops listening after about 2 minutes. For real use, put the Production URL in the Sync node and publish this workflow.',
				active:
					'This workflow runs whenever Sync Labs reports a finished generation or batch to its Production URL.',
			},
			activationHint:
				'Once published, Sync Labs notifications sent to the Production URL start this workflow.',
		},
		properties: generationTriggerProperties,
	};

	/**
	 * Sync has no webhook registration API: the URL travels with each generation request, so there
	 * is nothing to check, create or delete at Sync when the workflow is (de)activated. Activation
	 * (and "Listen for test event") only checks that a signature can be verified when asked for.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertSigningSecret(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertSigningSecret(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSyncNotification.call(this);
	}
}
