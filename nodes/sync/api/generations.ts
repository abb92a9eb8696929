import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { Page } from '../../shared/pagination';
import type { ApiContext } from '../../shared/transport';
import { syncRequest } from './client';

/** Typed access to Sync's generation endpoints (create, get, list, delete, cost estimates). */

/** Statuses after which a generation never changes (the last three are legacy spellings). */
export const TERMINAL_STATUSES = [
	'COMPLETED',
	'FAILED',
	'REJECTED',
	'CANCELED',
	'CANCELLED',
	'TIMED_OUT',
] as const;

const terminal = new Set<string>(TERMINAL_STATUSES);

export const isTerminal = (status: string) => terminal.has(status);

/** A Generation as Sync returns it (GET, list, create, webhook body). Unknown fields pass through. */
export const generationSchema = z
	.object({
		id: z.string().min(1),
		status: z.string().min(1),
		model: z.string().nullish(),
		createdAt: z.string().nullish(),
		input: z.array(z.record(z.unknown())).nullish(),
		options: z.record(z.unknown()).nullish(),
		segments: z.array(z.record(z.unknown())).nullish(),
		webhookUrl: z.string().nullish(),
		outputUrl: z.string().nullish(),
		outputDuration: z.number().nullish(),
		outputFileName: z.string().nullish(),
		segmentOutputUrl: z.string().nullish(),
		synthesizedAudioUrl: z.string().nullish(),
		error: z.string().nullish(),
		// Sync spells the code both ways: camelCase on GET (2026), snake_case in SDKs and webhooks.
		errorCode: z.string().nullish(),
		error_code: z.string().nullish(),
		progress_percent: z.number().nullish(),
	})
	.passthrough();

export type Generation = z.infer<typeof generationSchema>;

/** The shape every node outputs for a generation, whatever the API's spelling. */
export interface NormalisedGeneration extends IDataObject {
	id: string;
	status: string;
	model: string | null;
	createdAt: string | null;
	outputUrl: string | null;
	outputDuration: number | null;
	error: string | null;
	errorCode: string | null;
	input: IDataObject[];
}

export function normaliseGeneration(generation: Generation): NormalisedGeneration {
	const normalised: NormalisedGeneration = {
		id: generation.id,
		status: generation.status,
		model: generation.model ?? null,
		createdAt: generation.createdAt ?? null,
		outputUrl: generation.outputUrl ?? null,
		outputDuration: generation.outputDuration ?? null,
		error: generation.error ?? null,
		errorCode: generation.errorCode ?? generation.error_code ?? null,
		input: (generation.input ?? []) as IDataObject[],
	};
	const optional: Array<[string, unknown]> = [
		['options', generation.options],
		['segments', generation.segments],
		['webhookUrl', generation.webhookUrl],
		['outputFileName', generation.outputFileName],
		['segmentOutputUrl', generation.segmentOutputUrl],
		['synthesizedAudioUrl', generation.synthesizedAudioUrl],
		['progressPercent', generation.progress_percent],
	];
	for (const [key, value] of optional) {
		if (value !== undefined && value !== null) normalised[key] = value as IDataObject[string];
	}
	return normalised;
}

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
	options: { longPollSeconds?: number; itemIndex?: number; includeProgress?: boolean } = {},
): Promise<Generation> {
	const qs: IDataObject = {};
	if (options.longPollSeconds) {
		qs.wait = 'true';
		qs.timeout = options.longPollSeconds;
	} else if (options.includeProgress) {
		// `progress_percent`, read live; Sync refuses it together with `wait` (400).
		qs.include = 'progress';
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
		// An estimate creates nothing: retried after a 5xx or a timeout like a read.
		safe: true,
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
		safe: true,
		schema: z.preprocess((answer) => answer ?? {}, costEstimateSchema),
	});
}
