import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { actionSubtitle } from '../shared/subtitle';
import { resumeFromSyncCallback, resumeWebhooks } from '../sync/generation/resume';
import { withToolDescriptions } from '../shared/parameters/toolDescription';
import { properties } from './actions/description';
import { LIPSYNC_GENERATION_TOOL_DESCRIPTIONS } from './actions/toolDescriptions';
import { router } from './actions/router';
import { listSearch } from './methods';

export class LipsyncGeneration implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lipsync Generation',
		name: 'lipsyncGeneration',
		icon: { light: 'file:../../icons/sync.svg', dark: 'file:../../icons/sync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: actionSubtitle(properties),
		description:
			'Lip-sync a video or image to new speech with Sync Labs (sync.so): give a video URL and an audio URL or a script, get the lip-synced video URL',
		defaults: { name: 'Lipsync Generation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'videoDubSyncLabsApi', required: true }],
		// Resume URL for "Completion: Wait for Webhook"; Sync calls it when a generation ends.
		webhooks: resumeWebhooks,
		waitingNodeTooltip: 'Waiting for Sync Labs to finish every generation; it calls back when done',
		properties: withToolDescriptions(properties, LIPSYNC_GENERATION_TOOL_DESCRIPTIONS),
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
