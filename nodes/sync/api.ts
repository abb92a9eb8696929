import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiContext, ApiRequestOptions } from '../shared/transport';
import { apiRequest, signedUrlRequest } from '../shared/transport';
import type { Generation } from './generation';
import { parseGeneration } from './generation';

/** Typed access to the Sync Labs v2 endpoints the nodes use. */

async function sync<T>(context: ApiContext, options: ApiRequestOptions): Promise<T> {
	return (await apiRequest.call(context, 'syncLabs', options)).body as T;
}

export async function createGeneration(
	context: ApiContext,
	body: IDataObject,
	idempotencyKey: string,
	options: { itemIndex?: number; slotWaitMs?: number } = {},
): Promise<Generation> {
	const { itemIndex, slotWaitMs = 30 * 60_000 } = options;
	const created = await sync(context, {
		method: 'POST',
		path: '/v2/generate',
		body,
		idempotencyKey,
		itemIndex,
		// A full plan (concurrency_limit_reached) is waited out here, for at most `slotWaitMs`.
		retry: { slotWaitMs },
	});
	return parseGeneration(context.getNode(), created, itemIndex);
}

export async function getGeneration(
	context: ApiContext,
	id: string,
	options: { longPollSeconds?: number; itemIndex?: number } = {},
): Promise<Generation> {
	const qs: IDataObject = {};
	if (options.longPollSeconds) {
		qs.wait = 'true';
		qs.timeout = options.longPollSeconds;
	}
	const body = await sync(context, {
		method: 'GET',
		path: `/v2/generate/${encodeURIComponent(id)}`,
		qs,
		itemIndex: options.itemIndex,
		timeoutMs: 60_000 + (options.longPollSeconds ?? 0) * 1000,
	});
	return parseGeneration(context.getNode(), body, options.itemIndex);
}

export interface ListGenerationsQuery {
	status?: string[];
	ids?: string[];
	limit?: number;
	cursor?: string;
}

export async function listGenerations(
	context: ApiContext,
	query: ListGenerationsQuery,
	itemIndex?: number,
): Promise<Generation[]> {
	const qs: IDataObject = {};
	// Comma lists are what the docs specify (the SDK's JSON-array form is not).
	if (query.status?.length) qs.status = query.status.join(',');
	if (query.ids?.length) qs.ids = query.ids.join(',');
	if (query.limit) qs.limit = query.limit;
	if (query.cursor) qs.cursor = query.cursor;
	const body = await sync<unknown>(context, { method: 'GET', path: '/v2/generations', qs, itemIndex });
	const list = z.array(z.unknown()).safeParse(body);
	const entries = list.success ? list.data : [];
	return entries.map((entry) => parseGeneration(context.getNode(), entry, itemIndex));
}

export async function deleteGeneration(context: ApiContext, id: string, itemIndex?: number) {
	const body = await sync(context, {
		method: 'DELETE',
		path: `/v2/generations/${encodeURIComponent(id)}`,
		itemIndex,
	});
	return body && typeof body === 'object'
		? parseGeneration(context.getNode(), body, itemIndex)
		: undefined;
}

export const costEstimateSchema = z
	.object({
		estimatedFrameCount: z.number().nullish(),
		estimatedGenerationCost: z.number().nullish(),
		estimatedCredits: z.number().nullish(),
	})
	.passthrough();

/** Estimate from a full generation request; Sync probes the media itself. */
export async function estimateCostForRequest(context: ApiContext, body: IDataObject, itemIndex?: number) {
	const response = await sync<unknown>(context, { method: 'POST', path: '/v2/analyze/cost', body, itemIndex });
	// This vintage answers with an array holding one estimate.
	const first = Array.isArray(response) ? response[0] : response;
	return costEstimateSchema.parse(first ?? {});
}

/** Estimate from a known duration, without touching media. */
export async function estimateCostForDuration(
	context: ApiContext,
	body: { model: string; duration: number; fps?: number },
	itemIndex?: number,
) {
	const response = await sync<unknown>(context, {
		method: 'POST',
		path: '/v2/generations/estimate',
		body: body as IDataObject,
		itemIndex,
	});
	return costEstimateSchema.parse(response ?? {});
}

