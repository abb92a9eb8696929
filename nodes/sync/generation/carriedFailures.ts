import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome } from '../../shared/items';

/**
 * "Wait for Webhook" outputs every job after the resume, and n8n discards what the node returned
 * before waiting. Jobs that failed or were refused before anything was submitted (bad parameters,
 * the cost guard) would lose their reason there, so it travels with the run: in the resume URL of
 * each submitted generation (`refused=`, base64url JSON), which Sync keeps as its `webhookUrl`.
 */

/** A job that failed before the execution waited, as the resume rebuilds it. */
export interface CarriedFailure {
	item: number;
	position: number;
	/** How many jobs the item has (all of them may have been refused). */
	count: number;
	message: string;
	description?: string;
	/** What the error knew besides: field, rule, language, costEstimate, httpCode… */
	context: IDataObject;
}

export const FAILURES_PARAM = 'refused';

/** Sync calls the URL back: HTTP servers refuse request lines of more than some 8–16 KB. */
const MAX_ENCODED_LENGTH = 6000;

export function carriedFailures(
	failed: ItemOutcome[],
	jobCounts: ReadonlyMap<number, number>,
): CarriedFailure[] {
	return failed.flatMap(({ itemIndex, order, failed: error }) => {
		if (!error) return [];
		const context: IDataObject = {};
		const known = error instanceof NodeApiError || error instanceof NodeOperationError;
		for (const [key, value] of Object.entries(known ? (error.context ?? {}) : {})) {
			if (value !== undefined && key !== 'itemIndex' && key !== 'runIndex') context[key] = value;
		}
		if (error instanceof NodeApiError && error.httpCode) context.httpCode = error.httpCode;
		return [
			{
				item: itemIndex,
				position: order ?? 0,
				count: jobCounts.get(itemIndex) ?? 1,
				message: error.message,
				description: (known && error.description) || undefined,
				context,
			},
		];
	});
}

const encode = (failures: CarriedFailure[]) =>
	Buffer.from(JSON.stringify(failures)).toString('base64url');

/**
 * The failures as one query value, within what a URL can carry: without descriptions if need be,
 * then as many as fit (the others come out as "not submitted" without their reason).
 */
export function encodeFailures(failures: CarriedFailure[]): string | undefined {
	if (failures.length === 0) return undefined;
	let kept = failures;
	if (encode(kept).length > MAX_ENCODED_LENGTH) {
		kept = kept.map((failure) => ({ ...failure, description: undefined }));
	}
	while (kept.length > 0 && encode(kept).length > MAX_ENCODED_LENGTH) kept = kept.slice(0, -1);
	return kept.length > 0 ? encode(kept) : undefined;
}

/** The failures a callback URL carries; nothing when it carries none or they do not parse. */
export function failuresOfCallbackUrl(webhookUrl: string | null | undefined): CarriedFailure[] {
	let value: string | null = null;
	try {
		value = webhookUrl ? new URL(webhookUrl).searchParams.get(FAILURES_PARAM) : null;
	} catch {
		return [];
	}
	if (!value) return [];
	try {
		const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
		return Array.isArray(parsed) ? (parsed as CarriedFailure[]).filter(isFailure) : [];
	} catch {
		return [];
	}
}

function isFailure(value: CarriedFailure): boolean {
	return (
		typeof value === 'object' &&
		value !== null &&
		Number.isInteger(value.item) &&
		Number.isInteger(value.position) &&
		Number.isInteger(value.count) &&
		typeof value.message === 'string' &&
		typeof value.context === 'object'
	);
}

/** The failure as the error it was, for the resumed output. */
export function failureError(node: INode, failure: CarriedFailure): NodeOperationError {
	const error = new NodeOperationError(node, failure.message, {
		itemIndex: failure.item,
		description: failure.description,
	});
	Object.assign(error.context, failure.context);
	return error;
}
