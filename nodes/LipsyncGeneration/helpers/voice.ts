import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { mediaProperties, readMediaSpec } from '../../sync/descriptions';
import { prepareMedia } from '../../sync/inputs';
import { prepareSpeakers, speakerProperties } from './speakers';
import { textInput, ttsFields } from './tts';
import { parameterError } from '../../shared/errors';

/** One voice input, validated; `resolve` does the I/O (an upload for binaries) at submit time. */
export interface PreparedInput {
	resolve(): Promise<IDataObject>;
}

export interface PreparedVoice {
	inputs: PreparedInput[];
	/** Only for several speakers: which voice plays when. */
	segments?: IDataObject[];
}

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
		kindLabel: 'audio file',
		displayOptions: { show: { voiceInput: ['audio'] } },
	}),
	...ttsFields({ show: { voiceInput: ['text'] } }),
	...speakerProperties({ show: { voiceInput: ['speakers'] } }),
];

/** Validates the voice input of one item: audio, a script, or several speakers with segments. */
export async function prepareVoice(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedVoice> {
	const voiceInput = String(context.getNodeParameter('voiceInput', itemIndex, 'audio'));
	if (voiceInput === 'audio') {
		const spec = readMediaSpec(context, 'audio', 'Audio', 'audio', itemIndex);
		return { inputs: [await prepareMedia(context, spec, itemIndex)] };
	}
	if (voiceInput === 'text') {
		const values: IDataObject = {};
		for (const name of ['voiceId', 'script', 'stability', 'similarityBoost']) {
			values[name] = context.getNodeParameter(name, itemIndex, undefined) as IDataObject[string];
		}
		const input = textInput(context, itemIndex, values, '');
		return { inputs: [{ resolve: async () => input }] };
	}
	if (voiceInput === 'speakers') return await prepareSpeakers(context, itemIndex);
	throw parameterError(
		context,
		itemIndex,
		`"Voice Input" must be audio, text or speakers, got "${voiceInput}"`,
	);
}
