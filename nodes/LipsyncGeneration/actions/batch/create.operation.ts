import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, mapWithConcurrency, runForAllItems } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import type { Batch } from '../../../sync/api/batches';
import { createBatch, normaliseBatch } from '../../../sync/api/batches';
import { checkCallbackUrl } from '../../../sync/generation/callbackUrl';
import type { EstimableTask } from '../../../sync/generation/costGuard';
import { guardCosts } from '../../../sync/generation/costGuard';
import { builtOnce } from '../../../sync/generation/submit';
import type { CostGuard } from '../../../sync/parameters/costGuard';
import { readCostGuard } from '../../../sync/parameters/costGuard';
import { BATCH_PLAN_NOTE, explainBatchPlanError } from '../../helpers/batch';
import type { PreparedGenerationRequest } from '../../helpers/generationRequest';
import {
	generationInputProperties,
	generationModelProperty,
	generationOptionsCollection,
	prepareGenerationRequest,
} from '../../helpers/generationRequest';
import { SYNC_LABS } from '../../../sync/errors';

const MIN_BATCH_REQUESTS = 20;
const MAX_BATCH_REQUESTS = 500;
const MAX_BATCH_FILE_BYTES = 5 * 1024 * 1024;
const UPLOAD_CONCURRENCY = 4;

const properties: INodeProperties[] = [
	{
		displayName: `${BATCH_PLAN_NOTE} One batch holds one request per input item, 20 to 500 items; Sync finishes it within 24 hours.`,
		name: 'batchNotice',
		type: 'notice',
		default: '',
	},
	generationModelProperty,
	...generationInputProperties,
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '',
		placeholder: 'order-1234',
		description:
			"A unique ID for this item's request, found again in the batch results. Empty: item-0, item-1, … by position.",
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether Sync should only validate the requests, without creating the batch',
	},
	{
		displayName: 'Batch Webhook URL',
		name: 'batchWebhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/sync-batch',
		description: 'Sync calls this URL once the whole batch has finished or failed',
	},
	generationOptionsCollection('batch'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['create'] } },
	properties,
);

interface BatchLine {
	requestId: string;
	itemIndex: number;
	request: PreparedGenerationRequest;
}

async function readBatchWebhookUrl(context: IExecuteFunctions): Promise<string | undefined> {
	// Batch-level settings come from the first item, like the request the batch is.
	const checks = itemChecks(context, 0);
	const url = checks.optionalText(checks.read('batchWebhookUrl', ''));
	if (!url) return undefined;
	const credentials = await context.getCredentials(SYNC_LABS.credentialType, 0);
	return checkCallbackUrl(checks, SYNC_LABS.baseUrl(credentials), url, 'Batch Webhook URL');
}

/** Every item's request, validated before anything is sent; request IDs are unique. */
async function prepareLines(context: IExecuteFunctions, count: number): Promise<BatchLine[]> {
	const lines: BatchLine[] = [];
	const seen = new Map<string, number>();
	for (let itemIndex = 0; itemIndex < count; itemIndex += 1) {
		const checks = itemChecks(context, itemIndex);
		const requestId = checks.optionalText(checks.read('requestId', '')) ?? `item-${itemIndex}`;
		if (requestId.length > 128 || /[\r\n\t]/.test(requestId)) {
			checks.fail({
				field: 'Request ID',
				rule: 'must be at most 128 characters on one line',
				got: requestId,
			});
		}
		if (seen.has(requestId)) {
			checks.fail({
				field: 'Request ID',
				rule: `"${requestId}" is already used by item ${seen.get(requestId)}`,
				hint: 'Every request of a batch needs its own ID, so its result can be matched to it.',
			});
		}
		seen.set(requestId, itemIndex);
		lines.push({
			requestId,
			itemIndex,
			request: builtOnce(await prepareGenerationRequest(context, itemIndex, 'batch')),
		});
	}
	return lines;
}

async function createFromItems(context: IExecuteFunctions, count: number): Promise<IDataObject> {
	if (count < MIN_BATCH_REQUESTS || count > MAX_BATCH_REQUESTS) {
		throw new NodeOperationError(
			context.getNode(),
			`A batch needs ${MIN_BATCH_REQUESTS} to ${MAX_BATCH_REQUESTS} input items (one request each), got ${count}`,
			{
				description:
					count < MIN_BATCH_REQUESTS
						? 'For fewer items use Generation → Create, which runs them concurrently.'
						: 'Split the items, e.g. with Loop Over Items (batch size 500), into several batches.',
			},
		);
	}
	const checks = itemChecks(context, 0);
	const dryRun = checks.boolean(checks.read('dryRun', false), 'Dry Run', false);
	const guard = readCostGuard(checks);
	const webhookUrl = await readBatchWebhookUrl(context);
	const lines = await prepareLines(context, count);
	const estimates = guard ? await guardBatchCost(context, lines, guard) : undefined;

	// Binary inputs are uploaded as assets here, a few at a time.
	const jsonl = await mapWithConcurrency(lines.length, UPLOAD_CONCURRENCY, async (position) => {
		const line = lines[position];
		return {
			request_id: line.requestId,
			endpoint: '/v2/generate',
			payload: await line.request.buildBody(),
		} as IDataObject;
	});
	const bytes = jsonl.reduce((sum, line) => sum + Buffer.byteLength(JSON.stringify(line)) + 1, 0);
	if (bytes > MAX_BATCH_FILE_BYTES) {
		throw new NodeOperationError(
			context.getNode(),
			`The batch file would be ${(bytes / 1024 / 1024).toFixed(1)} MB; Sync accepts at most 5 MB`,
			{ description: 'Long scripts make large requests. Split the items into smaller batches.' },
		);
	}
	let batch;
	try {
		batch = await createBatch(context, jsonl, { webhookUrl, dryRun }, 0);
	} catch (error) {
		throw explainBatchPlanError(asNodeError(context, error as Error, 0));
	}
	const requests = lines.map(({ requestId, itemIndex }, order) => ({
		requestId,
		itemIndex,
		...(estimates ? { costEstimate: estimates[order] } : {}),
	}));
	const json =
		typeof batch.id === 'string'
			? normaliseBatch(batch as Batch)
			: { status: batch.status, dryRun: true };
	return { ...json, requestCount: requests.length, requests };
}

/**
 * The cost guard over a batch, which is one request: every line is estimated, and one refused
 * line (over a limit, or without an estimate when that is refused) refuses the whole batch.
 */
async function guardBatchCost(context: IExecuteFunctions, lines: BatchLine[], guard: CostGuard) {
	const tasks = lines.map(
		(line, order): EstimableTask => ({
			itemIndex: line.itemIndex,
			order,
			job: line.request,
			label: `request "${line.requestId}"`,
		}),
	);
	const { allowed, refused } = await guardCosts(context, tasks, guard);
	if (refused.length > 0) throw refused[0].failed;
	return allowed.map((task) => task.estimate ?? null);
}

/** One batch from all input items: one JSONL request per item. Outputs one item, paired to all. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	return await runForAllItems(this, async () => ({ json: await createFromItems(this, count) }));
}
