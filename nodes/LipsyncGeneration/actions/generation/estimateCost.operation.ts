import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPrepared } from '../../../shared/items';
import { itemChecks } from '../../../shared/validation';
import { estimateCostForDuration, estimateCostForRequest } from '../../../sync/api/generations';
import {
	generationInputProperties,
	generationModelProperty,
	generationOptionsCollection,
	prepareGenerationRequest,
	readGenerationModel,
} from '../../helpers/generationRequest';

const MAX_DURATION_SECONDS = 86_400;
const MAX_FPS = 240;
const fromInputs = { show: { estimateFrom: ['request'] } };
const fromDuration = { show: { estimateFrom: ['duration'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Estimate From',
		name: 'estimateFrom',
		type: 'options',
		options: [
			{
				name: 'Duration',
				value: 'duration',
				description: 'A model and a length in seconds; no media needed',
			},
			{
				name: 'Generation Inputs',
				value: 'request',
				description:
					'The same inputs as Create; Sync measures the media itself (binary files are uploaded to your Sync library first)',
			},
		],
		default: 'request',
	},
	generationModelProperty,
	...updateDisplayOptions(fromInputs, generationInputProperties),
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 2 },
		default: 10,
		displayOptions: fromDuration,
		description: 'Length of the output video in seconds',
	},
	{
		displayName: 'Frames per Second',
		name: 'fps',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_FPS },
		default: 30,
		displayOptions: fromDuration,
		description: 'Frame rate of the video; Sync bills per output frame',
	},
	{ ...generationOptionsCollection('estimate'), displayOptions: fromInputs },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['generation'], operation: ['estimateCost'] } },
	properties,
);

/** What a generation would cost, in USD, without creating it. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPrepared(this, async (itemIndex) => {
		const checks = itemChecks(this, itemIndex);
		const estimateFrom = checks.oneOf(checks.read('estimateFrom', 'request'), 'Estimate From', [
			'request',
			'duration',
		]);
		if (estimateFrom === 'duration') {
			const model = readGenerationModel(checks);
			const positive = { min: 0, exclusiveMin: true };
			const duration = checks.number(checks.read('duration', 10), 'Duration (Seconds)', {
				...positive,
				max: MAX_DURATION_SECONDS,
			});
			const fps = checks.number(checks.read('fps', 30), 'Frames per Second', {
				...positive,
				max: MAX_FPS,
			});
			return async () => {
				const estimate = await estimateCostForDuration(this, { model, duration, fps }, itemIndex);
				return { json: { model, duration, fps, ...estimate, currency: 'USD' } };
			};
		}
		const request = await prepareGenerationRequest(this, itemIndex, 'estimate');
		return async () => {
			const estimate = await estimateCostForRequest(this, await request.buildBody(), itemIndex);
			return { json: { model: request.model, ...estimate, currency: 'USD' } };
		};
	});
}
