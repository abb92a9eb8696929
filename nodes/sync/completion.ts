import { createHash } from 'crypto';
import type { IExecuteFunctions, IWebhookDescription } from 'n8n-workflow';
import { NodeOperationError, sleepWithAbort } from 'n8n-workflow';

import { getGeneration } from './api';
import type { Generation } from './generation';
import { isTerminal } from './generation';
import { isSyncProduction } from '../shared/vendors';

/** How a create operation waits for its generations. */
export type CompletionMode = 'none' | 'poll' | 'webhook';

export interface CompletionSettings {
	mode: CompletionMode;
	/** Poll: give up after this long. Webhook: how long the execution waits for Sync's callbacks. */
	timeoutSeconds: number;
	/** Poll: the first interval; it grows to at most 30 s. */
	pollIntervalSeconds: number;
	download: boolean;
	binaryProperty: string;
	maxConcurrentJobs: number;
}

/**
 * The resume webhook the action nodes declare for "Wait for Webhook". n8n serves it under
 * /webhook-waiting/<execution id>/<node id> while the execution waits. Kept in a constant:
 * restart webhooks are never registered, so no lifecycle methods apply.
 */
export const resumeWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];

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
	settings: Pick<CompletionSettings, 'timeoutSeconds' | 'pollIntervalSeconds'>,
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
		const longPollSeconds = Math.max(1, Math.min(LONG_POLL_SECONDS, Math.floor(remainingMs / 1000)));
		current = await getGeneration(context, current.id, { longPollSeconds, itemIndex });
		if (isTerminal(current.status)) break;
		// If the server did not hold the request (or only briefly), wait out the rest of the interval.
		const pauseMs = Math.min(intervalMs - (Date.now() - startedAt), deadline - Date.now());
		if (pauseMs > 0) await sleepWithAbort(pauseMs, signal);
		intervalMs = Math.min(MAX_POLL_INTERVAL_MS, Math.round(intervalMs * 1.5));
	}
	return current;
}

/** The seed that identifies one run of this node for one item in one execution. */
function runSeed(context: IExecuteFunctions, itemIndex?: number): string {
	const runIndex = context.getWorkflowDataProxy(itemIndex ?? 0).$runIndex;
	return [context.getWorkflow().id, context.getExecutionId(), context.getNode().id, runIndex, itemIndex ?? '']
		.map(String)
		.join(':');
}

/**
 * The Idempotency-Key for one item's submit. It is the same for every retry of the request within
 * this run, so Sync replays the first generation instead of creating (and billing) a second one.
 */
export function idempotencyKey(context: IExecuteFunctions, itemIndex: number): string {
	return `n8n-${createHash('sha256').update(runSeed(context, itemIndex)).digest('hex').slice(0, 48)}`;
}

/** A token shared by all generations of one waiting run; it ties Sync's callbacks to the run. */
export function waitToken(context: IExecuteFunctions): string {
	return createHash('sha256').update(`wait:${runSeed(context)}`).digest('hex').slice(0, 24);
}

const PRIVATE_HOST =
	/^(localhost|.*\.localhost|.*\.local|.*\.internal|127\.\d+\.\d+\.\d+|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\[::1?\]|\[f[cd][0-9a-f:]*\])$/i;

/**
 * Sync's production API only calls public HTTPS URLs. Refuse, before submitting, a callback URL it
 * could never reach; any URL is fine against another base URL (a proxy or the local emulator).
 */
export function assertCallbackReachable(
	context: IExecuteFunctions,
	syncBaseUrl: string,
	callbackUrl: string,
	field: string,
	itemIndex: number,
): void {
	let url: URL | undefined;
	try {
		url = new URL(callbackUrl);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new NodeOperationError(
			context.getNode(),
			`"${field}" must be an http(s) URL, got "${callbackUrl.slice(0, 100)}" (item ${itemIndex})`,
			{ itemIndex, description: 'Paste the production URL of a Generation Trigger, for example.' },
		);
	}
	if (!isSyncProduction(syncBaseUrl)) return;
	if (url.protocol !== 'https:' || PRIVATE_HOST.test(url.hostname)) {
		throw new NodeOperationError(
			context.getNode(),
			`Sync Labs cannot reach ${url.origin}: callbacks need a public HTTPS URL (item ${itemIndex})`,
			{
				itemIndex,
				description:
					field === 'Completion'
						? "n8n's resume URL comes from its WEBHOOK_URL setting. Set it to this instance's public HTTPS address, or choose \"Poll Until Done\"."
						: 'Use the production URL of a publicly reachable n8n (HTTPS), for example the Generation Trigger’s.',
			},
		);
	}
}
