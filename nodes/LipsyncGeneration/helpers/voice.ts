import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';
import type { PreparedMedia } from '../../sync/parameters/media';
import { mediaProperties, prepareMedia, readMediaSpec } from '../../sync/parameters/media';
import { prepareSpeakers, speakerProperties } from './speakers';
import { textInput, ttsFields } from './tts';

/** The voice of a generation, checked: its inputs and, for several speakers, the segments. */
export interface PreparedVoice {
	inputs: PreparedMedia[];
	segments?: IDataObject[];
}

const VOICE_INPUTS = ['audio', 'text', 'speakers'] as const;

export const voiceProperties: INodeProperties[] = [
	{
		displayName: 'Voice Input',
		name: 'voiceInput',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio', description: 'A recording of the new speech' },
			{
				name: 'Several Speakers',
				value: 'speakers',
				description: 'Several voices (audio or text), each placed on the video by time segments',
			},
			{
				name: 'Text to Speech (ElevenLabs)',
				value: 'text',
				description: 'A script spoken by an ElevenLabs voice',
			},
		],
		default: 'audio',
		description: 'What the person in the video should say',
	},
	...mediaProperties({
		name: 'audio',
		displayName: 'Audio',
		kind: 'audio',
		kindLabel: 'audio file',
		displayOptions: { show: { voiceInput: ['audio'] } },
	}),
	...ttsFields({ show: { voiceInput: ['text'] } }),
	...speakerProperties({ show: { voiceInput: ['speakers'] } }),
];

/** Checks the voice input of one item: audio, a script, or several speakers with segments. */
export async function prepareVoice(
	context: IExecuteFunctions,
	checks: ParameterChecks,
): Promise<PreparedVoice> {
	const voiceInput = checks.oneOf(checks.read('voiceInput', 'audio'), 'Voice Input', VOICE_INPUTS);
	if (voiceInput === 'audio') {
		const spec = readMediaSpec(checks, { name: 'audio', displayName: 'Audio', kind: 'audio' });
		return { inputs: [await prepareMedia(context, checks, spec)] };
	}
	if (voiceInput === 'text') {
		const values: IDataObject = {};
		for (const name of ['voiceId', 'script', 'stability', 'similarityBoost']) {
			values[name] = checks.read(name, undefined) as IDataObject[string];
		}
		const input = textInput(checks, values, '');
		return { inputs: [{ resolve: async () => input }] };
	}
	return await prepareSpeakers(context, checks);
}
