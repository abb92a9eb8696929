import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DUBBING_LANGUAGES } from '../sync/languages';
import { resumeFromSyncCallback, resumeWebhooks } from '../sync/generation/resume';
import { withToolDescriptions } from '../shared/parameters/toolDescription';
import { properties } from './actions/description';
import { SYNC_DUB_TOOL_DESCRIPTIONS } from './actions/toolDescriptions';
import { router } from './actions/router';
import { listSearch } from './methods';

export class SyncDub implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sync Dub',
		name: 'syncDub',
		icon: { light: 'file:../../icons/sync.svg', dark: 'file:../../icons/sync.dark.svg' },
		group: ['transform'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: `={{"Dub into " + [].concat($parameter["targetLanguage"] || []).map((code) => (${JSON.stringify(Object.fromEntries(DUBBING_LANGUAGES))})[code] || code).join(", ")}}`,
		description:
			'Dub a video into one or more languages with Sync Labs: the speech is translated and re-voiced with ElevenLabs, then the lips are synced to it',
		defaults: { name: 'Sync Dub' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'videoDubSyncLabsApi', required: true }],
		// Resume URL for "Completion: Wait for Webhook"; Sync calls it when a generation ends.
		webhooks: resumeWebhooks,
		waitingNodeTooltip: 'Waiting for Sync Labs to finish every dub; it calls back when done',
		properties: withToolDescriptions(properties, SYNC_DUB_TOOL_DESCRIPTIONS),
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	/** Sync's callbacks for "Wait for Webhook"; resumes the execution once every item is done. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeFromSyncCallback.call(this);
	}
}
