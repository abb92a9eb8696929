import type { Scheduler } from '../scheduler';
import type { WebhookSender } from '../webhooks';
import { terminalStatuses } from './catalogs';
import type { SyncConfig } from './config';
import { generationNotification } from './serialize';
import type { Generation, PlannedOutcome, SyncStore } from './store';

/**
 * Generation state machine (reference §8.3):
 * PENDING → (REJECTED | PROCESSING) after timing.pendingMs, PROCESSING → (COMPLETED | FAILED)
 * after timing.processingMs. Transitions are monotonic; terminal states never change.
 */

export interface LifecycleDeps {
	config: () => SyncConfig;
	store: SyncStore;
	scheduler: Scheduler;
	webhooks: WebhookSender;
	/** URL and duration of a completed generation's output, once it is built. */
	output: (gen: Generation) => { url: string; durationSeconds: number } | undefined;
	/** Builds the output (once); resolves when output() has it. Never rejects. */
	prepareOutput: (gen: Generation) => Promise<void>;
	onWebhookSent: () => void;
}

export class GenerationLifecycle {
	private readonly waiters = new Map<string, Set<() => void>>();
	private readonly terminalListeners: Array<(gen: Generation) => void> = [];

	constructor(private readonly deps: LifecycleDeps) {}

	onTerminal(listener: (gen: Generation) => void): void {
		this.terminalListeners.push(listener);
	}

	start(gen: Generation): void {
		const { pendingMs } = this.deps.config().timing;
		if (pendingMs === null) {
			gen.pendingUntil = null;
			return;
		}
		gen.pendingUntil = Date.now() + pendingMs;
		this.deps.scheduler.after(pendingMs, () => this.leavePending(gen));
	}

	/** Admin: move a generation on now (optionally overriding its planned outcome). */
	finish(id: string, outcome?: PlannedOutcome): boolean {
		const gen = this.deps.store.generations.get(id);
		if (!gen || this.isTerminal(gen)) return false;
		if (outcome) gen.plannedOutcome = outcome;
		if (gen.status === 'PENDING') this.leavePending(gen, true);
		if (gen.status === 'PROCESSING') this.terminate(gen, gen.plannedOutcome.status);
		return true;
	}

	isTerminal(gen: Generation): boolean {
		return terminalStatuses.includes(gen.status);
	}

	/** progress_percent: 0 while pending, a ramp while processing, 100 when completed. */
	progress(gen: Generation): number {
		if (gen.status === 'PROCESSING' && gen.processingStartedAt !== null) {
			if (gen.processingUntil === null) return 50;
			const total = gen.processingUntil - gen.processingStartedAt;
			const done = total <= 0 ? 1 : (Date.now() - gen.processingStartedAt) / total;
			return Math.max(1, Math.min(99, Math.floor(done * 100)));
		}
		return gen.progressPercent;
	}

	/** Seconds until the soonest of these generations should end (for retryAfterSeconds). */
	secondsUntilFirstFinish(gens: Generation[]): number {
		const { pendingMs, processingMs } = this.deps.config().timing;
		const now = Date.now();
		let soonest = Infinity;
		for (const gen of gens) {
			let end: number | null = null;
			if (gen.status === 'PROCESSING') end = gen.processingUntil;
			else if (gen.pendingUntil !== null && processingMs !== null)
				end = gen.pendingUntil + processingMs;
			if (end !== null) soonest = Math.min(soonest, end);
		}
		if (soonest === Infinity) return pendingMs === null || processingMs === null ? 30 : 1;
		return Math.max(1, Math.ceil((soonest - now) / 1000));
	}

	/** Resolves when the generation is terminal, or after `timeoutMs` (long-poll). */
	async waitForTerminal(id: string, timeoutMs: number, abort: Promise<void>): Promise<void> {
		const gen = this.deps.store.generations.get(id);
		if (!gen || this.isTerminal(gen)) return;
		let release!: () => void;
		const terminal = new Promise<void>((resolve) => (release = resolve));
		const set = this.waiters.get(id) ?? new Set();
		set.add(release);
		this.waiters.set(id, set);
		try {
			await Promise.race([terminal, this.deps.scheduler.sleep(timeoutMs), abort]);
		} finally {
			set.delete(release);
			if (set.size === 0) this.waiters.delete(id);
		}
	}

	/** Wakes every long-poll (close/reset). */
	releaseAll(): void {
		for (const set of this.waiters.values()) for (const release of set) release();
		this.waiters.clear();
	}

	private leavePending(gen: Generation, now = false): void {
		if (gen.status !== 'PENDING' || !this.deps.store.generations.has(gen.id)) return;
		if (gen.plannedOutcome.status === 'REJECTED') {
			this.terminate(gen, 'REJECTED');
			return;
		}
		const { processingMs } = this.deps.config().timing;
		gen.status = 'PROCESSING';
		gen.processingStartedAt = Date.now();
		gen.progressPercent = 1;
		if (now) return;
		if (processingMs === null) {
			gen.processingUntil = null;
			return;
		}
		gen.processingUntil = gen.processingStartedAt + processingMs;
		this.deps.scheduler.after(processingMs, () => {
			if (gen.status === 'PROCESSING' && this.deps.store.generations.has(gen.id)) {
				this.terminate(gen, gen.plannedOutcome.status);
			}
		});
	}

	private terminate(gen: Generation, status: PlannedOutcome['status']): void {
		const output = status === 'COMPLETED' ? this.deps.output(gen) : undefined;
		if (status === 'COMPLETED' && !output) {
			// Still building the output (e.g. downloading the input): complete once it is there.
			void this.deps.prepareOutput(gen).then(() => {
				if (!this.isTerminal(gen) && this.deps.store.generations.get(gen.id) === gen) {
					this.terminate(gen, status);
				}
			});
			return;
		}
		gen.status = status;
		if (output) {
			gen.outputUrl = output.url;
			gen.outputDuration = output.durationSeconds;
			gen.progressPercent = 100;
			gen.error = null;
			gen.errorCode = null;
		} else {
			gen.outputUrl = null;
			gen.outputDuration = null;
			gen.error = gen.plannedOutcome.error;
			gen.errorCode = gen.plannedOutcome.errorCode;
			if (status === 'REJECTED') gen.progressPercent = 0;
			else gen.progressPercent = this.progress({ ...gen, status: 'PROCESSING' });
		}
		gen.processingUntil = gen.processingUntil ?? Date.now();
		const set = this.waiters.get(gen.id);
		if (set) for (const release of set) release();
		for (const listener of this.terminalListeners) listener(gen);
		const config = this.deps.config();
		if (gen.webhookUrl && (status !== 'REJECTED' || config.webhookOnRejected)) {
			this.deps.webhooks.send('generation', gen.id, gen.webhookUrl, generationNotification(gen));
			this.deps.onWebhookSent();
		}
	}
}
