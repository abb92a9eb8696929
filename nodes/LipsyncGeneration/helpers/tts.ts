import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from '../../shared/errors';

/** Sync refuses scripts of 5,000 characters or more (`generation_text_length_exceeded`). */
export const MAX_SCRIPT_CHARACTERS = 4999;

/** The ElevenLabs voice fields, shared by the single text input and by each speaker. */
export function ttsFields(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Voice ID',
			name: 'voiceId',
			type: 'string',
			default: '',
			required: true,
			displayOptions,
			placeholder: '21m00Tcm4TlvDq8ikWAM',
			description: 'An ElevenLabs voice ID, or the ID of a voice cloned in Sync Studio',
		},
		{
			displayName: 'Script',
			name: 'script',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			displayOptions,
			description: 'The text the voice speaks (fewer than 5,000 characters)',
		},
		{
			displayName: 'Stability',
			name: 'stability',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.5,
			displayOptions,
			description: 'Lower is more expressive and varied, higher is steadier (0 to 1)',
		},
		{
			displayName: 'Similarity Boost',
			name: 'similarityBoost',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.75,
			displayOptions,
			description: 'How closely the speech follows the original voice (0 to 1)',
		},
	];
}

/** Checks the ElevenLabs fields of a text input and returns it as Sync's `text` input item. */
export function textInput(
	context: IExecuteFunctions,
	itemIndex: number,
	values: IDataObject,
	label: string,
): IDataObject {
	const fail = (message: string, description?: string) =>
		parameterError(context, itemIndex, `${label}${message}`, description);
	const voiceId = String(values.voiceId ?? '').trim();
	if (!voiceId) throw fail('"Voice ID" is empty');
	if (voiceId.length > 128 || /\s/.test(voiceId)) {
		throw fail(`"Voice ID" is not a valid voice ID: "${voiceId.slice(0, 60)}"`);
	}
	const script = String(values.script ?? '');
	if (!script.trim()) throw fail('"Script" is empty');
	if (script.length > MAX_SCRIPT_CHARACTERS) {
		throw fail(
			`"Script" has ${script.length} characters; Sync accepts fewer than 5,000`,
			'Shorten the script, or split the text over several generations.',
		);
	}
	const provider: IDataObject = { name: 'elevenlabs', voiceId, script };
	for (const [key, displayName, fallback] of [
		['stability', 'Stability', 0.5],
		['similarityBoost', 'Similarity Boost', 0.75],
	] as const) {
		const raw = values[key] ?? fallback;
		const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
		if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
			throw fail(`"${displayName}" must be between 0 and 1, got ${JSON.stringify(raw)}`);
		}
		provider[key] = value;
	}
	return { type: 'text', provider };
}
