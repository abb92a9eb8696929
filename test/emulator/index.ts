import { createAdmin, type EmulatorAdmin } from './admin';
import type { ElevenLabsConfig } from './elevenlabs';
import { EmulatorServer } from './server';
import type { SyncConfig } from './sync/config';

/**
 * Local emulator of the Sync Labs v2 and ElevenLabs APIs plus an output-storage host.
 * Start it in a test with `const emu = await startEmulator()`, point clients at
 * `emu.syncBaseUrl` / `emu.elevenLabsBaseUrl`, drive it with `emu.admin`, and `await emu.close()`.
 */

export interface EmulatorOptions {
	/** Default 0 (random free port). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	sync?: Partial<SyncConfig>;
	elevenLabs?: Partial<ElevenLabsConfig>;
	/** Where uploaded and generated files are stored (default: the system's temp dir). */
	filesDir?: string;
}

export interface Emulator {
	/** http://127.0.0.1:PORT — one server, path prefixes below. */
	url: string;
	/** `${url}/sync`; clients call `${syncBaseUrl}/v2/...`. */
	syncBaseUrl: string;
	/** `${url}/elevenlabs`; clients call `${elevenLabsBaseUrl}/v1/...`. */
	elevenLabsBaseUrl: string;
	/** `${url}/storage`: outputs and presigned upload PUTs, no API key. */
	storageBaseUrl: string;
	/** `${url}/__emulator`: admin API over HTTP. */
	adminUrl: string;
	syncApiKey: string;
	elevenLabsApiKey: string;
	webhookSecret: string;
	admin: EmulatorAdmin;
	/** Closes the server, keep-alive sockets, pending timers and webhook deliveries. */
	close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const server = new EmulatorServer({
		sync: options.sync,
		elevenLabs: options.elevenLabs,
		filesDir: options.filesDir,
	});
	await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	const info = server.info();
	let closing: Promise<void> | undefined;
	return {
		url: info.url,
		syncBaseUrl: info.syncBaseUrl,
		elevenLabsBaseUrl: info.elevenLabsBaseUrl,
		storageBaseUrl: info.storageBaseUrl,
		adminUrl: info.adminUrl,
		syncApiKey: info.syncApiKey,
		elevenLabsApiKey: info.elevenLabsApiKey,
		get webhookSecret() {
			return server.sync.config.webhookSecret;
		},
		admin: createAdmin(server),
		close: () => (closing ??= server.close()),
	};
}

export type { EmulatorAdmin, OutcomeStatus } from './admin';
export type { Counters } from './counters';
export type { FaultRule, FaultAction, FaultMatch, Vendor } from './faults';
export type { WebhookAttempt, WebhookDelivery } from './webhooks';
export { signWebhook } from './webhooks';
export type { SyncConfig, SyncPlan, SyncTiming, SyncApiKeyProfile } from './sync/config';
export { defaultSyncApiKey, defaultSyncConfig, syncPlans } from './sync/config';
export type { Asset, Batch, Generation } from './sync/store';
export type { ElevenLabsConfig } from './elevenlabs';
