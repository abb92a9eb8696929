import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';

/**
 * The lip-sync options of a generation (Sync's snake_case `options` object) and the request fields
 * that sit beside them in the node's "Options" collection: output file name and webhook URL.
 */

const SYNC_MODES = ['bounce', 'loop', 'cut_off', 'silence', 'remap'] as const;
const REACT_MODEL = 'react-1';
const MODEL_MODES = ['lips', 'face', 'head'] as const;
const EMOTIONS = ['happy', 'sad', 'angry', 'disgusted', 'surprised', 'neutral'] as const;
const OUTPUT_FILE_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const onlyReact = { show: { '/model': [REACT_MODEL] } };

/** Options that apply to every model. */
export const lipsyncOptions: INodeProperties[] = [
	{
		displayName: 'Sync Mode',
		name: 'syncMode',
		type: 'options',
		options: [
			{
				name: 'Bounce',
				value: 'bounce',
				description: 'Video shorter than audio: play it forwards and backwards to fill',
			},
			{
				name: 'Cut Off',
				value: 'cut_off',
				description: 'Audio longer than video: cut the audio at the end of the video',
			},
			{ name: 'Loop', value: 'loop', description: 'Video shorter than audio: repeat the video' },
			{
				name: 'Remap',
				value: 'remap',
				description: 'Change the video speed so both lengths match exactly',
			},
			{
				name: 'Silence',
				value: 'silence',
				description: 'Video longer than audio: pad the audio with silence',
			},
		],
		default: 'bounce',
		description: 'What to do when the video and the audio differ in length',
	},
	{
		displayName: 'Temperature',
		name: 'temperature',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.5,
		description:
			'How expressive the mouth movement is, from 0 (calm) to 1 (lively). Used by lipsync-2 and lipsync-2-pro.',
	},
	{
		displayName: 'Occlusion Detection',
		name: 'occlusionDetection',
		type: 'boolean',
		default: false,
		description:
			'Whether to handle hands or objects in front of the face (slower; sync-3 does it on its own)',
	},
	{
		displayName: 'Active Speaker Detection',
		name: 'activeSpeaker',
		type: 'options',
		options: [
			{ name: 'Off', value: 'off', description: 'Lip-sync the main face' },
			{
				name: 'Auto-Detect',
				value: 'auto',
				description: 'Let Sync find who is speaking (videos with several faces)',
			},
			{
				name: 'Point at a Face',
				value: 'coordinates',
				description: 'Pick the face at a pixel position in a given frame',
			},
		],
		default: 'off',
		description: 'Which face to lip-sync when the video shows several people',
	},
	{
		displayName: 'Speaker Frame Number',
		name: 'speakerFrame',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { activeSpeaker: ['coordinates'] } },
		description: 'The frame the coordinates refer to (0 for an image)',
	},
	{
		displayName: 'Speaker X (Pixels)',
		name: 'speakerX',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { activeSpeaker: ['coordinates'] } },
	},
	{
		displayName: 'Speaker Y (Pixels)',
		name: 'speakerY',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { activeSpeaker: ['coordinates'] } },
	},
];

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

export const outputFileNameOption: INodeProperties = {
	displayName: 'Output File Name',
	name: 'outputFileName',
	type: 'string',
	default: '',
	placeholder: 'my_video',
	description:
		"Name of the output file without extension (letters, digits, _ and -; up to 255); empty: sync-&lt;generation ID&gt;. Sync Dub adds the language (my_video-es.mp4) and, when empty, takes the input video's file name.",
};

export const webhookUrlOption: INodeProperties = {
	displayName: 'Webhook URL',
	name: 'webhookUrl',
	type: 'string',
	default: '',
	placeholder: 'https://n8n.example.com/webhook/sync-generation',
	description:
		'Sync calls this URL when the generation finishes, for example the production URL of a Generation Trigger. Not used with "Wait for Webhook".',
};

/** Sorted as n8n's lint and editor expect collection options. */
export const byDisplayName = (a: INodeProperties, b: INodeProperties) =>
	a.displayName.localeCompare(b.displayName);

export interface GenerationOptions {
	/** Sync's `options` object (snake_case). */
	options: IDataObject;
	outputFileName?: string;
	webhookUrl?: string;
}

/** Reads and checks the item's "Options" collection into Sync's request fields. */
export function readGenerationOptions(checks: ParameterChecks, model: string): GenerationOptions {
	const collection = checks.read('options', {}) as IDataObject;
	const options: IDataObject = {};
	if (collection.syncMode !== undefined) {
		options.sync_mode = checks.oneOf(collection.syncMode, 'Sync Mode', SYNC_MODES);
	}
	if (collection.temperature !== undefined) {
		options.temperature = checks.number(collection.temperature, 'Temperature', {
			min: 0,
			max: 1,
			rule: 'must be between 0 and 1',
		});
	}
	if (collection.occlusionDetection !== undefined) {
		options.occlusion_detection_enabled = checks.boolean(
			collection.occlusionDetection,
			'Occlusion Detection',
			false,
		);
	}
	if (collection.activeSpeaker === 'auto') options.active_speaker_detection = { auto_detect: true };
	if (collection.activeSpeaker === 'coordinates') {
		const coordinates = [collection.speakerX, collection.speakerY].map(Number);
		if (coordinates.some((value) => !Number.isInteger(value) || value < 0)) {
			checks.fail({
				field: ['Speaker X', 'Speaker Y'],
				rule: 'must be whole, non-negative pixel positions',
				got: [collection.speakerX, collection.speakerY],
			});
		}
		options.active_speaker_detection = {
			frame_number: checks.number(collection.speakerFrame ?? 0, 'Speaker Frame Number', {
				min: 0,
				max: Number.MAX_SAFE_INTEGER,
				integer: true,
			}),
			coordinates,
		};
	}
	Object.assign(options, readReactOptions(checks, collection, model));
	const outputFileName = checks.optionalText(collection.outputFileName);
	if (outputFileName && !OUTPUT_FILE_NAME.test(outputFileName)) {
		checks.fail({
			field: 'Output File Name',
			rule: 'may only contain letters, digits, "_" and "-" (1–255 characters)',
			got: outputFileName,
		});
	}
	return { options, outputFileName, webhookUrl: checks.optionalText(collection.webhookUrl) };
}

/**
 * The react-1 options as Sync's `model_mode` and `prompt`. n8n drops them from the parameters when
 * another model is chosen; set any other way they are refused, not silently sent.
 */
function readReactOptions(
	checks: ParameterChecks,
	collection: IDataObject,
	model: string,
): IDataObject {
	const result: IDataObject = {};
	if (collection.modelMode !== undefined) {
		result.model_mode = checks.oneOf(collection.modelMode, 'Model Mode', MODEL_MODES);
	}
	if (collection.emotion !== undefined) {
		result.prompt = checks.oneOf(collection.emotion, 'Emotion', EMOTIONS);
	}
	if (Object.keys(result).length > 0 && model !== REACT_MODEL) {
		checks.fail({
			field: ['Model Mode', 'Emotion'],
			rule: `apply only to the model react-1, not ${model}`,
			hint: 'Remove these options, or choose the model react-1.',
		});
	}
	return result;
}
