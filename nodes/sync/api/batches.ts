import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiContext } from '../../shared/transport';
import { syncRequest } from './client';

/** Sync's batch endpoints (Scale and Enterprise plans). */

export const batchSchema = z
	.object({
		id: z.string().min(1),
		status: z.string(),
		created_at: z.string().nullish(),
		createdAt: z.string().nullish(),
		metrics: z.record(z.unknown()).nullish(),
		webhookUrl: z.string().nullish(),
		outputUrl: z.string().nullish(),
	})
	.passthrough();

export type Batch = z.infer<typeof batchSchema>;

/** Creates a batch from JSONL lines. A dry run answers `{ status: 'VALIDATED' }`. */
export async function createBatch(
	context: ApiContext,
	lines: IDataObject[],
	options: { webhookUrl?: string; dryRun?: boolean },
	itemIndex?: number,
) {
	const jsonl = lines.map((line) => JSON.stringify(line)).join('\n');
	const buildForm = () => {
		const form = new FormData();
		form.append('input', new Blob([jsonl], { type: 'application/jsonl' }), 'input.jsonl');
		if (options.webhookUrl) form.append('webhook_url', options.webhookUrl);
		form.append('dry_run', options.dryRun ? 'true' : 'false');
		return form;
	};
	return await syncRequest(context, {
		method: 'POST',
		path: '/v2/batch',
		// Rebuilt per attempt; only a refused request (429) or an unsent one is ever retried.
		body: buildForm,
		itemIndex,
		schema: z.union([batchSchema, z.object({ status: z.literal('VALIDATED') }).passthrough()]),
	});
}

export async function getBatch(
	context: ApiContext,
	id: string,
	itemIndex?: number,
): Promise<Batch> {
	return await syncRequest(context, {
		method: 'GET',
		path: `/v2/batch/${encodeURIComponent(id)}`,
		itemIndex,
		schema: batchSchema,
	});
}

/** Batches, newest first; the API answers them all at once (no pages). */
export async function listBatches(context: ApiContext, qs: IDataObject, itemIndex?: number) {
	return await syncRequest(context, {
		method: 'GET',
		path: '/v2/batch',
		qs,
		itemIndex,
		schema: z.array(batchSchema),
	});
}

/** The batch's result file: one `{ request_id, response }` line per request. */
export async function getBatchResults(context: ApiContext, batch: Batch, itemIndex?: number) {
	if (!batch.outputUrl) return [];
	// Documented as an API URL (needs the key); a storage URL is fetched without it.
	return await syncRequest(context, {
		method: 'GET',
		path: batch.outputUrl,
		response: 'text',
		itemIndex,
		// The output URL may be a signed storage URL: name the file, not its address.
		endpoint: `GET the results of batch ${batch.id}`,
		schema: resultLinesSchema,
	});
}

/** A JSONL text: one JSON object per non-empty line. */
const resultLinesSchema = z.unknown().transform((text, context) =>
	String(text)
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line, index) => {
			try {
				return z.record(z.unknown()).parse(JSON.parse(line)) as IDataObject;
			} catch {
				context.addIssue({ code: 'custom', message: `line ${index + 1} is not a JSON object` });
				return z.NEVER;
			}
		}),
);

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
