import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SYNC_MODELS, modelProperty, readGenerationOptions } from '../../sync/descriptions';
import type { OptionsPurpose } from './options';
import { readReactOptions } from './options';
import { parameterError } from '../../shared/errors';
import { prepareVisual, visualProperties } from './visual';
import { prepareVoice, voiceProperties } from './voice';

export const DEFAULT_MODEL = 'lipsync-2';

export const generationModelProperty: INodeProperties = modelProperty(DEFAULT_MODEL);

/** The media of a generation: the face (video or image) and the voice. */
export const generationInputProperties: INodeProperties[] = [...visualProperties, ...voiceProperties];

/** One item's generation request, validated; `buildBody` uploads binaries and returns the body. */
export interface PreparedGenerationRequest {
	model: string;
	buildBody(): Promise<IDataObject>;
	/** The "Webhook URL" option (create only); the job pipeline checks and sends it. */
	webhookUrl?: string;
}

export function readModel(context: IExecuteFunctions, itemIndex: number): string {
	const model = String(context.getNodeParameter('model', itemIndex, DEFAULT_MODEL));
	if (!(SYNC_MODELS as readonly string[]).includes(model)) {
		throw parameterError(
			context,
			itemIndex,
			`"Model" must be one of ${SYNC_MODELS.join(', ')}, got "${model}"`,
		);
	}
	return model;
}

/**
 * Reads and validates everything a generation request of one item needs (model, media, voice,
 * segments, options) without any request to Sync; the I/O waits for `buildBody`.
 */
export async function prepareGenerationRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	purpose: OptionsPurpose,
): Promise<PreparedGenerationRequest> {
	const model = readModel(context, itemIndex);
	const visual = await prepareVisual(context, model, itemIndex);
	const voice = await prepareVoice(context, itemIndex);
	const generationOptions = readGenerationOptions(context, itemIndex);
	const options = { ...generationOptions.options, ...readReactOptions(context, model, itemIndex) };
	const webhookUrl = purpose === 'create' ? generationOptions.webhookUrl : undefined;
	const outputFileName = purpose === 'estimate' ? undefined : generationOptions.outputFileName;

	return {
		model,
		webhookUrl,
		buildBody: async () => {
			// One at a time: each binary is streamed to Sync's storage, never held in memory.
			const input: IDataObject[] = [await visual.resolve()];
			for (const voiceInput of voice.inputs) input.push(await voiceInput.resolve());
			const body: IDataObject = { model, input };
			if (voice.segments) body.segments = voice.segments;
			if (Object.keys(options).length > 0) body.options = options;
			if (outputFileName) body.outputFileName = outputFileName;
			return body;
		},
	};
}
