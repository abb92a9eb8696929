import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parameterError } from '../shared/errors';
import type { CompletionSettings, CompletionMode } from './completion';
import type { MediaKind, MediaSource, MediaSpec } from './inputs';

/**
 * Parameter blocks shared by the Sync action nodes, each next to the function that reads it, so a
 * parameter's name, default and meaning have one home.
 */

type ReadParameter = (name: string, fallback: unknown) => unknown;

export const SYNC_MODELS = ['sync-3', 'lipsync-2-pro', 'lipsync-2', 'lipsync-1.9.0-beta', 'react-1'] as const;

export function modelProperty(defaultModel: (typeof SYNC_MODELS)[number], displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'options',
		displayOptions,
		options: [
			{ name: 'Lipsync-1.9.0-Beta', value: 'lipsync-1.9.0-beta', description: 'Older model, kept for compatibility' },
			{ name: 'Lipsync-2', value: 'lipsync-2', description: 'Fast, good value, best for most talking-head videos' },
			{ name: 'Lipsync-2-Pro', value: 'lipsync-2-pro', description: 'Sharper mouths and teeth for close-ups and high resolution' },
			{ name: 'React-1', value: 'react-1', description: 'Also re-acts facial expression and head motion to the new voice' },
			{ name: 'Sync-3', value: 'sync-3', description: 'Newest and most natural; also animates a still image. Highest cost.' },
		],
		default: defaultModel,
		description: 'The Sync Labs model that re-animates the mouth',
	};
}

const COMPLETION_MODES: CompletionMode[] = ['none', 'poll', 'webhook'];
const waitingModes = { completion: ['poll', 'webhook'] };

export const completionProperties: INodeProperties[] = [
	{
		displayName: 'Completion',
		name: 'completion',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "Don't Wait",
				value: 'none',
				description: 'Return the PENDING generation at once; use the Generation Trigger or Get for the result',
			},
			{
				name: 'Poll Until Done',
				value: 'poll',
				description: 'Check the status until the generation finishes, then output the video',
			},
			{
				name: 'Wait for Webhook',
				value: 'webhook',
				description:
					'Pause the execution and resume when Sync calls back, without polling. n8n must be reachable over public HTTPS (WEBHOOK_URL).',
			},
		],
		default: 'poll',
		description: 'How to wait for the generation to finish',
	},
	{
		displayName:
			'The execution pauses until Sync has finished every item. If the time limit passes first, n8n continues with this node\'s input items unchanged, so check downstream that the items have a generation ID.',
		name: 'webhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { completion: ['webhook'] } },
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 10 },
		default: 1800,
		displayOptions: { show: waitingModes },
		description: 'How long to wait for the generation. Long videos can take many minutes.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		displayOptions: { show: { completion: ['poll'] } },
		description: 'The first pause between status checks; it grows up to 30 seconds',
	},
	{
		displayName: 'Download Output',
		name: 'downloadOutput',
		type: 'boolean',
		default: true,
		displayOptions: { show: waitingModes },
		description: 'Whether to download the finished video into a binary property (otherwise only its URL is returned)',
	},
	{
		displayName: 'Put Output in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		displayOptions: { show: { ...waitingModes, downloadOutput: [true] } },
		description: 'The binary property the video is written to',
	},
];

export const maxConcurrentJobsOption: INodeProperties = {
	displayName: 'Max Concurrent Jobs',
	name: 'maxConcurrentJobs',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: 1,
	description:
		'How many items run at Sync at once. Match your plan (Hobbyist 1, Creator 3, Growth 6, Scale 15); more simply queue until a slot frees up.',
};

/**
 * The completion settings (node-level: read for the first item). Numbers are checked here too,
 * since an expression can bypass the editor's limits.
 */
