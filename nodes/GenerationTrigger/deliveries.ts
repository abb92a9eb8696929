import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * Remembers which events already started an execution, so that a redelivery of the same event
 * (same job, same status) starts nothing. Two layers:
 * - the node's workflow static data, which n8n saves with an active workflow, bounded to the last
 *   MAX_REMEMBERED events of the last RETENTION_MS;
 * - an in-process claim for deliveries that arrive while the first one is still being handled
 *   (static data is only saved once a webhook call has returned).
 */

const STATIC_KEY = 'deliveredEvents';
const MAX_REMEMBERED = 1000;
const RETENTION_MS = 7 * 24 * 3600_000;
/** Covers the gap between our return and n8n saving the static data. */
const CLAIM_GRACE_MS = 60_000;

/** Claims by workflow, node and event; the value is when the claim ends (Infinity: in flight). */
const claims = new Map<string, number>();

function claimId(context: IWebhookFunctions, key: string) {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${key}`;
}

function remembered(context: IWebhookFunctions): Record<string, number> {
	const stored = context.getWorkflowStaticData('node')[STATIC_KEY];
	return stored && typeof stored === 'object' ? (stored as Record<string, number>) : {};
}

/**
 * Claims an event for this delivery. False when it already started an execution or another
 * delivery of it is being handled right now.
 */
export function claimEvent(context: IWebhookFunctions, key: string): boolean {
	const now = Date.now();
	for (const [id, until] of claims) if (until < now) claims.delete(id);
	const id = claimId(context, key);
	if (claims.has(id)) return false;
	const seenAt = remembered(context)[key];
	if (typeof seenAt === 'number' && now - seenAt < RETENTION_MS) return false;
	claims.set(id, Number.POSITIVE_INFINITY);
	return true;
}

/** Records the event as delivered (it starts an execution) in the node's static data. */
export function rememberEvent(context: IWebhookFunctions, key: string): void {
	const now = Date.now();
	const entries = Object.entries(remembered(context)).filter(
		([other, seenAt]) => other !== key && typeof seenAt === 'number' && now - seenAt < RETENTION_MS,
	);
	entries.push([key, now]);
	// Insertion order is delivery order, so the oldest are dropped first.
	const kept: IDataObject = Object.fromEntries(entries.slice(-MAX_REMEMBERED));
	// Assigned as a whole so that n8n notices the change and saves it.
	context.getWorkflowStaticData('node')[STATIC_KEY] = kept;
}

/** Ends this delivery's claim: at once when it started nothing, after a grace period otherwise. */
export function releaseEvent(context: IWebhookFunctions, key: string, delivered: boolean): void {
	const id = claimId(context, key);
	if (delivered) claims.set(id, Date.now() + CLAIM_GRACE_MS);
	else claims.delete(id);
}
