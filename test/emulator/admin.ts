import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Counters } from './counters';
import type { ElevenLabsConfig } from './elevenlabs';
import type { FaultRule } from './faults';
import { readBody, sendJson } from './http';
import type { EmulatorServer } from './server';
import type { SyncConfig } from './sync/config';
import { outcome } from './sync/outcomes';
import type { Asset, Batch, Generation } from './sync/store';
import type { WebhookDelivery } from './webhooks';

/** Test control, in-process (typed) and over HTTP under `/__emulator` (no auth). */

export type OutcomeStatus = 'COMPLETED' | 'FAILED' | 'REJECTED';

export interface EmulatorAdmin {
	configureSync(patch: Partial<SyncConfig>): void;
	configureElevenLabs(patch: Partial<ElevenLabsConfig>): void;
	syncConfig(): SyncConfig;
	elevenLabsConfig(): ElevenLabsConfig;
	injectFault(rule: FaultRule): void;
	clearFaults(): void;
	faults(): Array<FaultRule & { remaining: number }>;
	counters(): Counters;
	webhookDeliveries(): WebhookDelivery[];
	/** Stored generation records (copies), oldest first, including emulator bookkeeping. */
	generations(): Generation[];
	assets(): Asset[];
	batches(): Batch[];
	/** Outcome of the next generation created (queue; header `x-emulator-outcome` still wins). */
	setNextOutcome(outcome: OutcomeStatus, errorCode?: string): void;
	/** Ends a PENDING/PROCESSING generation now (optionally with another outcome). */
	finishGeneration(id: string, outcome?: OutcomeStatus, errorCode?: string): boolean;
	/** Clears records, faults, counters, webhook log, timers; restores the startup config. */
	reset(): void;
}

export function createAdmin(server: EmulatorServer): EmulatorAdmin {
	return {
		configureSync: (patch) => server.sync.configure(patch),
		configureElevenLabs: (patch) => server.configureElevenLabs(patch),
		syncConfig: () => structuredClone(server.sync.config),
		elevenLabsConfig: () => structuredClone(server.elevenLabsConfig),
		injectFault: (rule) => server.faults.add(rule),
		clearFaults: () => server.faults.clear(),
		faults: () => server.faults.list(),
		counters: () => server.counters.snapshot(),
		webhookDeliveries: () => server.webhooks.deliveries(),
		generations: () => structuredClone([...server.sync.store.generations.values()]),
		assets: () => structuredClone([...server.sync.store.assets.values()]),
		batches: () => structuredClone([...server.sync.store.batches.values()]),
		setNextOutcome: (status, errorCode) => {
			server.sync.nextOutcomes.push(outcome(status, errorCode));
		},
		finishGeneration: (id, status, errorCode) =>
			server.sync.lifecycle.finish(id, status ? outcome(status, errorCode) : undefined),
		reset: () => server.reset(),
	};
}

/**
 * HTTP admin routes:
 *   GET  /                      URLs, keys, secret          POST /reset
 *   GET  /config/sync           PATCH|POST /config/sync       (partial SyncConfig)
 *   GET  /config/elevenlabs     PATCH|POST /config/elevenlabs
 *   GET  /faults                POST /faults (rule or array)  DELETE /faults
 *   GET  /counters   GET /webhooks   GET /generations   GET /assets   GET /batches
 *   POST /next-outcome {outcome, errorCode?}
 *   POST /generations/{id}/finish {outcome?, errorCode?}
 */
export async function handleAdmin(
	req: IncomingMessage,
	res: ServerResponse,
	_url: URL,
	path: string,
	server: EmulatorServer,
): Promise<void> {
	const admin = createAdmin(server);
	const method = req.method ?? 'GET';
	const route = `${method} ${path.replace(/\/+$/, '') || '/'}`;
	let body: unknown;
	try {
		const raw = await readBody(req);
		body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
	} catch (error) {
		sendJson(res, 400, { message: `Invalid JSON: ${(error as Error).message}` });
		return;
	}
	const object = (body ?? {}) as Record<string, unknown>;
	const finish = /^POST \/generations\/([^/]+)\/finish$/.exec(route);
	try {
		if (finish) {
			const ok = admin.finishGeneration(
				decodeURIComponent(finish[1]),
				object.outcome as OutcomeStatus | undefined,
				object.errorCode as string | undefined,
			);
			sendJson(res, ok ? 200 : 404, { finished: ok });
			return;
		}
		switch (route) {
			case 'GET /':
				sendJson(res, 200, server.info());
				return;
			case 'POST /reset':
				admin.reset();
				sendJson(res, 200, { reset: true });
				return;
			case 'GET /config/sync':
				sendJson(res, 200, admin.syncConfig());
				return;
			case 'PATCH /config/sync':
			case 'POST /config/sync':
				admin.configureSync(object as Partial<SyncConfig>);
				sendJson(res, 200, admin.syncConfig());
				return;
			case 'GET /config/elevenlabs':
				sendJson(res, 200, admin.elevenLabsConfig());
				return;
			case 'PATCH /config/elevenlabs':
			case 'POST /config/elevenlabs':
				admin.configureElevenLabs(object as Partial<ElevenLabsConfig>);
				sendJson(res, 200, admin.elevenLabsConfig());
				return;
			case 'GET /faults':
				sendJson(res, 200, admin.faults());
				return;
			case 'POST /faults': {
				const rules = (Array.isArray(body) ? body : [body]) as FaultRule[];
				for (const rule of rules) validateRule(rule);
				for (const rule of rules) admin.injectFault(rule);
				sendJson(res, 201, admin.faults());
				return;
			}
			case 'DELETE /faults':
				admin.clearFaults();
				sendJson(res, 200, []);
				return;
			case 'GET /counters':
				sendJson(res, 200, admin.counters());
				return;
			case 'GET /webhooks':
				sendJson(res, 200, admin.webhookDeliveries());
				return;
			case 'GET /generations':
				sendJson(res, 200, admin.generations());
				return;
			case 'GET /assets':
				sendJson(res, 200, admin.assets());
				return;
			case 'GET /batches':
				sendJson(res, 200, admin.batches());
				return;
			case 'POST /next-outcome': {
				const status = String(object.outcome ?? '').toUpperCase();
				if (!['COMPLETED', 'FAILED', 'REJECTED'].includes(status)) {
					sendJson(res, 400, { message: 'outcome must be COMPLETED, FAILED or REJECTED' });
					return;
				}
				admin.setNextOutcome(status as OutcomeStatus, object.errorCode as string | undefined);
				sendJson(res, 200, { queued: server.sync.nextOutcomes.length });
				return;
			}
		}
		sendJson(res, 404, { message: `Unknown admin route ${route}` });
	} catch (error) {
		sendJson(res, 400, { message: (error as Error).message });
	}
}

const faultKinds = ['status', 'reset', 'delay', 'truncate', 'malformedJson', 'rateLimit'];

function validateRule(rule: FaultRule): void {
	if (typeof rule !== 'object' || rule === null || !faultKinds.includes(rule.kind)) {
		throw new Error(`fault kind must be one of ${faultKinds.join(', ')}`);
	}
	if (rule.kind === 'status' && !Number.isInteger(rule.status))
		throw new Error('status fault needs a status');
	if (rule.kind === 'delay' && typeof rule.delayMs !== 'number')
		throw new Error('delay fault needs delayMs');
	if (typeof rule.path === 'string') new RegExp(rule.path);
}
