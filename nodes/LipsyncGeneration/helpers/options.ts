import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	lipsyncOptions,
	maxConcurrentJobsOption,
	outputFileNameOption,
	webhookUrlOption,
} from '../../sync/descriptions';
import { parameterError } from '../../shared/errors';

const REACT_MODEL = 'react-1';
const MODEL_MODES = ['lips', 'face', 'head'];
const EMOTIONS = ['happy', 'sad', 'angry', 'disgusted', 'surprised', 'neutral'];
const onlyReact = { show: { '/model': [REACT_MODEL] } };

/** Options only react-1 understands; shown only when it is the model. */
export const reactOptions: INodeProperties[] = [
	{
		displayName: 'Model Mode (React-1)',
		name: 'modelMode',
		type: 'options',
		displayOptions: onlyReact,
		options: [
			{ name: 'Face', value: 'face', description: 'Mouth and facial expression (default)' },
			{ name: 'Head', value: 'head', description: 'Mouth, expression and head movement' },
			{ name: 'Lips', value: 'lips', description: 'Only the mouth' },
		],
		default: 'face',
		description: 'How much of the face react-1 may re-animate',
	},
	{
		displayName: 'Emotion (React-1)',
		name: 'emotion',
		type: 'options',
		displayOptions: onlyReact,
		options: EMOTIONS.map((emotion) => ({
			name: emotion.charAt(0).toUpperCase() + emotion.slice(1),
			value: emotion,
		})),
		default: 'neutral',
		description: 'The emotion react-1 gives the performance',
	},
];

/** Which of the shared options an operation offers. */
export type OptionsPurpose = 'create' | 'estimate' | 'batch';

/** The "Options" collection of the operations that describe a generation. */
export function generationOptionsCollection(purpose: OptionsPurpose): INodeProperties {
	const options = [...lipsyncOptions, ...reactOptions];
	if (purpose !== 'estimate') options.push(outputFileNameOption);
	if (purpose === 'create') options.push(webhookUrlOption, maxConcurrentJobsOption);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * The react-1 options of one item, as Sync's `model_mode` and `prompt`. n8n drops them from the
 * parameters when another model is chosen; set any other way they are refused, not silently sent.
 */
export function readReactOptions(
	context: IExecuteFunctions,
	model: string,
	itemIndex: number,
): IDataObject {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const result: IDataObject = {};
	if (options.modelMode !== undefined) {
		if (!MODEL_MODES.includes(String(options.modelMode))) {
			throw parameterError(
				context,
				itemIndex,
				`"Model Mode" must be one of ${MODEL_MODES.join(', ')}, got "${options.modelMode}"`,
			);
		}
		result.model_mode = options.modelMode;
	}
	if (options.emotion !== undefined) {
		if (!EMOTIONS.includes(String(options.emotion))) {
			throw parameterError(
				context,
				itemIndex,
				`"Emotion" must be one of ${EMOTIONS.join(', ')}, got "${options.emotion}"`,
			);
		}
		result.prompt = options.emotion;
	}
	if (Object.keys(result).length > 0 && model !== REACT_MODEL) {
		throw parameterError(
			context,
			itemIndex,
			`"Model Mode" and "Emotion" apply only to the model react-1, not ${model}`,
			'Remove these options, or choose the model react-1.',
		);
	}
	return result;
}
