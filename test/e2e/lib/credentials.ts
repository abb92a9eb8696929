import type { EmulatorInfo } from './emulatorProcess';
import type { UserServicesInfo } from './userServices';

/** One entry of `n8n import:credentials` input; plain-object `data` is encrypted on import. */
export interface N8nCredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, string | number | boolean>;
}

/** Fixed ids, so example workflows can reference the credentials the e2e run imports. */
export const E2E_CREDENTIALS = {
	videoDubSyncLabsApi: { id: 'e2eSyncLabsApi01', name: 'Sync Labs (emulator)' },
	videoDubElevenLabsApi: { id: 'e2eElevenLabs001', name: 'ElevenLabs (emulator)' },
} as const;

export type E2eCredentialType = keyof typeof E2E_CREDENTIALS;

/**
 * n8n's own credentials for the local bucket and inbox (userServices.ts), with fixed ids so that
 * the examples' S3 and Send Email nodes reference them.
 */
export const USER_SERVICE_CREDENTIALS = {
	s3: { id: 'e2eLocalBucket01', name: 'S3 (local bucket)' },
	smtp: { id: 'e2eLocalInbox001', name: 'SMTP (local inbox)' },
} as const;

/** n8n's S3 credential for the object store, and its SMTP credential for the mail server. */
export function userServiceCredentials(services: UserServicesInfo): N8nCredentialImport[] {
	const { s3, mail } = services;
	return [
		{
			...USER_SERVICE_CREDENTIALS.s3,
			type: 's3',
			data: {
				endpoint: s3.endpoint,
				region: s3.region,
				accessKeyId: s3.accessKeyId,
				secretAccessKey: s3.secretAccessKey,
				forcePathStyle: true,
			},
		},
		{
			...USER_SERVICE_CREDENTIALS.smtp,
			type: 'smtp',
			data: {
				host: mail.smtpHost,
				port: mail.smtpPort,
				secure: false,
				disableStartTls: true,
			},
		},
	];
}

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
