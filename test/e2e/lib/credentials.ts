import type { EmulatorInfo } from './emulatorProcess';

/** One entry of `n8n import:credentials` input; plain-object `data` is encrypted on import. */
export interface N8nCredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

/** Fixed ids, so example workflows can reference the credentials the e2e run imports. */
export const E2E_CREDENTIALS = {
	videoDubSyncLabsApi: { id: 'e2eSyncLabsApi01', name: 'Sync Labs (emulator)' },
	videoDubElevenLabsApi: { id: 'e2eElevenLabs001', name: 'ElevenLabs (emulator)' },
} as const;

export type E2eCredentialType = keyof typeof E2E_CREDENTIALS;

/** Credentials of both vendors pointing at the emulator (field names: credentials/*.ts). */
export function emulatorCredentials(emulator: EmulatorInfo): N8nCredentialImport[] {
	return [
		{
			...E2E_CREDENTIALS.videoDubSyncLabsApi,
			type: 'videoDubSyncLabsApi',
			data: {
				apiKey: emulator.syncApiKey,
				baseUrl: emulator.syncBaseUrl,
				webhookSecret: emulator.webhookSecret,
			},
		},
		{
			...E2E_CREDENTIALS.videoDubElevenLabsApi,
			type: 'videoDubElevenLabsApi',
			data: {
				apiKey: emulator.elevenLabsApiKey,
				region: 'custom',
				baseUrl: emulator.elevenLabsBaseUrl,
			},
		},
	];
}

/** Reference to put in a workflow node's `credentials` block. */
export function credentialRef(type: E2eCredentialType): {
	[type: string]: { id: string; name: string };
} {
	return { [type]: { ...E2E_CREDENTIALS[type] } };
}
