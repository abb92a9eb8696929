import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import type { CostEstimateJson } from '../../../sync/generation/costGuard';
import { estimateGeneration } from '../../../sync/generation/costGuard';
import { mediaProperties, prepareMedia, readMediaSpec } from '../../../sync/parameters/media';
import { modelProperty, readModel } from '../../../sync/parameters/model';
import { dubParamsProperties, readDubParams } from './dubParams';
import { DEFAULT_MODEL, VIDEO } from './videoInput';

const properties: INodeProperties[] = [
	...mediaProperties({ ...VIDEO, kindLabel: 'video' }),
	...dubParamsProperties,
	modelProperty(DEFAULT_MODEL, {
		description: 'The model the dub would use; the price per frame depends on it',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['estimateCost'] } },
	properties,
);

/**
 * What dubbing each item's video into its languages would cost, without submitting anything: the
 * same estimate as the cost guard of Dub (Sync measures the media; for an MP4 binary, the model
 * and its length as a fallback). One output item per language, each with the item's total.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const severalLanguages = this.getNode().typeVersion >= 1.1;
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const video = await prepareMedia(this, checks, readMediaSpec(checks, VIDEO));
		const dubs = readDubParams(checks, severalLanguages);
		const model = readModel(checks, DEFAULT_MODEL);
		return async () => {
			const estimates: Array<[string, CostEstimateJson]> = [];
			for (const dubParams of dubs) {
				const language = dubParams.targetLang;
				const estimate = await estimateGeneration(
					this,
					{
						model,
						durationSeconds: video.durationSeconds,
						buildBody: async () => ({ model, input: [await video.resolve()], dubParams }),
					},
					itemIndex,
				);
				if ('unavailable' in estimate) {
					const message = `Sync Labs could not estimate the dub into ${language}: ${estimate.unavailable}`;
					const error = new NodeApiError(this.getNode(), { message } as JsonObject, {
						message,
						description: 'Nothing was submitted. Try again later, or estimate from a URL.',
						itemIndex,
					});
					error.context.language = language;
					throw error;
				}
				estimates.push([language, estimate]);
			}
			const total = estimates.reduce(
				(sum, [, { estimatedGenerationCost }]) => sum + estimatedGenerationCost,
				0,
			);
			return estimates.map(([language, estimate]) => ({
				json: {
					language,
					model,
					...estimate,
					totalEstimatedCost: Number(total.toFixed(6)),
					languages: estimates.length,
				},
			}));
		};
	});
}