export function readCompletionSettings(context: { getNode(): INode }, read: ReadParameter): CompletionSettings {
	const mode = read('completion', 'poll') as CompletionMode;
	if (!COMPLETION_MODES.includes(mode)) {
		throw new NodeOperationError(context.getNode(), `"Completion" must be one of ${COMPLETION_MODES.join(', ')}, got "${mode}"`);
	}
	const number = (name: string, label: string, fallback: number, min: number, max: number) => {
		const value = Number(read(name, fallback));
		if (!Number.isFinite(value) || value < min || value > max) {
			throw new NodeOperationError(
				context.getNode(),
				`"${label}" must be a number from ${min} to ${max}, got "${read(name, fallback)}"`,
			);
		}
		return value;
	};
	const waits = mode !== 'none';
	return {
		mode,
		timeoutSeconds: waits ? number('timeout', 'Timeout (Seconds)', 1800, 1, 7 * 86_400) : 1800,
		pollIntervalSeconds: mode === 'poll' ? number('pollInterval', 'Poll Interval (Seconds)', 5, 0.01, 3600) : 5,
		download: waits && Boolean(read('downloadOutput', true)),
		binaryProperty: String(read('binaryPropertyOutput', 'data')).trim() || 'data',
		maxConcurrentJobs: Math.floor(number('options.maxConcurrentJobs', 'Max Concurrent Jobs', 1, 1, 50)),
	};
}

