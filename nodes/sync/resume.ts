import type {
	IDataObject,
	INodeExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome } from '../shared/items';
import { asNodeError, failedOutcome, pairedOutput } from '../shared/items';
import { collectPages } from '../shared/pagination';
import { webhookChecks } from '../shared/validation';
import { VENDORS } from '../shared/vendors';
import { listGenerations } from './api/generations';
import type { Generation } from './generation';
import { isTerminal } from './generation';
import { generationResult } from './output';
import { readCompletionSettings } from './parameters/completion';
import { SIGNATURE_PROBLEMS, verifySyncSignature } from './signature';

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

/** The item index a generation was submitted for, if its callback URL belongs to this run. */
function itemOfRun(generation: Generation, token: string): number | undefined {
	if (!generation.webhookUrl) return undefined;
	try {
		const params = new URL(generation.webhookUrl).searchParams;
		if (params.get('wait') !== token) return undefined;
		const item = Number(params.get('item'));
		return Number.isInteger(item) && item >= 0 ? item : undefined;
	} catch {
		return undefined;
	}
}

/** This run's generations by item, found through their callback URLs (Sync keeps the state). */
async function generationsOfRun(context: IWebhookFunctions, token: string, itemCount: number) {
	const found = new Map<number, Generation>();
	const record = (generations: Generation[]) => {
		for (const generation of generations) {
			const item = itemOfRun(generation, token);
			if (item !== undefined && !found.has(item)) found.set(item, generation);
		}
	};
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
			enough: () => found.size >= itemCount,
		},
	);
	return found;
}

function reply(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
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
	const query = this.getQueryData() as IDataObject;
	const token = typeof query.wait === 'string' ? query.wait : '';
	const itemCount = Number(query.items);
	if (!token || !Number.isInteger(itemCount) || itemCount < 1) {
		return reply(this, 400, { message: 'Not a Sync Labs callback for this node' });
	}
	const credentials = await this.getCredentials(VENDORS.syncLabs.credentialType);
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
		if (problem) return reply(this, 401, { message: SIGNATURE_PROBLEMS[problem] });
	}
	// Answer now: downloading the outputs below may take longer than Sync waits for a reply.
	this.getResponseObject().status(200).json({ received: true });

	const generations = await generationsOfRun(this, token, itemCount);
	const allFinished = [...generations.values()].every((generation) =>
		isTerminal(generation.status),
	);
	if (generations.size === 0 || !allFinished || !claimRun(token))
		return { noWebhookResponse: true };

	const settings = readCompletionSettings(webhookChecks(this));
	// Failures become error items whatever "On Error" says: throwing here would make n8n replace the
	// execution's result data (every earlier node's output) with the error while resuming.
	const outcomes: ItemOutcome[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex += 1) {
		const generation = generations.get(itemIndex);
		try {
			if (!generation) {
				throw new NodeOperationError(
					this.getNode(),
					`Item ${itemIndex} was not submitted to Sync Labs`,
					{
						itemIndex,
						description:
							'It failed before the execution started waiting; the execution log has the reason.',
					},
				);
			}
			const item: INodeExecutionData = await generationResult(
				this,
				generation,
				settings,
				itemIndex,
			);
			outcomes.push({ itemIndex, items: [item] });
		} catch (error) {
			outcomes.push(failedOutcome(itemIndex, asNodeError(this, error as Error, itemIndex)));
		}
	}
	return { noWebhookResponse: true, workflowData: [pairedOutput(outcomes)] };
}
