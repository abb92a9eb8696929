import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../shared/errors';
import { resolveLanguage } from '../sync/languages';

export const AUTO_DETECT = 'auto';
export const MAX_SPEAKERS = 50;

/** Sync's `dubParams` for one item (reference §2.1.5); ElevenLabs is the only dubbing provider. */
export interface DubParams extends IDataObject {
	providerName: 'elevenlabs';
	targetLang: string;
	sourceLang: string;
	numSpeakers?: number;
}

const AUTO_WORDS = new Set(['', 'auto', 'auto-detect', 'autodetect', 'auto detect']);

/**
 * Reads the dubbing parameters of one item. Languages may come from expressions, so codes
 * ("es"), names ("Spanish") and list labels ("Spanish (es)") are all accepted; anything else is
 * refused here, before any request, naming the value and the item.
 */
export function readDubParams(context: IExecuteFunctions, itemIndex: number): DubParams {
	const fail = (message: string, description?: string) =>
		parameterError(context, itemIndex, message, description);
	const unknownLanguage = (field: string, value: string) =>
		fail(
			`"${field}" is not a language Sync can dub: "${value.slice(0, 60)}"`,
			'Use a language code (e.g. "es"), its English name (e.g. "Spanish") or pick one from the list. Sync dubs through ElevenLabs, which supports the languages listed in this parameter.',
		);

	const targetValue = String(context.getNodeParameter('targetLanguage', itemIndex, '') ?? '').trim();
	if (!targetValue) throw fail('"Target Language" is empty');
	const targetLang = resolveLanguage(targetValue);
	if (!targetLang) throw unknownLanguage('Target Language', targetValue);

	const sourceValue = String(context.getNodeParameter('sourceLanguage', itemIndex, AUTO_DETECT) ?? '').trim();
	const sourceLang = AUTO_WORDS.has(sourceValue.toLowerCase()) ? AUTO_DETECT : resolveLanguage(sourceValue);
	if (!sourceLang) throw unknownLanguage('Source Language', sourceValue);

	const rawSpeakers = context.getNodeParameter('numSpeakers', itemIndex, 0) ?? 0;
	const speakers = Number(rawSpeakers);
	if (!Number.isInteger(speakers) || speakers < 0 || speakers > MAX_SPEAKERS) {
		throw fail(
			`"Number of Speakers" must be a whole number from 0 (automatic) to ${MAX_SPEAKERS}, got ${String(rawSpeakers).slice(0, 30)}`,
		);
	}

	const dubParams: DubParams = { providerName: 'elevenlabs', targetLang, sourceLang };
	// 0 means "let Sync count the speakers", which is also what leaving the field out means.
	if (speakers > 0) dubParams.numSpeakers = speakers;
	return dubParams;
}
