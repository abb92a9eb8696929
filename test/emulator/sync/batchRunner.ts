import { randomUUID } from 'node:crypto';

import { planOutcome } from './outcomes';
import { wireBatch, wireBatchCamel } from './serialize';
import type { SyncService } from './service';
import type { Batch, BatchRequestLine } from './store';
import type { CreateRequest } from './validation';

/**
 * Batch state machine (reference §8.6): PENDING → JOBS_CREATED (children created, bypassing the
 * generation concurrency limit) → PROCESSING → COMPLETED once every child is terminal (any mix).
 * The webhook (BatchResponse, snake or camel variant) is sent once at the end.
 */
export class BatchRunner {
	/** Validated child requests per batch id (kept apart from the stored raw lines). */
	private readonly requests = new Map<string, CreateRequest[]>();

	constructor(private readonly svc: SyncService) {
		svc.lifecycle.onTerminal((gen) => {
			if (gen.batchId) this.checkDone(gen.batchId);
		});
	}

	create(
		orgId: string,
		lines: BatchRequestLine[],
		requests: CreateRequest[],
		webhookUrl: string | null,
	): Batch {
		const batch: Batch = {
			id: randomUUID(),
			orgId,
			createdAt: new Date().toISOString(),
			status: 'PENDING',
			webhookUrl,
			lines,
			children: [],
			outputUrl: '',
		};
		this.svc.store.batches.set(batch.id, batch);
		this.requests.set(batch.id, requests);
		this.svc.counters.count('batchesCreated');
		this.svc.deps.scheduler.after(this.svc.config.timing.batchPendingMs, () =>
			this.createJobs(batch),
		);
		return batch;
	}

	running(orgId: string): Batch[] {
		return [...this.svc.store.batches.values()].filter(
			(b) => b.orgId === orgId && b.status !== 'COMPLETED' && b.status !== 'FAILED',
		);
	}

	resultLines(batch: Batch): string {
		return batch.children
			.map((child) => {
				const gen = this.svc.store.generations.get(child.generationId);
				const response = gen ? this.svc.wire(gen) : null;
				return JSON.stringify({ request_id: child.requestId, response });
			})
			.join('\n')
			.concat('\n');
	}

	clear(): void {
		this.requests.clear();
	}

	private createJobs(batch: Batch): void {
		const requests = this.requests.get(batch.id);
		if (!requests || batch.status !== 'PENDING') return;
		requests.forEach((request, i) => {
			const planned = planOutcome(
				request.media,
				request.dubParams as { targetLang: string } | undefined,
				undefined,
				this.svc.nextOutcomes,
				this.svc.config.failDubLanguages,
			);
			const gen = this.svc.createGeneration(request, batch.orgId, planned, 'batch', batch.id);
			batch.children.push({ requestId: batch.lines[i].requestId, generationId: gen.id });
		});
		this.requests.delete(batch.id);
		batch.status = 'JOBS_CREATED';
		this.svc.deps.scheduler.after(0, () => {
			if (batch.status !== 'JOBS_CREATED') return;
			batch.status = 'PROCESSING';
			this.checkDone(batch.id);
		});
	}

	private checkDone(batchId: string): void {
		const batch = this.svc.store.batches.get(batchId);
		if (!batch || batch.status !== 'PROCESSING') return;
		const allDone = batch.children.every((child) => {
			const gen = this.svc.store.generations.get(child.generationId);
			return !gen || this.svc.lifecycle.isTerminal(gen);
		});
		if (!allDone) return;
		batch.status = 'COMPLETED';
		batch.outputUrl = `${this.svc.deps.syncBaseUrl}/v2/batches/${batch.id}/result`;
		if (batch.webhookUrl) {
			const body =
				this.svc.config.batchWebhookCasing === 'camel'
					? wireBatchCamel(batch, this.svc.store)
					: wireBatch(batch, this.svc.store);
			this.svc.deps.webhooks.send('batch', batch.id, batch.webhookUrl, body);
			this.svc.counters.count('webhooksSent');
		}
	}
}
