import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * One trigger event, one execution: a redelivery or replay of an event (same job, same status)
 * starts nothing. Two layers:
 *
 * 1. This process's register, certain within one n8n process. An event that started an execution
 *    stays registered for as long as a replay of its delivery could still pass the signature check
 *    (its signature timestamp plus the tolerance, plus a margin for clock differences); without a
 *    time check, for the retention period. Process-wide on purpose: n8n gives every webhook call its
 *    own copy of the static data, so only memory shared by the calls can see them all.
 * 2. The node's workflow static data, which survives restarts and is read by every process. It is
 *    best effort: n8n loads it before and saves it after each webhook call, whole, so of several
 *    deliveries handled at the same time the last save wins and the others' entries are lost.
 */

const STATIC_KEY = 'deliveredEvents';
const MAX_REMEMBERED = 1000;
export const RETENTION_MS = 7 * 24 * 3600_000;
/** Allowed difference between Sync's clock and this one, on top of the signature tolerance. */
export const CLOCK_MARGIN_MS = 60_000;
/** Events one process keeps at most (about 100 bytes each); the oldest go first. */
const MAX_REGISTERED = 50_000;

/** Events by workflow, node and event key; the value is when the entry ends (Infinity: in flight). */
const register = new Map<string, number>();

function registerId(context: IWebhookFunctions, key: string) {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${key}`;
}

function remembered(context: IWebhookFunctions): Record<string, number> {
	const stored = context.getWorkflowStaticData('node')[STATIC_KEY];
	return stored && typeof stored === 'object' ? (stored as Record<string, number>) : {};
}

function prune(now: number): void {
	for (const [id, until] of register) if (until < now) register.delete(id);
	// Insertion order is claim order: drop the oldest beyond the bound.
	for (const id of register.keys()) {
		if (register.size <= MAX_REGISTERED) break;
		register.delete(id);
	}
}

/**
 * Claims an event for this delivery. False when it already started an execution (in this process
 * or, as far as the static data tells, in another) or another delivery of it is being handled now.
 */
export function claimEvent(context: IWebhookFunctions, key: string, now = Date.now()): boolean {
	prune(now);
	const id = registerId(context, key);
	if (register.has(id)) return false;
	const seenAt = remembered(context)[key];
	if (typeof seenAt === 'number' && now - seenAt < RETENTION_MS) return false;
	register.set(id, Number.POSITIVE_INFINITY);
	return true;
}

/** Records the event as delivered (it starts an execution) in the node's static data. */
export function rememberEvent(context: IWebhookFunctions, key: string, now = Date.now()): void {
	const entries = Object.entries(remembered(context)).filter(
		([other, seenAt]) => other !== key && typeof seenAt === 'number' && now - seenAt < RETENTION_MS,
	);
	entries.push([key, now]);
	// Insertion order is delivery order, so the oldest are dropped first.
	const kept: IDataObject = Object.fromEntries(entries.slice(-MAX_REMEMBERED));
	// Assigned as a whole so that n8n notices the change and saves it.
	context.getWorkflowStaticData('node')[STATIC_KEY] = kept;
}

/**
 * Ends this delivery's claim. An event that started nothing is released at once (a later delivery
 * may still start it); one that started an execution stays registered until `replayableUntil`.
 */
export function releaseEvent(
	context: IWebhookFunctions,
	key: string,
	delivered: boolean,
	replayableUntil: number,
): void {
	const id = registerId(context, key);
	if (delivered) register.set(id, replayableUntil);
	else register.delete(id);
}

/**
 * Until when a delivery could be sent again and accepted: while its signature is within the
 * tolerance, or for the retention period when nothing bounds it (no signature or no time check).
 */
export function replayableUntil(
	signatureTimestampSeconds: number | undefined,
	toleranceSeconds: number,
	now = Date.now(),
): number {
	if (signatureTimestampSeconds === undefined || toleranceSeconds <= 0) return now + RETENTION_MS;
	return (signatureTimestampSeconds + toleranceSeconds) * 1000 + CLOCK_MARGIN_MS;
}
