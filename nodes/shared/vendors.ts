import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The two APIs this package talks to, and what differs between them for the transport. */
export type Vendor = 'syncLabs' | 'elevenLabs';

interface VendorDefinition {
	/** Name of the credential type (credentials/*.credentials.ts). */
	credentialType: string;
	displayName: string;
	/** Base URL without the version prefix; paths like /v2/generate are appended. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** Where to point the user when the key is rejected. */
	keyHint: string;
}

const SYNC_DEFAULT_BASE_URL = 'https://api.sync.so';
const ELEVENLABS_DEFAULT_BASE_URL = 'https://api.elevenlabs.io';

const withoutTrailingSlash = (url: string) => url.trim().replace(/\/+$/, '');

export const VENDORS: Record<Vendor, VendorDefinition> = {
	syncLabs: {
		credentialType: 'videoDubSyncLabsApi',
		displayName: 'Sync Labs',
		baseUrl: (credentials) =>
			withoutTrailingSlash((credentials.baseUrl as string) || SYNC_DEFAULT_BASE_URL),
		keyHint: 'Check the API key in the Sync Labs credential (sync.so/keys).',
	},
	elevenLabs: {
		credentialType: 'videoDubElevenLabsApi',
		displayName: 'ElevenLabs',
		// The region option's value is the host itself, or 'custom' for a free-form base URL.
		baseUrl: (credentials) => {
			const region = (credentials.region as string) || ELEVENLABS_DEFAULT_BASE_URL;
			return withoutTrailingSlash(region === 'custom' ? (credentials.baseUrl as string) : region);
		},
		keyHint: 'Check the API key in the ElevenLabs credential and that it has the Music permission.',
	},
};

/** True when the Sync base URL is Sync's production API (used to refuse unreachable webhook URLs). */
export function isSyncProduction(baseUrl: string): boolean {
	return /^https:\/\/api\.sync\.so$/i.test(withoutTrailingSlash(baseUrl));
}

/** Every secret a credential holds, so that none of them can leak into errors or logs. */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	return ['apiKey', 'webhookSecret']
		.map((key) => credentials[key])
		.filter((value): value is string => typeof value === 'string' && value.length >= 4);
}
