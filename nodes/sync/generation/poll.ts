import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pause } from '../../shared/pause';

import { getGeneration, isTerminal } from '../api/generations';
import type { Generation } from '../api/generations';

const MAX_POLL_INTERVAL_MS = 30_000;
const LONG_POLL_SECONDS = 10;

/**
 * Polls a generation until it reaches a terminal status, using Sync's long-poll (`wait=true`) so
 * that most of the waiting happens server-side, with a growing interval in between. Honours the
 * execution's cancel signal; on timeout the error names the generation so nothing is lost.
 */
export async function pollUntilTerminal(
	context: IExecuteFunctions,
	generation: Generation,
	settings: { timeoutSeconds: number; pollIntervalSeconds: number },
	itemIndex: number,
): Promise<Generation> {
	const signal = context.getExecutionCancelSignal();
	const deadline = Date.now() + settings.timeoutSeconds * 1000;
	let intervalMs = settings.pollIntervalSeconds * 1000;
	let current = generation;
	while (!isTerminal(current.status)) {
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0) {
			throw new NodeOperationError(
				context.getNode(),
				`Generation ${current.id} did not finish within ${settings.timeoutSeconds} seconds (last status ${current.status})`,
				{
					itemIndex,
					description: `It is still running at Sync Labs. Fetch it later with Lipsync Generation → Get (id ${current.id}), raise "Timeout", or use the Generation Trigger.`,
				},
			);
		}
		const startedAt = Date.now();
		const longPollSeconds = Math.max(
			1,
			Math.min(LONG_POLL_SECONDS, Math.floor(remainingMs / 1000)),
		);
		current = await getGeneration(context, current.id, { longPollSeconds, itemIndex });
		if (isTerminal(current.status)) break;
		// If the server did not hold the request (or only briefly), wait out the rest of the interval.
		const pauseMs = Math.min(intervalMs - (Date.now() - startedAt), deadline - Date.now());
		if (pauseMs > 0) await pause(pauseMs, signal);
		intervalMs = Math.min(MAX_POLL_INTERVAL_MS, Math.round(intervalMs * 1.5));
	}
	return current;
}
