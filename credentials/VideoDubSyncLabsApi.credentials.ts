import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class VideoDubSyncLabsApi implements ICredentialType {
	name = 'videoDubSyncLabsApi';

	displayName = 'Sync Labs API';

	icon = { light: 'file:../icons/sync.svg', dark: 'file:../icons/sync.dark.svg' } as const;

	documentationUrl = 'https://sync.so/docs/api-reference/guides/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Create one in the Sync Labs dashboard under API Keys (sync.so/keys)',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_...',
			description:
				'Verifies that webhook calls come from Sync Labs: required by the Generation Trigger, and checked on "Wait for Webhook" callbacks when set. Find it in the dashboard under API Keys → Webhooks.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.sync.so',
			description: 'Base URL without /v2. Change it only to go through an API proxy.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "https://api.sync.so").replace(/\\/+$/, "")}}',
			url: '/v2/models',
			method: 'GET',
		},
	};
}
