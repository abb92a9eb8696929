import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemOutcome } from '../shared/items';
import { pairedOutput, prepareItems, runItems } from '../shared/items';
import { itemChecks, nodeChecks } from '../shared/validation';
import { VENDORS } from '../shared/vendors';
import { createGeneration, getGeneration } from './api/generations';
import { checkCallbackUrl } from './callbacks';
import type { Generation } from './generation';
import { isTerminal, normaliseGeneration } from './generation';
import { idempotencyKey, waitToken } from './idempotency';
import { generationResult } from './output';
import type { CompletionSettings } from './parameters/completion';
import { readCompletionSettings } from './parameters/completion';
import { pollUntilTerminal } from './poll';

/** One item's generation, checked and ready to submit. */
export interface GenerationJob {
	/** Resolves the inputs (uploading binaries) and returns the request body for POST /v2/generate. */
	buildBody(): Promise<IDataObject>;
	/**
	 * The user's "Webhook URL" option. The pipeline checks it like every callback URL and sends it,
	 * except with "Wait for Webhook", whose own resume URL takes its place.
	 */
	webhookUrl?: string;
}

/**
 * The life of a create operation, shared by Sync Dub and Lipsync Generation:
 * 1. every item is checked (`prepare`) before anything is sent, so bad input fails fast;
 * 2. items are submitted with an Idempotency-Key, at most "Max Concurrent Jobs" at a time;
 * 3. each generation is returned, polled to the end, or awaited through Sync's callback.
 */
export async function runGenerationJobs(
	context: IExecuteFunctions,
	prepare: (itemIndex: number) => Promise<GenerationJob>,
): Promise<INodeExecutionData[]> {
	const settings = readCompletionSettings(nodeChecks(context));
	let syncBaseUrl: string | undefined;
	const { prepared: jobs, rejected } = await prepareItems(context, async (itemIndex) => {
		const job = await prepare(itemIndex);
		if (job.webhookUrl && settings.mode !== 'webhook') {
			syncBaseUrl ??= await credentialBaseUrl(context);
			checkCallbackUrl(itemChecks(context, itemIndex), syncBaseUrl, job.webhookUrl, 'Webhook URL');
		}
		return job;
	});
	const ready = [...jobs.keys()];

	if (settings.mode === 'webhook') {
		return await submitAndWait(context, jobs, ready, rejected, settings);
	}
	const outcomes = await runItems(context, ready, settings.maxConcurrentJobs, async (itemIndex) => {
		const generation = await submit(context, jobs.get(itemIndex)!, itemIndex, settings);
		if (settings.mode === 'none') return { json: normaliseGeneration(generation) };
		const finished = await pollUntilTerminal(context, generation, settings, itemIndex);
		return await generationResult(context, finished, settings, itemIndex);
	});
	return pairedOutput([...rejected, ...outcomes]);
}

async function credentialBaseUrl(context: IExecuteFunctions): Promise<string> {
	return VENDORS.syncLabs.baseUrl(await context.getCredentials(VENDORS.syncLabs.credentialType));
}

async function submit(
	context: IExecuteFunctions,
	job: GenerationJob,
	itemIndex: number,
	settings: CompletionSettings,
	resumeUrl?: string,
): Promise<Generation> {
	const body = await job.buildBody();
	const webhookUrl = settings.mode === 'webhook' ? resumeUrl : job.webhookUrl;
	if (webhookUrl) body.webhookUrl = webhookUrl;
	// Waiting for a free slot at Sync counts against the node's own timeout.
	return await createGeneration(context, body, idempotencyKey(context, itemIndex), {
		itemIndex,
		slotWaitMs: settings.timeoutSeconds * 1000,
	});
}

/**
 * "Wait for Webhook": every item's generation gets its own signed resume URL (tagged with this
 * run's token and the item index), then the execution waits. Sync's callbacks arrive at the node's
 * `webhook()` (see resume.ts), which resumes the execution once every generation has finished.
 */
async function submitAndWait(
	context: IExecuteFunctions,
	jobs: Map<number, GenerationJob>,
	ready: number[],
	rejected: ItemOutcome[],
	settings: CompletionSettings,
): Promise<INodeExecutionData[]> {
	const syncBaseUrl = await credentialBaseUrl(context);
	const token = waitToken(context);
	const itemCount = context.getInputData().length;
	const resumeUrl = (itemIndex: number) =>
		context.getSignedResumeUrl({ wait: token, item: String(itemIndex), items: String(itemCount) });
	if (ready.length > 0) {
		checkCallbackUrl(itemChecks(context, ready[0]), syncBaseUrl, resumeUrl(ready[0]), 'Completion');
	}

	const submitted = new Map<number, Generation>();
	const outcomes = await runItems(context, ready, settings.maxConcurrentJobs, async (itemIndex) => {
		const generation = await submit(
			context,
			jobs.get(itemIndex)!,
			itemIndex,
			settings,
			resumeUrl(itemIndex),
		);
		submitted.set(itemIndex, generation);
		return { json: normaliseGeneration(generation) };
	});

	// Generations that finished while others were still being submitted called back too early,
	// when nothing was waiting yet. If they all finished already, there is nothing to wait for.
	const current = new Map(
		await Promise.all(
			[...submitted].map(
				async ([itemIndex, generation]) =>
					[
						itemIndex,
						isTerminal(generation.status)
							? generation
							: await getGeneration(context, generation.id, { itemIndex }),
					] as const,
			),
		),
	);
	if (
		current.size > 0 &&
		[...current.values()].every((generation) => isTerminal(generation.status))
	) {
		const finished = await runItems(
			context,
			[...current.keys()],
			1,
			async (itemIndex) =>
				await generationResult(context, current.get(itemIndex)!, settings, itemIndex),
		);
		return pairedOutput([
			...rejected,
			...outcomes.filter((outcome) => outcome.failed),
			...finished,
		]);
	}
	if (submitted.size > 0) {
		await context.putExecutionToWait(new Date(Date.now() + settings.timeoutSeconds * 1000));
	}
	return pairedOutput([...rejected, ...outcomes]);
}
