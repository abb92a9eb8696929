import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemChecks } from '../../../shared/validation';
import type { GenerationJob } from '../../../sync/generation/submit';
import { labelledName } from '../../../sync/generation/fileName';
import { runGenerationJobs } from '../../../sync/generation/run';
import {
	completionProperties,
	maxConcurrentJobsOption,
	reuseRecentGenerationsOption,
} from '../../../sync/parameters/completion';
import { costGuardOptions } from '../../../sync/parameters/costGuard';
import {
	byDisplayName,
	lipsyncOptions,
	outputFileNameOption,
	readGenerationOptions,
	webhookUrlOption,
} from '../../../sync/parameters/lipsyncOptions';
import { mediaProperties, prepareMedia, readMediaSpec } from '../../../sync/parameters/media';
import { modelProperty, readModel } from '../../../sync/parameters/model';
import {
	additionalBodyFieldsOption,
	readAdditionalBodyFields,
	withAdditionalFields,
} from './additionalBodyFields';
import { dubParamsProperties, readDubParams } from './dubParams';
import { DEFAULT_MODEL, VIDEO } from './videoInput';

/**
 * The parameters of "Dub a video". Descriptions are written so that an AI agent using the node as
 * a tool can fill them in without the docs.
 */
const properties: INodeProperties[] = [
	...mediaProperties({ ...VIDEO, kindLabel: 'video' }),
	...dubParamsProperties,
	modelProperty(DEFAULT_MODEL, {
		description:
			'The model that re-animates the mouth to the dubbed speech. Lipsync-2 suits most talking-head videos at the lowest cost. Pick lipsync-2-pro for close-ups and high-resolution footage where teeth and lip detail show; pick sync-3 for the most natural result on demanding footage (highest cost).',
	}),
	...completionProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...lipsyncOptions,
			outputFileNameOption,
			webhookUrlOption,
			maxConcurrentJobsOption,
			reuseRecentGenerationsOption,
			additionalBodyFieldsOption,
			...costGuardOptions,
		].sort(byDisplayName),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['dub'] } },
	properties,
);

/**
 * Dubs each item's video, one Sync job per target language: POST /v2/generate with the video as
 * the only input and `dubParams`; Sync extracts the speech, dubs it with ElevenLabs and lip-syncs
 * the result. Estimating, submitting, waiting and the output are the shared Sync pipeline.
 * From version 1.1 each dub's output says its language and its file name ends with it.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const namedByLanguage = this.getNode().typeVersion >= 1.1;
	return await runGenerationJobs(this, async (itemIndex): Promise<GenerationJob[]> => {
		const checks = itemChecks(this, itemIndex);
		const video = await prepareMedia(this, checks, readMediaSpec(checks, VIDEO));
		const dubs = readDubParams(checks, namedByLanguage);
		const model = readModel(checks, DEFAULT_MODEL);
		const { options, outputFileName, webhookUrl } = readGenerationOptions(checks, model);
		const additionalFields = readAdditionalBodyFields(checks);
		// `<name>-<lang>` (fileName.ts): Sync's file, the downloaded binary and the trigger's file
		// share it. Version 1 (one language) sends the Output File Name as it is.
		const baseName = outputFileName ?? (namedByLanguage ? video.fileName : undefined);
		const outputFileNameOf = (language: string) =>
			baseName && namedByLanguage ? labelledName(baseName, [language]) : baseName;
		return dubs.map((dubParams) => ({
			model,
			webhookUrl,
			label: namedByLanguage ? { language: dubParams.targetLang } : undefined,
			// A dub is as long as its video.
			durationSeconds: video.durationSeconds,
			buildBody: async () => {
				const body: IDataObject = { model, input: [await video.resolve()], dubParams };
				if (Object.keys(options).length > 0) body.options = options;
				const fileName = outputFileNameOf(dubParams.targetLang);
				if (fileName) body.outputFileName = fileName;
				return withAdditionalFields(body, additionalFields);
			},
		}));
	});
}
