import type { IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { downloadToBinary } from '../shared/binary';
import { suggestionFor } from '../shared/transport/errors';
import type { OutputBinary } from '../shared/parameters/outputBinary';
import type { Generation } from './generation';
import { generationFailedError, isTerminal, normaliseGeneration } from './generation';

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
): Promise<INodeExecutionData> {
	const json = normaliseGeneration(generation);
	if (json.status === 'COMPLETED') {
		if (!settings.download || !json.outputUrl) return { json };
		const binary = await downloadToBinary(context, {
			vendor: 'syncLabs',
			url: json.outputUrl,
			fileName: `${generation.outputFileName || `sync-${json.id}`}.mp4`,
			mimeType: 'video/mp4',
			itemIndex,
		});
		return { json, binary: { [settings.binaryProperty]: binary } };
	}
	if (isTerminal(json.status)) {
		const suggestion = suggestionFor({
			vendor: 'syncLabs',
			code: json.errorCode ?? undefined,
			httpCode: 0,
		});
		throw generationFailedError(context.getNode(), json, itemIndex, suggestion);
	}
	return { json };
}
