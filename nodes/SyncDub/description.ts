import type { INodeProperties } from 'n8n-workflow';

import {
	completionProperties,
	lipsyncOptions,
	maxConcurrentJobsOption,
	mediaProperties,
	modelProperty,
	outputFileNameOption,
	webhookUrlOption,
} from '../sync/descriptions';
import { dubbingLanguageOptions } from '../sync/languages';
import { additionalBodyFieldsOption } from './additionalBodyFields';
import { AUTO_DETECT, MAX_SPEAKERS } from './dubParams';

const byDisplayName = (a: INodeProperties, b: INodeProperties) =>
	a.displayName.localeCompare(b.displayName);

/**
 * The parameters of the Sync Dub node. Descriptions are written so that an AI agent using the
 * node as a tool can fill them in without the docs.
 */
export const syncDubProperties: INodeProperties[] = [
	...mediaProperties({ name: 'video', displayName: 'Video', kindLabel: 'video' }),
	{
		displayName: 'Target Language',
		name: 'targetLanguage',
		type: 'options',
		options: dubbingLanguageOptions,
		default: 'es',
		required: true,
		description:
			'The language to dub the speech into. In an expression, use a code ("es"), an English name ("Spanish") or a label from the list ("Spanish (es)").',
	},
	{
		displayName: 'Source Language',
		name: 'sourceLanguage',
		type: 'options',
		options: [
			{ name: 'Auto-Detect', value: AUTO_DETECT, description: 'Let Sync detect the spoken language' },
			...dubbingLanguageOptions,
		],
		default: AUTO_DETECT,
		description: 'The language spoken in the video. Auto-Detect works for most videos.',
	},
	{
		displayName: 'Number of Speakers',
		name: 'numSpeakers',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_SPEAKERS },
		default: 0,
		description: `How many different people speak in the video, from 1 to ${MAX_SPEAKERS}; 0 lets Sync find out`,
	},
	{
		...modelProperty('lipsync-2'),
		description:
			'The model that re-animates the mouth to the dubbed speech. Lipsync-2 suits most talking-head videos at the lowest cost. Pick lipsync-2-pro for close-ups and high-resolution footage where teeth and lip detail show; pick sync-3 for the most natural result on demanding footage (highest cost).',
	},
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
