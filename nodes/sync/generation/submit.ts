import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createGeneration } from '../api/generations';
import type { EstimableTask } from './costGuard';
import type { Generation } from '../api/generations';
import { idempotencyKey } from './idempotencyKey';
import type { JobExtras } from './output';
import type { CompletionSettings } from '../parameters/completion';

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

/** Submits one job: its body, the callback URL that applies, and its Idempotency-Key. */
export async function submitJob(
	context: IExecuteFunctions,
	task: JobTask,
	settings: CompletionSettings,
	resumeUrl?: string,
): Promise<Generation> {
	const body = await task.job.buildBody();
	const webhookUrl = settings.mode === 'webhook' ? resumeUrl : task.job.webhookUrl;
	if (webhookUrl) body.webhookUrl = webhookUrl;
	// Waiting for a free slot at Sync counts against the node's own timeout.
	return await createGeneration(
		context,
		body,
		idempotencyKey(context, task.itemIndex, task.job.label),
		{
			itemIndex: task.itemIndex,
			slotWaitMs: settings.timeoutSeconds * 1000,
		},
	);
}
