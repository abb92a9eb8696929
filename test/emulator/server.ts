import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { handleAdmin } from './admin';
import { BlobStore } from './blobs';
import { CounterBook } from './counters';
import { defaultElevenLabsConfig, handleElevenLabs, type ElevenLabsConfig } from './elevenlabs';
import { applyFault, FaultBook } from './faults';
import { sendVendorError, type Vendor } from './vendorErrors';
import { sendJson } from './http';
import { lipsyncOutputMp4 } from './media';
import { Scheduler } from './scheduler';
import { handleStorage } from './storage';
import { defaultSyncApiKey, defaultSyncConfig, patchConfig, type SyncConfig } from './sync/config';
import { handleSync, syncRouteKey } from './sync/routes';
import { SyncService } from './sync/service';
import { WebhookSender } from './webhooks';

/**
 * One HTTP server for everything, split by path prefix:
 *   /sync/...        Sync Labs v2 API         /elevenlabs/...  ElevenLabs API
 *   /storage/...     output storage host      /__emulator/...  admin API (no auth)
 * The dispatcher counts requests and applies injected faults before a vendor handler runs.
 */

export interface EmulatorInfo {
	url: string;
	syncBaseUrl: string;
	elevenLabsBaseUrl: string;
	storageBaseUrl: string;
	adminUrl: string;
	syncApiKey: string;
	elevenLabsApiKey: string;
	webhookSecret: string;
}

export interface ServerOptions {
	sync?: Partial<SyncConfig>;
	elevenLabs?: Partial<ElevenLabsConfig>;
	/** Where stored files go (default: the system's temp dir). */
	filesDir?: string;
}

export class EmulatorServer {
	readonly scheduler = new Scheduler();
	readonly blobs: BlobStore;
	readonly counters = new CounterBook();
	readonly faults = new FaultBook();
	readonly webhooks: WebhookSender;
	readonly elevenLabsConfig: ElevenLabsConfig;
	private readonly initialElevenLabsConfig: ElevenLabsConfig;
	private readonly httpServer: http.Server;
	private readonly sockets = new Set<Socket>();
	private syncService?: SyncService;
	private readonly syncConfig: SyncConfig;
	url = '';

