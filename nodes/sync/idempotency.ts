import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/** The seed that identifies one run of this node for one item in one execution. */
function runSeed(context: IExecuteFunctions, itemIndex?: number): string {
	const runIndex = context.getWorkflowDataProxy(itemIndex ?? 0).$runIndex;
	return [
		context.getWorkflow().id,
		context.getExecutionId(),
		context.getNode().id,
		runIndex,
		itemIndex ?? '',
	]
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
	return createHash('sha256')
		.update(`wait:${runSeed(context)}`)
		.digest('hex')
		.slice(0, 24);
}
