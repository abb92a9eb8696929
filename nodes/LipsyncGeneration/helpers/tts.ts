import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';

/** Sync refuses scripts of 5,000 characters or more (`generation_text_length_exceeded`). */
const MAX_SCRIPT_CHARACTERS = 4999;

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

/**
 * Checks the ElevenLabs fields of a text input and returns it as Sync's `text` input item.
 * `label` prefixes field names for a speaker ("Speaker 2: ").
 */
export function textInput(
	checks: ParameterChecks,
	values: IDataObject,
	label: string,
): IDataObject {
	const field = (name: string) => (label ? `${label}"${name}"` : name);
	const voiceId = checks.id(values.voiceId, field('Voice ID'));
	const script = String(values.script ?? '');
	if (!script.trim()) checks.fail({ field: field('Script'), rule: 'is empty' });
	if (script.length > MAX_SCRIPT_CHARACTERS) {
		checks.fail({
			field: field('Script'),
			rule: `has ${script.length} characters; Sync accepts fewer than 5,000`,
			hint: 'Shorten the script, or split the text over several generations.',
		});
	}
	const between0And1 = { min: 0, max: 1, rule: 'must be between 0 and 1' };
	return {
		type: 'text',
		provider: {
			name: 'elevenlabs',
			voiceId,
			script,
			stability: checks.number(values.stability ?? 0.5, field('Stability'), between0And1),
			similarityBoost: checks.number(
				values.similarityBoost ?? 0.75,
				field('Similarity Boost'),
				between0And1,
			),
		},
	};
}
