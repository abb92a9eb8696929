import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';
import { itemChecks } from '../../shared/validation';
import {
	maxConcurrentJobsOption,
	reuseRecentGenerationsOption,
} from '../../sync/parameters/completion';
import { costGuardOptions } from '../../sync/parameters/costGuard';
import {
	byDisplayName,
	lipsyncOptions,
	outputFileNameOption,
	reactOptions,
	readGenerationOptions,
	webhookUrlOption,
} from '../../sync/parameters/lipsyncOptions';
import type { SyncModel } from '../../sync/parameters/model';
import { modelProperty, readModel } from '../../sync/parameters/model';
import { prepareVisual, visualProperties } from './visual';
import { prepareVoice, voiceProperties } from './voice';

/**
 * What describes one generation request (model, face, voice, options), shared by Create,
 * Estimate Cost and Batch → Create: the parameters and the reader that checks them.
 */

const DEFAULT_MODEL: SyncModel = 'lipsync-2';

/** Which of the request's parts an operation shows. */
export type RequestPurpose = 'create' | 'estimate' | 'batch';

export const generationModelProperty = modelProperty(DEFAULT_MODEL);

/** The media of a generation: the face (video or image) and the voice. */
export const generationInputProperties: INodeProperties[] = [
	...visualProperties,
	...voiceProperties,
];

/** The "Options" collection, as much of it as the operation uses. */
export function generationOptionsCollection(purpose: RequestPurpose): INodeProperties {
	const options = [...lipsyncOptions, ...reactOptions];
	if (purpose !== 'estimate') options.push(outputFileNameOption, ...costGuardOptions);
	if (purpose === 'create')
		options.push(webhookUrlOption, maxConcurrentJobsOption, reuseRecentGenerationsOption);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: options.sort(byDisplayName),
	};
}

/** One item's generation request, checked; `buildBody` uploads binaries and returns the body. */
export interface PreparedGenerationRequest {
	model: SyncModel;
	buildBody(): Promise<IDataObject>;
	/** The "Webhook URL" option (create only); the job pipeline checks and sends it. */
	webhookUrl?: string;
}

export function readGenerationModel(checks: ParameterChecks): SyncModel {
	return readModel(checks, DEFAULT_MODEL);
}

/**
 * Reads and checks everything a generation request of one item needs (model, media, voice,
 * segments, options) without any request to Sync; the I/O waits for `buildBody`.
 */
export async function prepareGenerationRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	purpose: RequestPurpose,
): Promise<PreparedGenerationRequest> {
	const checks = itemChecks(context, itemIndex);
	const model = readGenerationModel(checks);
	const visual = await prepareVisual(context, checks, model);
	const voice = await prepareVoice(context, checks);
	const { options, outputFileName, webhookUrl } = readGenerationOptions(checks, model);
	return {
		model,
		webhookUrl: purpose === 'create' ? webhookUrl : undefined,
		buildBody: async () => {
			// One at a time: each binary is streamed to Sync's storage, never held in memory.
			const input: IDataObject[] = [await visual.resolve()];
			for (const voiceInput of voice.inputs) input.push(await voiceInput.resolve());
			const body: IDataObject = { model, input };
			if (voice.segments) body.segments = voice.segments;
			if (Object.keys(options).length > 0) body.options = options;
			if (outputFileName && purpose !== 'estimate') body.outputFileName = outputFileName;
			return body;
		},
	};
}
