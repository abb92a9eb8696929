import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../../shared/validation';
import { shown } from '../../../shared/validation';
import { dubbingLanguageOptions, resolveLanguage } from '../../../sync/languages';

/** Sync's `dubParams` (reference §2.1.5): the languages and speakers; ElevenLabs dubs. */

const AUTO_DETECT = 'auto';
const MAX_SPEAKERS = 50;
const AUTO_WORDS = new Set(['', 'auto', 'auto-detect', 'autodetect', 'auto detect']);

export interface DubParams extends IDataObject {
	providerName: 'elevenlabs';
	targetLang: string;
	sourceLang: string;
	numSpeakers?: number;
}

export const dubParamsProperties: INodeProperties[] = [
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
			{
				name: 'Auto-Detect',
				value: AUTO_DETECT,
				description: 'Let Sync detect the spoken language',
			},
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
];

/**
 * Reads the dubbing parameters of one item. Languages may come from expressions, so codes
 * ("es"), names ("Spanish") and list labels ("Spanish (es)") are all accepted; anything else is
 * refused here, before any request, naming the value and the item.
 */
export function readDubParams(checks: ParameterChecks): DubParams {
	const language = (field: string, value: string) => {
		const code = resolveLanguage(value);
		if (code) return code;
		return checks.fail({
			field,
			rule: `is not a language Sync can dub: ${shown(value.slice(0, 60))}`,
			hint: 'Use a language code (e.g. "es"), its English name (e.g. "Spanish") or pick one from the list. Sync dubs through ElevenLabs, which supports the languages listed in this parameter.',
		});
	};
	const targetLang = language(
		'Target Language',
		checks.text(checks.read('targetLanguage', ''), 'Target Language'),
	);
	const source = String(checks.read('sourceLanguage', AUTO_DETECT) ?? '').trim();
	const sourceLang = AUTO_WORDS.has(source.toLowerCase())
		? AUTO_DETECT
		: language('Source Language', source);
	const speakers = checks.number(checks.read('numSpeakers', 0) ?? 0, 'Number of Speakers', {
		min: 0,
		max: MAX_SPEAKERS,
		integer: true,
		rule: `must be a whole number from 0 (automatic) to ${MAX_SPEAKERS}`,
	});
	const dubParams: DubParams = { providerName: 'elevenlabs', targetLang, sourceLang };
	// 0 means "let Sync count the speakers", which is also what leaving the field out means.
	if (speakers > 0) dubParams.numSpeakers = speakers;
	return dubParams;
}
