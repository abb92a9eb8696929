import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resumeWebhooks } from '../sync/completion';
import { resumeFromSyncCallback } from '../sync/resume';
import { syncDubProperties } from './description';
import { executeSyncDub } from './dub.operation';

export class SyncDub implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sync Dub',
		name: 'syncDub',
		icon: { light: 'file:../../icons/sync.svg', dark: 'file:../../icons/sync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Dub into " + $parameter["targetLanguage"]}}',
		description:
			'Dub a video into another language with Sync Labs: the speech is translated and re-voiced with ElevenLabs, then the lips are synced to it',
		defaults: { name: 'Sync Dub' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'videoDubSyncLabsApi', required: true }],
		webhooks: resumeWebhooks,
		properties: syncDubProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeSyncDub(this);
	}

	/** Sync's callbacks for "Wait for Webhook"; resumes the execution once every item is done. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeFromSyncCallback.call(this);
	}
}