/** Lip-sync options that apply to every model (the `options` object of a generation). */
export const lipsyncOptions: INodeProperties[] = [
	{
		displayName: 'Sync Mode',
		name: 'syncMode',
		type: 'options',
		options: [
			{ name: 'Bounce', value: 'bounce', description: 'Video shorter than audio: play it forwards and backwards to fill' },
			{ name: 'Cut Off', value: 'cut_off', description: 'Audio longer than video: cut the audio at the end of the video' },
			{ name: 'Loop', value: 'loop', description: 'Video shorter than audio: repeat the video' },
			{ name: 'Remap', value: 'remap', description: 'Change the video speed so both lengths match exactly' },
			{ name: 'Silence', value: 'silence', description: 'Video longer than audio: pad the audio with silence' },
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
		description: 'How expressive the mouth movement is, from 0 (calm) to 1 (lively). Used by lipsync-2 and lipsync-2-pro.',
	},
	{
		displayName: 'Occlusion Detection',
		name: 'occlusionDetection',
		type: 'boolean',
		default: false,
		description: 'Whether to handle hands or objects in front of the face (slower; sync-3 does it on its own)',
	},
	{
		displayName: 'Active Speaker Detection',
		name: 'activeSpeaker',
		type: 'options',
		options: [
			{ name: 'Off', value: 'off', description: 'Lip-sync the main face' },
			{ name: 'Auto-Detect', value: 'auto', description: 'Let Sync find who is speaking (videos with several faces)' },
			{ name: 'Point at a Face', value: 'coordinates', description: 'Pick the face at a pixel position in a given frame' },
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

const SYNC_MODES = ['bounce', 'loop', 'cut_off', 'silence', 'remap'];
const OUTPUT_FILE_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export const outputFileNameOption: INodeProperties = {
	displayName: 'Output File Name',
	name: 'outputFileName',
	type: 'string',
	default: '',
	placeholder: 'my_video_es',
	description: 'Name of the output file without extension (letters, digits, _ and -; up to 255)',
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

/**
 * Reads and validates the lip-sync options of one item into Sync's snake_case `options` object,
 * plus the top-level `outputFileName` and `webhookUrl`.
 */
export function readGenerationOptions(context: IExecuteFunctions, itemIndex: number) {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fail = (message: string) => parameterError(context, itemIndex, message);
	const syncOptions: IDataObject = {};
	if (options.syncMode !== undefined) {
		if (!SYNC_MODES.includes(String(options.syncMode))) {
			throw fail(`"Sync Mode" must be one of ${SYNC_MODES.join(', ')}, got "${options.syncMode}"`);
		}
		syncOptions.sync_mode = options.syncMode;
	}
	if (options.temperature !== undefined) {
		const temperature = Number(options.temperature);
		if (!(temperature >= 0 && temperature <= 1)) throw fail(`"Temperature" must be between 0 and 1, got ${options.temperature}`);
		syncOptions.temperature = temperature;
	}
	if (options.occlusionDetection !== undefined) {
		syncOptions.occlusion_detection_enabled = Boolean(options.occlusionDetection);
	}
	if (options.activeSpeaker === 'auto') syncOptions.active_speaker_detection = { auto_detect: true };
	if (options.activeSpeaker === 'coordinates') {
		const coordinates = [options.speakerX, options.speakerY].map(Number);
		if (coordinates.some((value) => !Number.isInteger(value) || value < 0)) {
			throw fail('"Speaker X" and "Speaker Y" must be whole, non-negative pixel positions');
		}
		syncOptions.active_speaker_detection = {
			frame_number: Number(options.speakerFrame ?? 0),
			coordinates,
		};
	}
	const outputFileName = String(options.outputFileName ?? '').trim();
	if (outputFileName && !OUTPUT_FILE_NAME.test(outputFileName)) {
		throw fail(
			`"Output File Name" may only contain letters, digits, "_" and "-" (1–255 characters), got "${outputFileName.slice(0, 60)}"`,
		);
	}
	const webhookUrl = String(options.webhookUrl ?? '').trim();
	return { options: syncOptions, outputFileName: outputFileName || undefined, webhookUrl: webhookUrl || undefined };
}

/** The parameters that pick one piece of media: its source, then the URL, binary or asset id. */
export function mediaProperties(spec: {
	name: string;
	displayName: string;
	kindLabel: string;
	displayOptions?: INodeProperties['displayOptions'];
}): INodeProperties[] {
	const show = (source: MediaSource): INodeProperties['displayOptions'] => ({
		...spec.displayOptions,
		show: { ...spec.displayOptions?.show, [`${spec.name}Source`]: [source] },
	});
	return [
		{
			displayName: `${spec.displayName} Source`,
			name: `${spec.name}Source`,
			type: 'options',
			displayOptions: spec.displayOptions,
			options: [
				{ name: 'Asset ID', value: 'asset', description: `A ${spec.kindLabel} already in your Sync media library` },
				{ name: 'Binary Property', value: 'binary', description: `A ${spec.kindLabel} file in this item, uploaded to Sync by streaming` },
				{ name: 'URL', value: 'url', description: `A public URL Sync can download the ${spec.kindLabel} from` },
			],
			default: 'url',
		},
		{
			displayName: `${spec.displayName} URL`,
			name: `${spec.name}Url`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/media.mp4',
			displayOptions: show('url'),
		},
		{
			displayName: `${spec.displayName} Binary Property`,
			name: `${spec.name}BinaryProperty`,
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: show('binary'),
			description: `The binary property of the item that holds the ${spec.kindLabel}`,
		},
		{
			displayName: `${spec.displayName} Asset ID`,
			name: `${spec.name}AssetId`,
			type: 'string',
			default: '',
			required: true,
			displayOptions: show('asset'),
		},
	];
}

const SOURCE_FIELDS: Record<MediaSource, { suffix: string; label: string }> = {
	url: { suffix: 'Url', label: 'URL' },
	binary: { suffix: 'BinaryProperty', label: 'Binary Property' },
	asset: { suffix: 'AssetId', label: 'Asset ID' },
};

/** Reads what `mediaProperties` declared, for one item. */
export function readMediaSpec(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	kind: MediaKind,
	itemIndex: number,
): MediaSpec {
	const source = context.getNodeParameter(`${name}Source`, itemIndex, 'url') as MediaSource;
	const field = SOURCE_FIELDS[source];
	if (!field) {
		throw parameterError(context, itemIndex, `"${displayName} Source" must be url, binary or asset`);
	}
	return {
		kind,
		source,
		value: String(context.getNodeParameter(`${name}${field.suffix}`, itemIndex, '')),
		field: `${displayName} ${field.label}`,
	};
}
