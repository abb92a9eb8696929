import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runForAllItems, runPrepared } from '../../../shared/items';
import { nodeChecks } from '../../../shared/validation';
import { LIMITS } from '../../../elevenLabs/parameters/limits';
import {
	DEFAULT_OUTPUT_FORMAT,
	OUTPUT_FORMAT_OPTIONS,
} from '../../../elevenLabs/parameters/outputFormats';
import { DEFAULT_MODEL } from '../../../elevenLabs/parameters/models';
import { readMaxConcurrentRequests } from '../../helpers/settings';
import { prepareSoundtrack } from '../../helpers/soundtrack';

/**
 * The parameters of "Compose a soundtrack". Descriptions are written so that an AI agent using
 * the node as a tool can fill them in without the docs.
 */
const properties: INodeProperties[] = [
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary Files',
				value: 'binary',
				description:
					'Videos attached to the input item as binary data (e.g. from Read/Write Files or HTTP Request)',
			},
			{
				name: 'URLs',
				value: 'url',
				description: 'Public video URLs; the node downloads them (streamed) and uploads the files',
			},
		],
		default: 'binary',
		description: 'Where the videos come from',
	},
	{
		displayName: 'Use All Binary Properties',
		name: 'allBinaryProperties',
		type: 'boolean',
		default: false,
		displayOptions: { show: { videoSource: ['binary'] } },
		description: 'Whether to send every binary property of the item as a video, in their order',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'data, intro, outro',
		displayOptions: { show: { videoSource: ['binary'], allBinaryProperties: [false] } },
		hint: 'One name, or several separated by commas',
		description: `Names of the binary properties that hold the videos. Several videos are combined in the given order into one soundtrack (at most ${LIMITS.maxVideos} videos, ${LIMITS.maxTotalMegabytes} MB and ${LIMITS.maxTotalSeconds} seconds in all).`,
	},
	{
		displayName: 'Video URLs',
		name: 'videoUrls',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/scene-1.mp4',
		typeOptions: { rows: 2 },
		displayOptions: { show: { videoSource: ['url'] } },
		hint: 'One URL per line (or separated by commas)',
		description: `HTTP(S) URLs of the videos, combined in the given order into one soundtrack (at most ${LIMITS.maxVideos} videos, ${LIMITS.maxTotalMegabytes} MB and ${LIMITS.maxTotalSeconds} seconds in all). They must be reachable without credentials.`,
	},
	{
		displayName: 'Combine All Input Items',
		name: 'combineItems',
		type: 'boolean',
		default: false,
		description:
			'Whether to send the videos of every input item, in item order, as one request: one soundtrack for all of them, returned as a single output item. Description, tags and settings are taken from the first item.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Warm acoustic guitar, slow build, hopeful ending',
		description: `Optional text describing the music to compose, ${LIMITS.minDescriptionLength}–${LIMITS.maxDescriptionLength.toLocaleString('en-US')} characters. Describe mood, genre and instruments; do not name artists, bands or copyrighted songs (ElevenLabs refuses them).`,
	},
	{
		displayName: 'Style Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'cinematic, ambient, upbeat',
		description: `Optional style tags separated by commas, at most ${LIMITS.maxTags}, e.g. "cinematic, ambient"`,
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			{
				name: 'Music V1 (Deprecated)',
				value: 'music_v1',
				description: 'The first music model; still the API default, but deprecated by ElevenLabs',
			},
			{
				name: 'Music V2 (Recommended)',
				value: 'music_v2',
				description: 'The current music model, recommended by ElevenLabs',
			},
			{
				name: 'Music V2.5',
				value: 'music_v2_5',
				description: 'The newest music model; may not be enabled on every account yet',
			},
		],
		default: DEFAULT_MODEL,
		description: 'Which ElevenLabs music model composes the soundtrack',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: OUTPUT_FORMAT_OPTIONS,
		default: DEFAULT_OUTPUT_FORMAT,
		description:
			'Codec, sample rate and bitrate of the soundtrack. MP3 192 kbps needs the Creator plan or above and PCM 44.1 kHz the Pro plan or above; every other format works on any paid plan.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Sound Effects',
				name: 'addSoundEffects',
				type: 'boolean',
				default: false,
				description: 'Whether to add sound effects that follow what happens in the video',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrentRequests',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 1, maxValue: LIMITS.maxConcurrentRequests },
				description:
					'How many items are sent to ElevenLabs at once. Music allows only 2 requests in parallel on Starter, Creator and Pro plans (3 on Scale and Business); extra requests wait for a free slot.',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyOutput',
				type: 'string',
				default: 'data',
				description: 'Name of the binary property the soundtrack (or ZIP) is written to',
			},
			{
				displayName: 'Separate Tracks',
				name: 'separateTracks',
				type: 'boolean',
				default: false,
				description:
					'Whether to return music and sound effects as separate tracks. The output is then a ZIP file (application/zip) holding one audio file per track.',
			},
			{
				displayName: 'Sign With C2PA',
				name: 'signWithC2pa',
				type: 'boolean',
				default: false,
				description:
					'Whether to embed a C2PA content-credentials signature marking the audio as AI-generated. Only for MP3 output formats.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				default: 600,
				typeOptions: { minValue: 30, maxValue: LIMITS.maxTimeoutSeconds },
				description:
					'How long to wait for ElevenLabs to upload, compose and return one soundtrack. Several videos take longer.',
			},
			{
				displayName: "Use the Video's Audio as Reference",
				name: 'useAudioAsReference',
				type: 'boolean',
				default: false,
				description:
					"Whether ElevenLabs should analyse the video's own audio (genre, tempo, instruments, mood) and follow it",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['soundtrack'], operation: ['compose'] } },
	properties,
);

/**
 * One soundtrack per item, or one for all items with "Combine All Input Items". Every item's
 * settings and videos are checked before the first video is fetched or sent.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const checks = nodeChecks(this);
	const itemCount = this.getInputData().length;
	if (
		checks.boolean(checks.read('combineItems', false), 'Combine All Input Items', false) &&
		itemCount > 0
	) {
		return await composeForAllItems(this, itemCount);
	}
	const concurrency = readMaxConcurrentRequests(checks);
	return await runPrepared(
		this,
		async (itemIndex) => await prepareSoundtrack(this, [itemIndex]),
		concurrency,
	);
}

/** One request for the videos of every item; its output (or error) is paired with all of them. */
async function composeForAllItems(
	context: IExecuteFunctions,
	itemCount: number,
): Promise<INodeExecutionData[]> {
	const itemIndices = Array.from({ length: itemCount }, (_, index) => index);
	return await runForAllItems(context, async () => {
		const compose = await prepareSoundtrack(context, itemIndices);
		return await compose();
	});
}