export const assetSchema = z
	.object({
		id: z.string().min(1),
		type: z.string().nullish(),
		name: z.string().nullish(),
		url: z.string().nullish(),
		size: z.number().nullish(),
		createdAt: z.string().nullish(),
	})
	.passthrough();

export type Asset = z.infer<typeof assetSchema>;

const uploadTargetSchema = z.object({
	uploadUrl: z.string().url(),
	url: z.string().url(),
	expiresIn: z.number().optional(),
});

export async function createUploadUrl(
	context: ApiContext,
	file: { fileName: string; contentType: string; size: number },
	itemIndex?: number,
) {
	const body = await sync(context, {
		method: 'POST',
		path: '/v2/assets/upload',
		body: file as unknown as IDataObject,
		itemIndex,
	});
	return uploadTargetSchema.parse(body);
}

/** Raw PUT of the bytes to the pre-signed URL, with the exact type and length declared before. */
export async function uploadToSignedUrl(
	context: ApiContext,
	uploadUrl: string,
	content: ApiRequestOptions['body'],
	file: { contentType: string; size: number },
	itemIndex?: number,
) {
	await signedUrlRequest.call(context, 'syncLabs', uploadUrl, {
		method: 'PUT',
		body: content,
		headers: { 'Content-Type': file.contentType, 'Content-Length': String(file.size) },
		response: 'text',
		itemIndex,
		timeoutMs: 30 * 60_000,
	});
}

export async function registerAsset(
	context: ApiContext,
	asset: { url: string; type: 'VIDEO' | 'AUDIO' | 'IMAGE'; name?: string },
	itemIndex?: number,
): Promise<Asset> {
	const body = await sync(context, { method: 'POST', path: '/v2/assets', body: asset, itemIndex });
	return assetSchema.parse(body);
}

export async function getAsset(context: ApiContext, id: string, itemIndex?: number): Promise<Asset> {
	const body = await sync(context, { method: 'GET', path: `/v2/assets/${encodeURIComponent(id)}`, itemIndex });
	return assetSchema.parse(body);
}

const assetPageSchema = z.object({
	items: z.array(assetSchema),
	nextCursor: z.string().nullish(),
	totalCount: z.number().nullish(),
});

export async function listAssets(
	context: ApiContext,
	query: { limit?: number; cursor?: string; types?: string[] },
	itemIndex?: number,
) {
	const qs: IDataObject = {};
	if (query.limit) qs.limit = query.limit;
	if (query.cursor) qs.cursor = query.cursor;
	if (query.types?.length) qs.types = query.types.join(',');
	const body = await sync(context, { method: 'GET', path: '/v2/assets', qs, itemIndex });
	return assetPageSchema.parse(body);
}

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
	const body = await sync<unknown>(context, {
		method: 'POST',
		path: '/v2/batch',
		// Rebuilt per attempt; only a refused request (429) or an unsent one is ever retried.
		body: buildForm,
		itemIndex,
	});
	return z.union([batchSchema, z.object({ status: z.literal('VALIDATED') }).passthrough()]).parse(body);
}

export async function getBatch(context: ApiContext, id: string, itemIndex?: number): Promise<Batch> {
	const body = await sync(context, { method: 'GET', path: `/v2/batch/${encodeURIComponent(id)}`, itemIndex });
	return batchSchema.parse(body);
}

export async function listBatches(context: ApiContext, qs: IDataObject, itemIndex?: number) {
	const body = await sync(context, { method: 'GET', path: '/v2/batch', qs, itemIndex });
	return z.array(batchSchema).parse(body);
}

/** The batch's result file: one `{ request_id, response }` line per request. */
export async function getBatchResults(context: ApiContext, batch: Batch, itemIndex?: number) {
	if (!batch.outputUrl) return [];
	// Documented as an API URL (needs the key); a storage URL is fetched without it.
	const body = await sync<string>(context, {
		method: 'GET',
		path: batch.outputUrl,
		response: 'text',
		itemIndex,
	});
	return String(body)
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => JSON.parse(line) as IDataObject);
}
