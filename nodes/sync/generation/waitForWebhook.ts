import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemOutcome } from '../../shared/items';
import { pairedOutput, runTasks } from '../../shared/items';
import { itemChecks } from '../../shared/validation';
import { getGeneration, isTerminal } from '../api/generations';
import { checkCallbackUrl } from './callbackUrl';
import { tagQuery } from './callbackTags';
import type { Generation } from '../api/generations';
import { waitToken } from './idempotencyKey';
import { FAILURES_PARAM, carriedFailures, encodeFailures } from './carriedFailures';
import type { JobTask } from './submit';
import { extrasOf, submitJob } from './submit';
import { generationResult, jobJson } from './output';
import type { CompletionSettings } from '../parameters/completion';
import { SYNC_LABS } from '../errors';

/**
 * The URL that resumes this execution at this node, with `query` added: n8n's own resume URL
 * (`$execution.resumeUrl`) plus the node's webhook path. In newer n8n (2.41 here) that URL carries the
 * execution's resume token, which n8n checks on every call (a URL from `getSignedResumeUrl` is
 * accepted only for "send and wait" operations there); older n8n checks nothing, and the webhook
 * verifies Sync's signature itself.
 */
function resumeUrlWith(context: IExecuteFunctions, query: Record<string, string>): string {
	const url = new URL(String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${context.getNode().id}`;
	for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
	return url.toString();
}

/**
 * "Wait for Webhook": every job's generation gets its own signed resume URL (tagged with this run's
 * token, its item and its place among the item's jobs), then the execution waits. Sync's callbacks
 * arrive at the node's `webhook()` (resume.ts), which resumes the execution once every generation
 * of the run has finished.
 */
export async function submitAndWait(
	context: IExecuteFunctions,
	tasks: JobTask[],
	failed: ItemOutcome[],
	settings: CompletionSettings,
	jobCounts: ReadonlyMap<number, number> = new Map(),
): Promise<INodeExecutionData[]> {
	const token = waitToken(context);
	const itemCount = context.getInputData().length;
	const run = { token, itemCount, jobCount: tasks.length };
	// What failed before anything was submitted keeps its reason through the resume.
	const failures = encodeFailures(carriedFailures(failed, jobCounts));
	const resumeUrl = (task: JobTask) =>
		resumeUrlWith(context, {
			...(failures && { [FAILURES_PARAM]: failures }),
			...tagQuery(run, {
				item: task.itemIndex,
				position: task.order,
				count: task.count,
				label: task.job.label ?? {},
				estimate:
					task.estimate && 'estimatedGenerationCost' in task.estimate
						? { cost: task.estimate.estimatedGenerationCost, basis: task.estimate.basis }
						: undefined,
			}),
		});
	if (tasks.length > 0) {
		const credentials = await context.getCredentials(SYNC_LABS.credentialType);
		const checks = itemChecks(context, tasks[0].itemIndex);
		checkCallbackUrl(checks, SYNC_LABS.baseUrl(credentials), resumeUrl(tasks[0]), 'Completion');
	}

	const submitted = new Map<JobTask, Generation>();
	const outcomes = await runTasks(context, tasks, settings.maxConcurrentJobs, async (task) => {
		const generation = await submitJob(context, task, settings, resumeUrl(task));
		submitted.set(task, generation);
		return { json: jobJson(generation, extrasOf(task)) };
	});

	// Generations that finished while others were still being submitted called back too early,
	// when nothing was waiting yet. If they all finished already, there is nothing to wait for.
	const current = new Map(
		await Promise.all(
			[...submitted].map(
				async ([task, generation]) =>
					[
						task,
						isTerminal(generation.status)
							? generation
							: await getGeneration(context, generation.id, { itemIndex: task.itemIndex }),
					] as const,
			),
		),
	);
	if (
		current.size > 0 &&
		[...current.values()].every((generation) => isTerminal(generation.status))
	) {
		const finished = await runTasks(
			context,
			[...current.keys()],
			1,
			async (task) =>
				await generationResult(
					context,
					current.get(task)!,
					settings,
					task.itemIndex,
					extrasOf(task),
				),
		);
		return pairedOutput([...failed, ...outcomes.filter((outcome) => outcome.failed), ...finished]);
	}
	if (submitted.size > 0) {
		// Submits that failed now come out as "not submitted" after the resume: the log keeps why.
		for (const { itemIndex, failed: error } of outcomes) {
			if (error) context.logger.warn(`Item ${itemIndex} was not submitted: ${error.message}`);
		}
		await context.putExecutionToWait(new Date(Date.now() + settings.timeoutSeconds * 1000));
	}
	return pairedOutput([...failed, ...outcomes]);
}
