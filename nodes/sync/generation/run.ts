import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemOutcome } from '../../shared/items';
import { pairedOutput, prepareItems, runTasks } from '../../shared/items';
import { itemChecks, nodeChecks } from '../../shared/validation';
import { checkCallbackUrl } from './callbackUrl';
import { guardCosts } from './costGuard';
import type { GenerationJob, JobTask } from './submit';
import { builtOnce, extrasOf, requestBody, submitJob } from './submit';
import { earlierRun } from './earlierRun';
import { generationResult, jobJson } from './output';
import { readCompletionSettings } from '../parameters/completion';
import { readCostGuard } from '../parameters/costGuard';
import { pollUntilTerminal } from './poll';
import { submitAndWait } from './waitForWebhook';
import { SYNC_LABS } from '../errors';

/**
 * The life of a create operation, shared by Sync Dub and Lipsync Generation:
 * 1. every item is checked (`prepare`) before anything is sent, so bad input fails fast;
 * 2. with a cost limit, every job is estimated and those over the limits are refused;
 * 3. jobs are submitted with an Idempotency-Key, at most "Max Concurrent Jobs" at a time; n8n's
 *    Retry of a crashed or failed execution carries on with what the earlier run created instead;
 * 4. each generation is returned, polled to the end, or awaited through Sync's callback.
 */
export async function runGenerationJobs(
	context: IExecuteFunctions,
	prepare: (itemIndex: number) => Promise<GenerationJob | GenerationJob[]>,
): Promise<INodeExecutionData[]> {
	const earlier = earlierRun(context);
	const chosen = readCompletionSettings(nodeChecks(context));
	// Reusing earlier work polls: those generations call back to the execution that submitted them.
	const settings =
		earlier && chosen.mode === 'webhook' ? { ...chosen, mode: 'poll' as const } : chosen;
	// Their callback URL was the earlier execution's resume URL, which no later request repeats.
	const callbackFields = chosen.mode === 'webhook' ? ['webhookUrl'] : [];
	const guard = readCostGuard(nodeChecks(context));
	let syncBaseUrl: string | undefined;
	const { prepared, rejected } = await prepareItems(context, async (itemIndex) => {
		const jobs = [await prepare(itemIndex)].flat();
		for (const job of jobs) {
			if (!job.webhookUrl || settings.mode === 'webhook') continue;
			syncBaseUrl ??= await credentialBaseUrl(context);
			checkCallbackUrl(itemChecks(context, itemIndex), syncBaseUrl, job.webhookUrl, 'Webhook URL');
		}
		return jobs;
	});
	const planned = [...prepared].flatMap(([itemIndex, jobs]) =>
		jobs.map(
			(job, order): JobTask => ({
				itemIndex,
				order,
				count: jobs.length,
				job: builtOnce(job),
				label: describe(job),
			}),
		),
	);
	const { allowed, refused } = guard
		? await guardCosts(context, planned, guard)
		: { allowed: planned, refused: [] as ItemOutcome[] };
	const failed = [...rejected, ...refused];

	if (settings.mode === 'webhook') {
		const jobCounts = new Map([...prepared].map(([itemIndex, jobs]) => [itemIndex, jobs.length]));
		return await submitAndWait(context, allowed, failed, settings, jobCounts);
	}
	const outcomes = await runTasks(context, allowed, settings.maxConcurrentJobs, async (task) => {
		const adopted = await earlier?.adopt(await requestBody(task, settings), callbackFields);
		const generation = adopted ?? (await submitJob(context, task, settings));
		const extras = { ...extrasOf(task), adopted: adopted !== undefined };
		if (settings.mode === 'none') return { json: jobJson(generation, extras) };
		const finished = await pollUntilTerminal(context, generation, settings, task.itemIndex);
		return await generationResult(context, finished, settings, task.itemIndex, extras);
	});
	return pairedOutput([...failed, ...outcomes]);
}

/** How messages name a job, e.g. "generation" or "generation (language fr)". */
function describe(job: GenerationJob): string {
	const label = Object.entries(job.label ?? {}).map(([key, value]) => `${key} ${value}`);
	return label.length > 0 ? `generation (${label.join(', ')})` : 'generation';
}

async function credentialBaseUrl(context: IExecuteFunctions): Promise<string> {
	return SYNC_LABS.baseUrl(await context.getCredentials(SYNC_LABS.credentialType));
}
