import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pause } from '../../shared/pause';

import { getGeneration, isTerminal } from '../api/generations';
import type { Generation } from '../api/generations';

const MAX_POLL_INTERVAL_MS = 30_000;
const LONG_POLL_SECONDS = 10;

/**
 * Polls a generation until it reaches a terminal status, using Sync's long-poll (`wait=true`) so
 * that most of the waiting happens server-side, with a growing interval in between. Each round
 * first reads the progress (`include=progress`, which Sync does not combine with `wait`): logged
 * when it changes, and the last one seen kept in the output as `progressPercent`. Honours the execution's cancel
 * signal; on timeout the error names the generation, its last status and progress.
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
	let progress: number | undefined;
	let status: string | undefined;
	const observe = (seen: Generation) => {
		const changed = seen.progress_percent !== progress || seen.status !== status;
		if (typeof seen.progress_percent === 'number' && changed) {
			progress = seen.progress_percent;
			status = seen.status;
			context.logger.info(`Sync Labs generation ${seen.id}: ${seen.status}, ${progress} %`, {
				generationId: seen.id,
				status: seen.status,
				progressPercent: progress,
				itemIndex,
			});
		}
		current = seen;
	};
	while (!isTerminal(current.status)) {
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0) {
			// One last look, so that the error says where the generation stands now.
			observe(await getGeneration(context, current.id, { includeProgress: true, itemIndex }));
			if (isTerminal(current.status)) break;
			const last = progress === undefined ? current.status : `${current.status}, ${progress} %`;
			throw new NodeOperationError(
				context.getNode(),
				`Generation ${current.id} did not finish within ${settings.timeoutSeconds} seconds (last status ${last})`,
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
		observe(await getGeneration(context, current.id, { includeProgress: true, itemIndex }));
		if (isTerminal(current.status)) break;
		observe(await getGeneration(context, current.id, { longPollSeconds, itemIndex }));
		if (isTerminal(current.status)) break;
		// If the server did not hold the request (or only briefly), wait out the rest of the interval.
		const pauseMs = Math.min(intervalMs - (Date.now() - startedAt), deadline - Date.now());
		if (pauseMs > 0) await pause(pauseMs, signal);
		intervalMs = Math.min(MAX_POLL_INTERVAL_MS, Math.round(intervalMs * 1.5));
	}
	// The last progress seen: Sync reports it only when asked, and not with the final long-poll.
	if (progress !== undefined && typeof current.progress_percent !== 'number') {
		return { ...current, progress_percent: current.status === 'COMPLETED' ? 100 : progress };
	}
	return current;
}
