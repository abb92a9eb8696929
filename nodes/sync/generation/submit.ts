import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../../shared/items';
import { createGeneration } from '../api/generations';
import type { EstimableTask } from './costGuard';
import type { Generation } from '../api/generations';
import { idempotencyKey } from './idempotencyKey';
import type { JobExtras } from './output';
import type { CompletionSettings } from '../parameters/completion';
import { SYNC_LABS } from '../errors';

/** One generation to create, checked and ready to submit. An item may have several (languages). */
export interface GenerationJob {
	model: string;
	/** Resolves the inputs (uploading binaries) and returns the request body for POST /v2/generate. */
	buildBody(): Promise<IDataObject>;
	/** The output's length, when known without Sync (for the cost estimate). */
	durationSeconds?(): Promise<number | undefined>;
	/**
	 * The user's "Webhook URL" option. The pipeline checks it like every callback URL and sends it,
	 * except with "Wait for Webhook", whose own resume URL takes its place.
	 */
	webhookUrl?: string;
	/** Tells the jobs of one item apart (`{ language: 'fr' }`): in the output and the Idempotency-Key. */
	label?: Record<string, string>;
}

/** The job with its body built once: the cost estimate and the submit share the uploads. */
export function builtOnce<T extends { buildBody(): Promise<IDataObject> }>(job: T): T {
	let body: Promise<IDataObject> | undefined;
	return { ...job, buildBody: async () => structuredClone(await (body ??= job.buildBody())) };
}

/** A job of the run: its item, its place among the item's jobs, and (when guarded) its estimate. */
export interface JobTask extends EstimableTask {
	job: GenerationJob;
	count: number;
}

export function extrasOf(task: JobTask): JobExtras {
	return { label: task.job.label, costEstimate: task.estimate };
}

/** The body POST /v2/generate gets for the job, with the callback URL that applies. */
export async function requestBody(
	task: JobTask,
	settings: CompletionSettings,
	resumeUrl?: string,
): Promise<IDataObject> {
	const body = await task.job.buildBody();
	const webhookUrl = settings.mode === 'webhook' ? resumeUrl : task.job.webhookUrl;
	if (webhookUrl) body.webhookUrl = webhookUrl;
	return body;
}

/** Submits one job: its body, the callback URL that applies, and its Idempotency-Key. */
export async function submitJob(
	context: IExecuteFunctions,
	task: JobTask,
	settings: CompletionSettings,
	resumeUrl?: string,
): Promise<Generation> {
	const body = await requestBody(task, settings, resumeUrl);
	// Waiting for a free slot at Sync counts against the node's own timeout; "Don't Wait" with
	// "When the Plan Is Full: Fail Those Items at Once" does not wait at all.
	const waitsForSlot = settings.whenPlanFull === 'wait';
	try {
		return await createGeneration(
			context,
			body,
			idempotencyKey(context, task.itemIndex, task.job.label),
			{
				itemIndex: task.itemIndex,
				slotWaitMs: waitsForSlot ? settings.timeoutSeconds * 1000 : 0,
			},
		);
	} catch (error) {
		if (!waitsForSlot && isPlanFull(error)) throw planFullError(error, task.label);
		throw asNodeError(context, error as Error, task.itemIndex);
	}
}

function isPlanFull(error: unknown): error is NodeApiError {
	const code = error instanceof NodeApiError ? error.context.vendorErrorCode : undefined;
	return typeof code === 'string' && SYNC_LABS.concurrencyCodes.includes(code);
}

/** Sync's "concurrency_limit_reached", said in the words of the node's choice. */
function planFullError(error: NodeApiError, label: string): NodeApiError {
	const body = (error.errorResponse ?? {}) as IDataObject;
	const counts =
		typeof body.activeGenerations === 'number' && typeof body.concurrencyLimit === 'number'
			? ` (${body.activeGenerations} of ${body.concurrencyLimit} running)`
			: '';
	error.message = `Sync Labs: the plan's concurrent generations are all busy${counts}, so the ${label} was not submitted`;
	const suggestion = [
		'"When the Plan Is Full" is "Fail Those Items at Once": nothing was submitted for this job.',
		'Choose "Wait for a Free Slot" to queue it, lower Max Concurrent Jobs to your plan\'s limit,',
		'or for many videos use Lipsync Generation → Batch (batches do not count against this limit).',
	].join(' ');
	error.description = `Error code: ${String(error.context.vendorErrorCode)}. ${suggestion}`;
	error.context.suggestion = suggestion;
	error.context.planFull = true;
	return error;
}
