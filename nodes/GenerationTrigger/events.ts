import type { IDataObject } from 'n8n-workflow';

import { isTerminal } from '../sync/api/generations';

/** What Sync notified about, as the trigger's "Events" parameter names it. */
export type SyncEvent =
	| 'generationCompleted'
	| 'generationFailed'
	| 'batchCompleted'
	| 'batchFailed';

/** The parts of a delivery the trigger decides on, before anything is fetched. */
export interface Notification {
	kind: 'generation' | 'batch';
	id: string;
	status: string;
	model?: string;
	body: IDataObject;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Tells a GenerationNotification from a Batch Status Update. Generations carry `input` and `model`;
 * batches carry `metrics` and `created_at`/`createdAt` but neither of the former. Anything without
 * a string id and status is not a Sync notification.
 */
export function readNotification(body: unknown): Notification | undefined {
	if (!isObject(body)) return undefined;
	const { id, status, model } = body;
	if (typeof id !== 'string' || !id || typeof status !== 'string' || !status) return undefined;
	const looksLikeGeneration = Array.isArray(body.input) || typeof model === 'string';
	const looksLikeBatch = isObject(body.metrics) || 'created_at' in body;
	if (!looksLikeGeneration && !looksLikeBatch) return undefined;
	return {
		kind: looksLikeGeneration ? 'generation' : 'batch',
		id,
		status: status.toUpperCase(),
		model: typeof model === 'string' ? model : undefined,
		body,
	};
}

/**
 * The event a status stands for, or undefined for a status no event covers (PENDING, PROCESSING,
 * JOBS_CREATED). REJECTED and the legacy cancel/time-out statuses count as a failed generation.
 */
export function eventOf(kind: Notification['kind'], status: string): SyncEvent | undefined {
	const upper = status.toUpperCase();
	if (kind === 'batch') {
		if (upper === 'COMPLETED') return 'batchCompleted';
		return upper === 'FAILED' ? 'batchFailed' : undefined;
	}
	if (upper === 'COMPLETED') return 'generationCompleted';
	return isTerminal(upper) ? 'generationFailed' : undefined;
}

/** Why an event does not start the workflow, or undefined when it should. */
export function filteredOut(
	event: SyncEvent | undefined,
	status: string,
	model: string | undefined,
	filters: { events: SyncEvent[]; models: string[] },
): string | undefined {
	if (!event) return `status ${status} is not a finished job`;
	if (!filters.events.includes(event)) return `event ${event} is not selected`;
	const isGeneration = event.startsWith('generation');
	if (isGeneration && filters.models.length > 0 && (!model || !filters.models.includes(model))) {
		return `model ${model ?? '(unknown)'} is not selected`;
	}
	return undefined;
}

/** One key per job and outcome: a redelivery has the same, a different outcome would not. */
export const eventKey = (notification: Notification) =>
	`${notification.kind}:${notification.id}:${notification.status}`;
