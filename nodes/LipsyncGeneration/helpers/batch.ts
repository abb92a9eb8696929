import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { generationSchema, normaliseGeneration } from '../../sync/api/generations';

export const BATCH_PLAN_NOTE =
	'Batch processing is available on the Sync Scale and Enterprise plans only; other plans get HTTP 402.';

/** One line of a batch result file as an output item: its request ID and its generation. */
export function batchResultJson(line: IDataObject): IDataObject {
	const requestId = typeof line.request_id === 'string' ? line.request_id : null;
	const parsed = generationSchema.safeParse(line.response);
	if (!parsed.success) {
		return {
			requestId,
			error: 'The result line holds no generation',
			response: line.response ?? null,
		};
	}
	return { requestId, ...normaliseGeneration(parsed.data) };
}

/** A 402 from the batch API says why: the plan. */
export function explainBatchPlanError(error: Error): Error {
	if (!(error instanceof NodeApiError) || error.httpCode !== '402') return error;
	if (!/scale|enterprise/i.test(`${error.message} ${error.description ?? ''}`)) {
		error.description = [BATCH_PLAN_NOTE, error.description].filter(Boolean).join(' ');
	}
	return error;
}
