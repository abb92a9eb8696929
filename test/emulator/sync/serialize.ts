import type { Asset, Batch, Generation, SyncStore } from './store';

/** Wire shapes of Sync objects (reference §3, §4.2, §2.6.3, §2.7). */

export function wireGeneration(
	gen: Generation,
	casing: 'camel' | 'snake' | 'both',
	includeProgress = false,
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		id: gen.id,
		createdAt: gen.createdAt,
		status: gen.status,
		model: gen.model,
		input: gen.input,
		options: gen.options,
	};
	if (gen.segments !== undefined) body.segments = gen.segments;
	if (gen.dubParams !== undefined) body.dubParams = gen.dubParams;
	body.webhookUrl = gen.webhookUrl;
	body.outputUrl = gen.outputUrl;
	body.outputDuration = gen.outputDuration;
	body.segmentOutputUrl = gen.segmentOutputUrl;
	body.error = gen.error;
	if (casing === 'camel' || casing === 'both') body.errorCode = gen.errorCode;
	if (casing === 'snake' || casing === 'both') body.error_code = gen.errorCode;
	if (gen.outputFileName !== undefined) body.outputFileName = gen.outputFileName;
	body.projectId = gen.projectId;
	if (includeProgress) body.progress_percent = gen.progressPercent;
	return body;
}

/** GenerationNotification: exactly the documented fields, `error_code` always snake. */
export function generationNotification(gen: Generation): Record<string, unknown> {
	return {
		status: gen.status,
		createdAt: gen.createdAt,
		id: gen.id,
		input: gen.input,
		model: gen.model,
		error: gen.error,
		error_code: gen.errorCode,
		options: gen.options,
		outputDuration: gen.outputDuration,
		outputUrl: gen.outputUrl,
		segmentOutputUrl: gen.segmentOutputUrl,
		webhookUrl: gen.webhookUrl,
	};
}

export function batchMetrics(batch: Batch, store: SyncStore) {
	let success = 0;
	let failed = 0;
	for (const child of batch.children) {
		const status = store.generations.get(child.generationId)?.status;
		if (status === 'COMPLETED') success++;
		else if (status === 'FAILED' || status === 'REJECTED') failed++;
	}
	const total = batch.lines.length;
	return { total, success, failed, pending: total - success - failed };
}

/** BatchResponse as the SDK types it: snake `created_at`/metrics, camel `webhookUrl`/`outputUrl`. */
export function wireBatch(batch: Batch, store: SyncStore): Record<string, unknown> {
	const m = batchMetrics(batch, store);
	return {
		id: batch.id,
		created_at: batch.createdAt,
		status: batch.status,
		metrics: {
			total_generations: m.total,
			success_count: m.success,
			failed_count: m.failed,
			pending_count: m.pending,
		},
		webhookUrl: batch.webhookUrl,
		outputUrl: batch.outputUrl,
	};
}

/** The fully camelCase variant shown in the docs' batch webhook example. */
export function wireBatchCamel(batch: Batch, store: SyncStore): Record<string, unknown> {
	const m = batchMetrics(batch, store);
	return {
		id: batch.id,
		createdAt: batch.createdAt,
		status: batch.status,
		metrics: {
			totalGenerations: m.total,
			successCount: m.success,
			failedCount: m.failed,
			pendingCount: m.pending,
		},
		webhookUrl: batch.webhookUrl,
		outputUrl: batch.outputUrl,
		options: {},
	};
}

export function wireAsset(asset: Asset): Record<string, unknown> {
	const body: Record<string, unknown> = {
		id: asset.id,
		createdAt: asset.createdAt,
		updatedAt: asset.updatedAt,
		name: asset.name,
		url: asset.url,
		format: asset.format,
		type: asset.type,
		inputType: asset.inputType,
		visibility: asset.visibility,
		projectId: asset.projectId,
	};
	if (asset.size !== undefined) body.size = asset.size;
	if (asset.durationSeconds !== undefined) body.durationSeconds = asset.durationSeconds;
	return body;
}
