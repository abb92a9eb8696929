import { createHash, randomBytes } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

const SALT_KEY = 'syncIdempotencySalt';

/**
 * A random value this node keeps in the execution's node context. n8n stores that context with
 * the execution, so the value is the same for every attempt within the execution (request
 * retries, "Retry On Fail", a resume after waiting) and different on every other n8n instance:
 * workflow, execution and node ids coincide between instances that imported one workflow file
 * into fresh databases, and n8n's instance id follows the encryption key they often share.
 */
function executionSalt(context: IExecuteFunctions): string {
	const nodeContext = context.getContext('node');
	if (typeof nodeContext[SALT_KEY] !== 'string')
		nodeContext[SALT_KEY] = randomBytes(16).toString('hex');
	return nodeContext[SALT_KEY] as string;
}

/**
 * The seed that identifies one run of this node for one item (and one of its jobs, by label) in
 * one execution of one instance.
 */
function runSeed(
	context: IExecuteFunctions,
	itemIndex?: number,
	label?: Record<string, string>,
): string {
	const runIndex = context.getWorkflowDataProxy(itemIndex ?? 0).$runIndex;
	const parts = [
		executionSalt(context),
		context.getWorkflow().id,
		context.getExecutionId(),
		context.getNode().id,
		runIndex,
		itemIndex ?? '',
	];
	// Jobs without a label keep the seed they always had.
	if (label && Object.keys(label).length > 0) parts.push(JSON.stringify(label));
	return parts.map(String).join(':');
}

/**
 * The Idempotency-Key for one job's submit. It is the same for every retry of the request within
 * this run, so Sync replays the first generation instead of creating (and billing) a second one.
 */
export function idempotencyKey(
	context: IExecuteFunctions,
	itemIndex: number,
	label?: Record<string, string>,
): string {
	return `n8n-${createHash('sha256')
		.update(runSeed(context, itemIndex, label))
		.digest('hex')
		.slice(0, 48)}`;
}

/** A token shared by all generations of one waiting run; it ties Sync's callbacks to the run. */
export function waitToken(context: IExecuteFunctions): string {
	return createHash('sha256')
		.update(`wait:${runSeed(context)}`)
		.digest('hex')
		.slice(0, 24);
}
