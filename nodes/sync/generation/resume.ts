import type {
	IDataObject,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome } from '../../shared/items';
import { asNodeError, failedOutcome, pairedOutput } from '../../shared/items';
import { collectPages } from '../../shared/pagination';
import { webhookChecks } from '../../shared/validation';
import { replyWith } from '../../shared/webhookReply';
import { isTerminal, listGenerations } from '../api/generations';
import type { Generation } from '../api/generations';
import { generationResult } from './output';
import { readCompletionSettings } from '../parameters/completion';
import { SIGNATURE_PROBLEMS, verifySyncSignature } from '../signature';
import type { JobTag, RunOfCallback } from './callbackTags';
import { runOfQuery, tagOfCallbackUrl } from './callbackTags';
import type { CarriedFailure } from './carriedFailures';
import { failureError, failuresOfCallbackUrl } from './carriedFailures';
import { SYNC_LABS } from '../errors';

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

const PAGE_SIZE = 100;
const MAX_PAGES = 10;
const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Runs whose resume this process has claimed. Two callbacks that both see every generation finished
 * must not both resume the execution: the first one claims the run's token. Process-wide on purpose
 * (callbacks are separate webhook calls); with several webhook processes it is per process, and n8n
 * itself refuses a second resume of an execution that is no longer waiting.
 */
const claimedRuns = new Map<string, number>();

function claimRun(token: string): boolean {
	const now = Date.now();
	for (const [key, claimedAt] of claimedRuns)
		if (now - claimedAt > 86_400_000) claimedRuns.delete(key);
	if (claimedRuns.has(token)) return false;
	claimedRuns.set(token, now);
	return true;
}

/** A generation of the run, with the job it was submitted for. */
interface RunJob {
	tag: JobTag;
	generation: Generation;
}

/** This run's generations, found through their callback URLs (Sync keeps the state). */
async function jobsOfRun(context: IWebhookFunctions, run: RunOfCallback): Promise<RunJob[]> {
	const found = new Map<string, RunJob>();
	const record = (generations: Generation[]) => {
		for (const generation of generations) {
			const tag = tagOfCallbackUrl(generation.webhookUrl, run.token);
			const key = tag && `${tag.item}:${tag.position}`;
			if (tag && key && !found.has(key)) found.set(key, { tag, generation });
		}
	};
	// Runs of an older version did not say how many jobs they submitted: one per item.
	const expected = run.jobCount || run.itemCount;
	await collectPages(
		async (cursor, limit) => {
			const page = await listGenerations(context, { limit, cursor });
			record(page.items);
			return page;
		},
		{
			pageSize: PAGE_SIZE,
			maxPages: MAX_PAGES,
			key: (generation) => generation.id,
			enough: () => found.size >= expected,
		},
	);
	return [...found.values()];
}

/**
 * A Sync callback for a node waiting in "Wait for Webhook" mode. It answers Sync at once, then
 * resumes the execution only when every generation of the run has finished; until then the
 * execution keeps waiting (no workflowData). The callback body is never trusted: the generations
 * are read back from the API.
 */
export async function resumeFromSyncCallback(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const run = runOfQuery(this.getQueryData() as IDataObject);
	if (!run) return replyWith(this, 400, { message: 'Not a Sync Labs callback for this node' });
	const credentials = await this.getCredentials(SYNC_LABS.credentialType);
	const secret = typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '';
	if (secret) {
		const request = this.getRequestObject();
		const header = this.getHeaderData()['sync-signature'];
		const problem = verifySyncSignature(
			typeof header === 'string' ? header : undefined,
			request.rawBody ?? Buffer.from(JSON.stringify(this.getBodyData())),
			secret,
			SIGNATURE_TOLERANCE_SECONDS,
		);
		if (problem) return replyWith(this, 401, { message: SIGNATURE_PROBLEMS[problem] });
	}
	// Answer now: downloading the outputs below may take longer than Sync waits for a reply.
	this.getResponseObject().status(200).json({ received: true });

	const jobs = await jobsOfRun(this, run);
	const allFinished = jobs.every(({ generation }) => isTerminal(generation.status));
	if (jobs.length === 0 || !allFinished || !claimRun(run.token)) return { noWebhookResponse: true };

	const settings = readCompletionSettings(webhookChecks(this));
	// Failures become error items whatever "On Error" says: throwing here would make n8n replace the
	// execution's result data (every earlier node's output) with the error while resuming.
	const outcomes: ItemOutcome[] = [];
	const carried = carriedOfRun(jobs);
	for (let itemIndex = 0; itemIndex < run.itemCount; itemIndex += 1) {
		const ofItem = jobs.filter(({ tag }) => tag.item === itemIndex);
		const failedOfItem = carried.filter((failure) => failure.item === itemIndex);
		const count = ofItem[0]?.tag.count ?? failedOfItem[0]?.count ?? 1;
		for (let position = 0; position < count; position += 1) {
			const job = ofItem.find(({ tag }) => tag.position === position);
			const failure = failedOfItem.find((candidate) => candidate.position === position);
			try {
				if (!job && failure) throw failureError(this.getNode(), failure);
				if (!job) throw notSubmitted(this, itemIndex, position, count);
				const { generation, tag } = job;
				const costEstimate = tag.estimate && {
					estimatedGenerationCost: tag.estimate.cost,
					currency: 'USD',
					basis: tag.estimate.basis,
				};
				const item = await generationResult(this, generation, settings, itemIndex, {
					label: tag.label,
					costEstimate,
				});
				outcomes.push({ itemIndex, order: position, items: [item] });
			} catch (error) {
				const nodeError = asNodeError(this, error as Error, itemIndex);
				outcomes.push({ ...failedOutcome(itemIndex, nodeError), order: position });
			}
		}
	}
	return { noWebhookResponse: true, workflowData: [pairedOutput(outcomes)] };
}

/** The failures from before the wait, as the run's callback URLs carry them (each carries all). */
function carriedOfRun(jobs: RunJob[]): CarriedFailure[] {
	for (const { generation } of jobs) {
		const failures = failuresOfCallbackUrl(generation.webhookUrl);
		if (failures.length > 0) return failures;
	}
	return [];
}

/** A job the run planned but never submitted (refused or failed before the execution waited). */
function notSubmitted(
	context: IWebhookFunctions,
	itemIndex: number,
	position: number,
	count: number,
) {
	const which =
		count > 1 ? `Generation ${position + 1} of ${count} of item ${itemIndex}` : `Item ${itemIndex}`;
	return new NodeOperationError(context.getNode(), `${which} was not submitted to Sync Labs`, {
		itemIndex,
		description:
			"It failed while being submitted, before the execution started waiting; n8n's log has the reason (a warning from this node).",
	});
}
