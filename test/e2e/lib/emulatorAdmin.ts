import type {
	Counters,
	FaultRule,
	OutcomeStatus,
	SyncConfig,
	WebhookDelivery,
} from '../../emulator';
import type { ElevenLabsConfig } from '../../emulator';
import type { Asset, Batch, Generation } from '../../emulator';

/**
 * The emulator's admin API over HTTP (`/__emulator`, see test/emulator/admin.ts), for e2e tests:
 * the emulator runs in its own process there, so the in-process `emulator.admin` is not available.
 */
export class EmulatorAdminClient {
	constructor(readonly adminUrl: string) {}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.adminUrl}${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`emulator admin ${method} ${path} -> ${response.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** Clears records, faults, counters, webhook log; restores the start-up config. */
	async reset(): Promise<void> {
		await this.call('POST', '/reset');
	}

	async configureSync(patch: Partial<SyncConfig>): Promise<SyncConfig> {
		return await this.call('PATCH', '/config/sync', patch);
	}

	async configureElevenLabs(patch: Partial<ElevenLabsConfig>): Promise<ElevenLabsConfig> {
		return await this.call('PATCH', '/config/elevenlabs', patch);
	}

	async injectFault(rule: FaultRule | FaultRule[]): Promise<void> {
		await this.call('POST', '/faults', rule);
	}

	async clearFaults(): Promise<void> {
		await this.call('DELETE', '/faults');
	}

	async counters(): Promise<Counters> {
		return await this.call('GET', '/counters');
	}

	async webhookDeliveries(): Promise<WebhookDelivery[]> {
		return await this.call('GET', '/webhooks');
	}

	async generations(): Promise<Generation[]> {
		return await this.call('GET', '/generations');
	}

	/** One stored generation by id; throws when the emulator has none. */
	async generation(id: unknown): Promise<Generation> {
		const generation = (await this.generations()).find((candidate) => candidate.id === id);
		if (!generation) throw new Error(`the emulator has no generation ${String(id)}`);
		return generation;
	}

	async assets(): Promise<Asset[]> {
		return await this.call('GET', '/assets');
	}

	async batches(): Promise<Batch[]> {
		return await this.call('GET', '/batches');
	}

	/** Outcome of the next generation created. */
	async setNextOutcome(outcome: OutcomeStatus, errorCode?: string): Promise<void> {
		await this.call('POST', '/next-outcome', { outcome, errorCode });
	}

	/** Ends a PENDING/PROCESSING generation now; false when there is no such generation. */
	async finishGeneration(
		id: string,
		outcome?: OutcomeStatus,
		errorCode?: string,
	): Promise<boolean> {
		const response = await fetch(`${this.adminUrl}/generations/${encodeURIComponent(id)}/finish`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ outcome, errorCode }),
		});
		return response.ok;
	}
}
