import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { Page } from '../../shared/pagination';
import type { ApiContext } from '../../shared/transport';
import type { Generation } from '../generation';
import { generationSchema } from '../generation';
import { syncRequest } from './client';

/** Typed access to Sync's generation endpoints (create, get, list, delete, cost estimates). */

export async function createGeneration(
	context: ApiContext,
	body: IDataObject,
	idempotencyKey: string,
	options: { itemIndex?: number; slotWaitMs?: number } = {},
): Promise<Generation> {
	const { itemIndex, slotWaitMs = 30 * 60_000 } = options;
	return await syncRequest(context, {
		method: 'POST',
		path: '/v2/generate',
		body,
		idempotencyKey,
		itemIndex,
		// A full plan (concurrency_limit_reached) is waited out here, for at most `slotWaitMs`.
		retry: { slotWaitMs },
		schema: generationSchema,
	});
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
	return await syncRequest(context, {
		method: 'GET',
		path: `/v2/generate/${encodeURIComponent(id)}`,
		qs,
		itemIndex: options.itemIndex,
		timeoutMs: 60_000 + (options.longPollSeconds ?? 0) * 1000,
		schema: generationSchema,
	});
}

/**
 * One page of generations, newest first. The list is a bare array; the next page starts after the
 * last ID of this one, and a page shorter than asked for is the last.
 */
export async function listGenerations(
	context: ApiContext,
	query: { status?: string[]; limit: number; cursor?: string },
	itemIndex?: number,
): Promise<Page<Generation>> {
	const qs: IDataObject = { limit: query.limit };
	// Comma lists are what the docs specify (the SDK's JSON-array form is not).
	if (query.status?.length) qs.status = query.status.join(',');
	if (query.cursor) qs.cursor = query.cursor;
	const items = await syncRequest(context, {
		method: 'GET',
		path: '/v2/generations',
		qs,
		itemIndex,
		schema: z.array(generationSchema),
	});
	const nextCursor = items.length < query.limit ? undefined : items[items.length - 1].id;
	return { items, nextCursor };
}

export async function deleteGeneration(context: ApiContext, id: string, itemIndex?: number) {
	return await syncRequest(context, {
		method: 'DELETE',
		path: `/v2/generations/${encodeURIComponent(id)}`,
		itemIndex,
		// An empty answer (204) is a deletion without a body.
		schema: z.preprocess(
			(body) => (body && typeof body === 'object' ? body : undefined),
			generationSchema.optional(),
		),
	});
}

const costEstimateSchema = z
	.object({
		estimatedFrameCount: z.number().nullish(),
		estimatedGenerationCost: z.number().nullish(),
		estimatedCredits: z.number().nullish(),
	})
	.passthrough();

export type CostEstimate = z.infer<typeof costEstimateSchema>;

/** Estimate from a full generation request; Sync probes the media itself (2025 vintage). */
export async function estimateCostForRequest(
	context: ApiContext,
	body: IDataObject,
	itemIndex?: number,
): Promise<CostEstimate> {
	return await syncRequest(context, {
		method: 'POST',
		path: '/v2/analyze/cost',
		body,
		itemIndex,
		// This vintage answers with an array holding one estimate.
		schema: z.preprocess(
			(answer) => (Array.isArray(answer) ? answer[0] : answer) ?? {},
			costEstimateSchema,
		),
	});
}

/** Estimate from a known duration, without touching media (2026 vintage). */
export async function estimateCostForDuration(
	context: ApiContext,
	body: { model: string; duration: number; fps?: number },
	itemIndex?: number,
): Promise<CostEstimate> {
	return await syncRequest(context, {
		method: 'POST',
		path: '/v2/generations/estimate',
		body: body as IDataObject,
		itemIndex,
		schema: z.preprocess((answer) => answer ?? {}, costEstimateSchema),
	});
}
