import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parameterError } from '../shared/errors';
import { readGenerationOptions, readMediaSpec } from '../sync/descriptions';
import { prepareMedia } from '../sync/inputs';
import type { GenerationJob } from '../sync/jobs';
import { runGenerationJobs } from '../sync/jobs';
import { readAdditionalBodyFields, withAdditionalFields } from './additionalBodyFields';
import { readDubParams } from './dubParams';

/**
 * Dubs each item's video in one Sync job: POST /v2/generate with the video as the only input and
 * `dubParams`; Sync extracts the speech, dubs it with ElevenLabs and lip-syncs the result.
 * Submitting, waiting and the output are the shared Sync pipeline (runGenerationJobs).
 */
export async function executeSyncDub(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runGenerationJobs(context, async (itemIndex): Promise<GenerationJob> => {
		const video = await prepareMedia(
			context,
			readMediaSpec(context, 'video', 'Video', 'video', itemIndex),
			itemIndex,
		);
		const dubParams = readDubParams(context, itemIndex);
		const model = String(context.getNodeParameter('model', itemIndex, 'lipsync-2') ?? '').trim();
		if (!model) {
			throw parameterError(context, itemIndex, '"Model" is empty');
		}
		const { options, outputFileName, webhookUrl } = readGenerationOptions(context, itemIndex);
		const additionalFields = readAdditionalBodyFields(context, itemIndex);

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