	constructor(options: ServerOptions = {}) {
		this.blobs = new BlobStore(options.filesDir);
		this.syncConfig = defaultSyncConfig();
		if (options.sync) patchConfig(this.syncConfig, options.sync);
		this.elevenLabsConfig = cloneConfig(defaultElevenLabsConfig);
		if (options.elevenLabs) patchConfig(this.elevenLabsConfig as object, options.elevenLabs);
		this.initialElevenLabsConfig = cloneConfig(this.elevenLabsConfig);
		this.webhooks = new WebhookSender(this.scheduler, () => {
			const config = this.sync.config;
			return {
				secret: config.webhookSecret,
				sendXSignaturePrimary: config.sendXSignaturePrimary,
				retryDelaysMs: config.webhookRetryDelaysMs,
				timeoutMs: config.webhookTimeoutMs,
			};
		});
		this.httpServer = http.createServer((req, res) => void this.handle(req, res));
		this.httpServer.keepAliveTimeout = 5_000;
		this.httpServer.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	get sync(): SyncService {
		if (!this.syncService) throw new Error('emulator not listening yet');
		return this.syncService;
	}

	async listen(port: number, host: string): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.httpServer.once('error', reject);
			this.httpServer.listen(port, host, () => {
				this.httpServer.off('error', reject);
				resolve();
			});
		});
		const address = this.httpServer.address() as AddressInfo;
		this.url = `http://${urlHost(host)}:${address.port}`;
		this.syncService = new SyncService({
			config: this.syncConfig,
			blobs: this.blobs,
			scheduler: this.scheduler,
			webhooks: this.webhooks,
			counters: this.counters,
			syncBaseUrl: `${this.url}/sync`,
			storageBaseUrl: `${this.url}/storage`,
			media: { cannedMp4: lipsyncOutputMp4 },
		});
	}

	/** Everything a client needs to talk to the emulator (also the CLI's JSON line). */
	info(): EmulatorInfo {
		return {
			url: this.url,
			syncBaseUrl: `${this.url}/sync`,
			elevenLabsBaseUrl: `${this.url}/elevenlabs`,
			storageBaseUrl: `${this.url}/storage`,
			adminUrl: `${this.url}/__emulator`,
			syncApiKey: defaultSyncApiKey,
			elevenLabsApiKey: this.elevenLabsConfig.defaultApiKey,
			webhookSecret: this.sync.config.webhookSecret,
		};
	}

	configureElevenLabs(patch: Partial<ElevenLabsConfig>): void {
		patchConfig(this.elevenLabsConfig as object, patch);
	}

	reset(): void {
		this.scheduler.clearAll();
		this.webhooks.reset();
		this.sync.reset();
		void this.blobs.clear();
		this.faults.clear();
		this.counters.reset();
		const target = this.elevenLabsConfig as Record<string, unknown>;
		for (const key of Object.keys(target)) delete target[key];
		Object.assign(target, cloneConfig(this.initialElevenLabsConfig));
	}

	async close(): Promise<void> {
		this.scheduler.clearAll();
		this.syncService?.lifecycle.releaseAll();
		this.webhooks.close();
		const closed = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
		this.httpServer.closeAllConnections();
		for (const socket of this.sockets) socket.destroy();
		await closed;
		this.blobs.dispose();
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = req.method ?? 'GET';
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const match = /^\/(sync|elevenlabs|storage|__emulator)(\/.*)?$/.exec(url.pathname);
		if (!match) {
			sendJson(res, 404, {
				message: `Unknown path ${url.pathname}: use /sync, /elevenlabs, /storage or /__emulator`,
			});
			return;
		}
		const prefix = match[1];
		const path = match[2] ?? '/';
		if (prefix === '__emulator') {
			await handleAdmin(req, res, url, path, this);
			return;
		}
		const vendor = prefix as Vendor;
		this.counters.request(routeKey(vendor, method, path));
		if (vendor === 'storage' && hasApiKey(req)) this.counters.count('requestsWithApiKeyOnStorage');
		try {
			const fault = this.faults.take(vendor, method, path);
			if (fault && (await applyFault(fault, vendor, req, res, this.scheduler)) === 'handled')
				return;
			switch (vendor) {
				case 'sync':
					await handleSync(req, res, url, path, this.sync);
					return;
				case 'elevenlabs':
					await handleElevenLabs(req, res, path, {
						config: this.elevenLabsConfig,
						count: (counter) => this.counters.count(counter),
					});
					return;
				case 'storage':
					await handleStorage(req, res, path, {
						blobs: this.blobs,
						output: (name) => this.sync.output(name),
						uploadRequiresContentLength: () => this.sync.config.uploadRequiresContentLength,
						onUploadReceived: () => this.counters.count('uploadsReceived'),
					});
					return;
			}
		} catch (error) {
			if (res.headersSent) {
				res.destroy();
				return;
			}
			await sendVendorError(
				req,
				res,
				vendor,
				500,
				undefined,
				`Emulator error: ${(error as Error).message}`,
			);
		}
	}
}

function routeKey(vendor: Vendor, method: string, path: string): string {
	if (vendor === 'sync') return syncRouteKey(method, path);
	if (vendor === 'storage') {
		const pattern = path
			.replace(/^\/uploads\/[^/]+$/, '/uploads/:token')
			.replace(/^\/files\/[^/]+\/[^/]+$/, '/files/:key/:name')
			.replace(/^\/outputs\/[^/]+$/, '/outputs/:name');
		return `${method} /storage${pattern}`;
	}
	return `${method} ${path}`;
}

function hasApiKey(req: IncomingMessage): boolean {
	return (
		req.headers['x-api-key'] !== undefined ||
		req.headers['xi-api-key'] !== undefined ||
		req.headers.authorization !== undefined
	);
}

function urlHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
	return host.includes(':') ? `[${host}]` : host;
}

function cloneConfig<T>(config: T): T {
	return structuredClone(config);
}
