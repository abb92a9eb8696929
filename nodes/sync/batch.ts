import type { IDataObject } from 'n8n-workflow';

import type { Batch } from './api/batches';

/** Generation counts of a batch, under one spelling. */
export interface BatchMetrics extends IDataObject {
	totalGenerations: number | null;
	successCount: number | null;
	failedCount: number | null;
	pendingCount: number | null;
}

/** The shape every node outputs for a batch, whatever the API's spelling. */
export interface NormalisedBatch extends IDataObject {
	id: string;
	status: string;
	createdAt: string | null;
	metrics: BatchMetrics;
	outputUrl: string | null;
	webhookUrl: string | null;
}

/** A count in either of Sync's spellings (snake_case in the SDK, camelCase in a docs example). */
function count(metrics: Record<string, unknown>, snake: string, camel: string): number | null {
	const value = metrics[snake] ?? metrics[camel];
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/**
 * A batch (GET /v2/batch/{id} or a batch webhook) in camelCase. Sync mixes `created_at` with
 * `webhookUrl`, and its docs show camelCase metrics next to snake_case ones; both are accepted.
 * An empty `outputUrl` (batch not done) becomes null.
 */
export function normaliseBatch(batch: Batch): NormalisedBatch {
	const metrics = (batch.metrics ?? {}) as Record<string, unknown>;
	return {
		id: batch.id,
		status: batch.status,
		createdAt: batch.created_at ?? batch.createdAt ?? null,
		metrics: {
			totalGenerations: count(metrics, 'total_generations', 'totalGenerations'),
			successCount: count(metrics, 'success_count', 'successCount'),
			failedCount: count(metrics, 'failed_count', 'failedCount'),
			pendingCount: count(metrics, 'pending_count', 'pendingCount'),
		},
		outputUrl: batch.outputUrl || null,
		webhookUrl: batch.webhookUrl || null,
	};
}
