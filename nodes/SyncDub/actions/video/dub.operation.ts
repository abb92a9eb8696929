import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemChecks } from '../../../shared/validation';
import type { GenerationJob } from '../../../sync/jobs';
import { runGenerationJobs } from '../../../sync/jobs';
import { completionProperties, maxConcurrentJobsOption } from '../../../sync/parameters/completion';
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

const DEFAULT_MODEL = 'lipsync-2';
const VIDEO = { name: 'video', displayName: 'Video', kind: 'video' } as const;

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
			additionalBodyFieldsOption,
		].sort(byDisplayName),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['dub'] } },
	properties,
);

/**
 * Dubs each item's video in one Sync job: POST /v2/generate with the video as the only input and
 * `dubParams`; Sync extracts the speech, dubs it with ElevenLabs and lip-syncs the result.
 * Submitting, waiting and the output are the shared Sync pipeline (runGenerationJobs).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runGenerationJobs(this, async (itemIndex): Promise<GenerationJob> => {
		const checks = itemChecks(this, itemIndex);
		const video = await prepareMedia(this, checks, readMediaSpec(checks, VIDEO));
		const dubParams = readDubParams(checks);
		const model = readModel(checks, DEFAULT_MODEL);
		const { options, outputFileName, webhookUrl } = readGenerationOptions(checks, model);
		const additionalFields = readAdditionalBodyFields(checks);
		return {
			webhookUrl,
			buildBody: async () => {
				const body: IDataObject = { model, input: [await video.resolve()], dubParams };
				if (Object.keys(options).length > 0) body.options = options;
				if (outputFileName) body.outputFileName = outputFileName;
				return withAdditionalFields(body, additionalFields);
			},
		};
	});
}
