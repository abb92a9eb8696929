import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class VideoDubElevenLabsApi implements ICredentialType {
	name = 'videoDubElevenLabsApi';

	displayName = 'ElevenLabs Music API';

	icon = {
		light: 'file:../icons/elevenlabs.svg',
		dark: 'file:../icons/elevenlabs.dark.svg',
	} as const;

	documentationUrl = 'https://elevenlabs.io/docs/api-reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create one at elevenlabs.io → Developers → API Keys. The key needs the Music permission.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			// The option values are the API hosts themselves, so the test request and the nodes
			// resolve the base URL the same way.
			options: [
				{ name: 'Default (Global)', value: 'https://api.elevenlabs.io' },
				{ name: 'United States', value: 'https://api.us.elevenlabs.io' },
				{ name: 'EU Data Residency', value: 'https://api.eu.residency.elevenlabs.io' },
				{ name: 'India Data Residency', value: 'https://api.in.residency.elevenlabs.io' },
				{ name: 'Singapore Data Residency', value: 'https://api.sg.residency.elevenlabs.io' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'https://api.elevenlabs.io',
			description:
				'Which ElevenLabs host to call. Data-residency hosts need an account in that region.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://elevenlabs-proxy.example.com',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
			description: 'Base URL without /v1, for example an API proxy',
		},
		{
			displayName:
				'The connection test calls GET /v1/user/subscription. A key restricted to Music only may fail this test and still work in the Video To Music node.',
			name: 'testNotice',
			type: 'notice',
			default: '',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'xi-api-key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : $credentials.region}}',
			url: '/v1/user/subscription',
			method: 'GET',
		},
	};
}
