import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../../shared/validation';
import { shown } from '../../../shared/validation';
import { dubbingLanguageOptions, resolveLanguage } from '../../../sync/languages';

/** Sync's `dubParams` (reference §2.1.5): the languages and speakers; ElevenLabs dubs. */

const MAX_TARGET_LANGUAGES = 20;

const AUTO_DETECT = 'auto';
const MAX_SPEAKERS = 50;
const AUTO_WORDS = new Set(['', 'auto', 'auto-detect', 'autodetect', 'auto detect']);

export interface DubParams extends IDataObject {
	providerName: 'elevenlabs';
	targetLang: string;
	sourceLang: string;
	numSpeakers?: number;
}

const EXPRESSION_HINT =
	'In an expression, use codes ("es"), English names ("Spanish") or labels from the list ("Spanish (es)")';

export const dubParamsProperties: INodeProperties[] = [
	{
		displayName: 'Target Language',
		name: 'targetLanguage',
		type: 'options',
		options: dubbingLanguageOptions,
		default: 'es',
		required: true,
		displayOptions: { show: { '@version': [1] } },
		description: `The language to dub the speech into. ${EXPRESSION_HINT}.`,
	},
	{
		displayName: 'Target Languages',
		name: 'targetLanguage',
		type: 'multiOptions',
		options: dubbingLanguageOptions,
		default: ['es'],
		required: true,
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
		description: `One or more languages to dub the speech into, at most ${MAX_TARGET_LANGUAGES} per item: one dub per language and input item, each with its own output item. ${EXPRESSION_HINT}, as a list or separated by commas.`,
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
export function readDubParams(checks: ParameterChecks, severalLanguages = false): DubParams[] {
	// Named as the panel shows it: "Target Languages" from version 1.1 on.
	const targetField = severalLanguages ? 'Target Languages' : 'Target Language';
	const language = (field: string, value: string) => {
		const code = resolveLanguage(value);
		if (code) return code;
		return checks.fail({
			field,
			rule: `is not a language Sync can dub: ${shown(value.slice(0, 60))}`,
			hint: 'Use a language code (e.g. "es"), its English name (e.g. "Spanish") or pick one from the list. Sync dubs through ElevenLabs, which supports the languages listed in this parameter.',
		});
	};
	const targets = readLanguageList(checks.read('targetLanguage', ''));
	if (targets.length === 0) checks.fail({ field: targetField, rule: 'is empty' });
	if (targets.length > MAX_TARGET_LANGUAGES) {
		checks.fail({
			field: targetField,
			rule: `may hold at most ${MAX_TARGET_LANGUAGES} languages per item`,
			got: targets.length,
		});
	}
	const targetLangs = [...new Set(targets.map((target) => language(targetField, target)))];
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
	return targetLangs.map((targetLang) => {
		const dubParams: DubParams = { providerName: 'elevenlabs', targetLang, sourceLang };
		// 0 means "let Sync count the speakers", which is also what leaving the field out means.
		if (speakers > 0) dubParams.numSpeakers = speakers;
		return dubParams;
	});
}

/** One language, several from the list, or a comma-separated text from an expression. */
function readLanguageList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return parts.map((part) => part.trim()).filter(Boolean);
}
