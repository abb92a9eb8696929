import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { z } from 'zod';

import { issuesInWords } from '../validation';
import type { VendorDefinition } from './types';

/**
 * Validates a vendor's answer against the shape an endpoint promises. A malformed answer is the
 * vendor's fault, so it becomes a NodeApiError naming the endpoint and what was wrong, never zod's
 * raw text.
 */
export function parseResponse<Schema extends z.ZodTypeAny>(
	node: INode,
	answer: { vendor: VendorDefinition; endpoint: string; schema: Schema; body: unknown },
	itemIndex?: number,
): z.output<Schema> {
	const parsed = answer.schema.safeParse(answer.body);
	if (parsed.success) return parsed.data;
	const problems = issuesInWords(parsed.error, 5);
	const error = new NodeApiError(
		node,
		{ body: excerpt(answer.body) },
		{
			message: `${answer.vendor.displayName} returned an unexpected answer to ${answer.endpoint}`,
			description: problems,
			itemIndex,
		},
	);
	// NodeApiError reads an HTTP code from a body's `status` field; a malformed answer has none.
	error.httpCode = null;
	throw error;
}

function excerpt(body: unknown): string {
	try {
		return (typeof body === 'string' ? body : JSON.stringify(body))?.slice(0, 500) ?? String(body);
	} catch {
		return String(body); // Not serialisable (a circular object): its name is enough.
	}
}
