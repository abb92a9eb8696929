import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { downloadToBinary } from '../../shared/binary';
import type { OutputBinary } from '../../shared/parameters/outputBinary';
import { suggestionFor } from '../../shared/transport';
import type { Generation, NormalisedGeneration } from '../api/generations';
import { isTerminal, normaliseGeneration } from '../api/generations';
import { SYNC_LABS } from '../errors';
import { outputBaseName } from './fileName';

/** What the output item of a job carries besides its generation. */
export interface JobExtras {
	/** Fields that tell the jobs of one item apart, e.g. `{ language: 'fr' }`; also named in files. */
	label?: Record<string, string>;
	/** The cost estimate the guard checked. */
	costEstimate?: IDataObject;
	/** The generation was created by the run this retry repeats, not submitted again. */
	adopted?: boolean;
}

/** A job's output JSON: its generation, normalised, with the job's labels and estimate. */
export function jobJson(generation: Generation, extras: JobExtras = {}): IDataObject {
	const json: IDataObject = { ...normaliseGeneration(generation), ...extras.label };
	if (extras.costEstimate) json.costEstimate = extras.costEstimate;
	if (extras.adopted) json.adoptedFromEarlierRun = true;
	return json;
}

/**
 * The output item for a generation: its normalised JSON and, once COMPLETED and when asked for,
 * the video streamed into a binary property. A generation that ended without output is an error
 * that keeps the generation id.
 */
export async function generationResult(
	context: IExecuteFunctions | IWebhookFunctions,
	generation: Generation,
	settings: OutputBinary,
	itemIndex: number,
	extras: JobExtras = {},
): Promise<INodeExecutionData> {
	const json = jobJson(generation, extras);
	const status = String(json.status);
	if (status === 'COMPLETED') {
		const outputUrl = typeof json.outputUrl === 'string' ? json.outputUrl : '';
		if (!settings.download || !outputUrl) return { json };
		// `<name>-<labels>.mp4` (fileName.ts): a label Sync's file name already ends with is not repeated.
		const baseName = outputBaseName(generation, Object.values(extras.label ?? {}));
		const binary = await downloadToBinary(context, {
			vendor: SYNC_LABS,
			url: outputUrl,
			fileName: `${baseName}.mp4`,
			mimeType: 'video/mp4',
			itemIndex,
		});
		return { json, binary: { [settings.binaryProperty]: binary } };
	}
	if (isTerminal(status)) {
		const normalised = normaliseGeneration(generation);
		const suggestion = suggestionFor({
			vendor: SYNC_LABS,
			code: normalised.errorCode ?? undefined,
			httpCode: 0,
		});
		const error = generationFailedError(context.getNode(), normalised, itemIndex, suggestion);
		Object.assign(error.context, extras.label);
		throw error;
	}
	return { json };
}

/** A FAILED/REJECTED/cancelled generation as a NodeApiError that keeps the generation id. */
export function generationFailedError(
	node: INode,
	generation: NormalisedGeneration,
	itemIndex?: number,
	suggestion?: string,
): NodeApiError {
	const error = new NodeApiError(node, generation as IDataObject as never, {
		message: `Sync Labs generation ${generation.id} ended ${generation.status}: ${
			generation.error ?? 'no reason given'
		}`,
		description: [
			generation.errorCode ? `Error code: ${generation.errorCode}.` : undefined,
			suggestion,
		]
			.filter(Boolean)
			.join(' '),
		itemIndex,
	});
	// NodeApiError reads an HTTP code from the body's `status` field ("FAILED"); there is none here.
	error.httpCode = null;
	error.context.generationId = generation.id;
	error.context.status = generation.status;
	error.context.vendorErrorCode = generation.errorCode ?? undefined;
	if (suggestion) error.context.suggestion = suggestion;
	return error;
}
