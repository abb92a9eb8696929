import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

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

/** A FAILED/REJECTED/cancelled generation as a NodeApiError that keeps the generation id. */
export function generationFailedError(
	node: INode,
	generation: NormalisedGeneration,
	itemIndex?: number,
	suggestion?: string,
): NodeApiError {
	const error = new NodeApiError(node, generation as IDataObject as never, {
		message: `Sync Labs generation ${generation.id} ended ${generation.status}: ${
			generation.error ?? 'no reason given'
		}`,
		description: [
			generation.errorCode ? `Error code: ${generation.errorCode}.` : undefined,
			suggestion,
		]
			.filter(Boolean)
			.join(' '),
		itemIndex,
	});
	// NodeApiError reads an HTTP code from the body's `status` field ("FAILED"); there is none here.
	error.httpCode = null;
	error.context.generationId = generation.id;
	error.context.status = generation.status;
	error.context.vendorErrorCode = generation.errorCode ?? undefined;
	if (suggestion) error.context.suggestion = suggestion;
	return error;
}
