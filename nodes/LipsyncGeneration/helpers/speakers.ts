import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { mediaProperties } from '../../sync/descriptions';
import type { MediaSource } from '../../sync/inputs';
import { prepareMedia } from '../../sync/inputs';
import { textInput, ttsFields } from './tts';
import { parameterError } from '../../shared/errors';
import type { PreparedInput, PreparedVoice } from './voice';

/**
 * "Several Speakers": a list of voice inputs, each with a reference ID, and a list of segments
 * that say which voice plays over which part of the video (Sync's `segments`).
 */
export function speakerProperties(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Speakers',
			name: 'speakers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Speaker',
			displayOptions,
			description: 'The voices of the video, each with a reference ID the segments use',
			options: [
				{
					name: 'speaker',
					displayName: 'Speaker',
					values: [
						{
							displayName: 'Reference ID',
							name: 'refId',
							type: 'string',
							default: '',
							placeholder: 'host',
							description: 'A unique name for this voice, used by the segments',
						},
						{
							displayName: 'Voice Type',
							name: 'voiceKind',
							type: 'options',
							options: [
								{ name: 'Audio', value: 'audio' },
								{ name: 'Text to Speech (ElevenLabs)', value: 'text' },
							],
							default: 'audio',
						},
						...mediaProperties({
							name: 'audio',
							displayName: 'Audio',
							kindLabel: 'audio file',
							displayOptions: { show: { voiceKind: ['audio'] } },
						}),
						...ttsFields({ show: { voiceKind: ['text'] } }),
					],
				},
			],
		},
		{
			displayName: 'Segments',
			name: 'segments',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Segment',
			displayOptions,
			description: 'Which speaker is lip-synced over which part of the video',
			options: [
				{
					name: 'segment',
					displayName: 'Segment',
					values: [
						{
							displayName: 'Speaker Audio From (Seconds)',
							name: 'audioStartTime',
							type: 'string',
							default: '',
							placeholder: 'e.g. 1.5',
							description:
								'Optional: play the speaker audio from this point. Set both speaker audio times or neither.',
						},
						{
							displayName: 'Speaker Audio To (Seconds)',
							name: 'audioEndTime',
							type: 'string',
							default: '',
							placeholder: 'e.g. 6',
							description:
								'Optional: play the speaker audio up to this point. Set both speaker audio times or neither.',
						},
						{
							displayName: 'Speaker Reference ID',
							name: 'refId',
							type: 'string',
							default: '',
							description: 'The reference ID of the speaker whose audio plays in this segment',
						},
						{
							displayName: 'Video From (Seconds)',
							name: 'startTime',
							type: 'number',
							typeOptions: { minValue: 0, numberPrecision: 3 },
							default: 0,
							description: 'Where the segment starts in the video',
						},
						{
							displayName: 'Video To (Seconds)',
							name: 'endTime',
							type: 'number',
							typeOptions: { minValue: 0, numberPrecision: 3 },
							default: 0,
							description: 'Where the segment ends in the video (not before it starts)',
						},
					],
				},
			],
		},
	];
}

const SOURCE_FIELDS: Record<MediaSource, { key: string; label: string }> = {
	url: { key: 'audioUrl', label: 'Audio URL' },
	binary: { key: 'audioBinaryProperty', label: 'Audio Binary Property' },
	asset: { key: 'audioAssetId', label: 'Audio Asset ID' },
};

/** A time in seconds from a parameter that may be empty (undefined), else a number ≥ 0. */
function seconds(value: unknown): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		return /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	}
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : NaN;
}

/** Validates speakers and segments (unique and known reference IDs, sane times) and builds them. */
export async function prepareSpeakers(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedVoice> {
	const fail = (message: string, description?: string) =>
		parameterError(context, itemIndex, message, description);
	const speakers = context.getNodeParameter('speakers.speaker', itemIndex, []) as IDataObject[];
	const segments = context.getNodeParameter('segments.segment', itemIndex, []) as IDataObject[];
	if (!Array.isArray(speakers) || speakers.length === 0) {
		throw fail('"Speakers" is empty: add at least one speaker with a reference ID');
	}
	if (!Array.isArray(segments) || segments.length === 0) {
		throw fail(
			'"Segments" is empty: add at least one segment',
			'Each segment says which speaker plays from which start time to which end time of the video.',
		);
	}

	const refIds = new Map<string, number>();
	const inputs: PreparedInput[] = [];
	for (const [index, speaker] of speakers.entries()) {
		const label = `Speaker ${index + 1}`;
		const refId = String(speaker.refId ?? '').trim();
		if (!refId) throw fail(`${label}: "Reference ID" is empty`);
		if (refId.length > 64 || /\s/.test(refId)) {
			throw fail(`${label}: "Reference ID" must be one word of at most 64 characters, got "${refId.slice(0, 60)}"`);
		}
		if (refIds.has(refId)) {
			throw fail(
				`${label}: "Reference ID" "${refId}" is already used by speaker ${refIds.get(refId)! + 1}`,
				'Every speaker needs its own reference ID.',
			);
		}
		refIds.set(refId, index);
		const kind = String(speaker.voiceKind ?? 'audio');
		if (kind === 'text') {
			const input = { ...textInput(context, itemIndex, speaker, `${label}: `), refId };
			inputs.push({ resolve: async () => input });
			continue;
		}
		if (kind !== 'audio') throw fail(`${label}: "Voice Type" must be audio or text, got "${kind}"`);
		const source = String(speaker.audioSource ?? 'url') as MediaSource;
		const field = SOURCE_FIELDS[source];
		if (!field) throw fail(`${label}: "Audio Source" must be url, binary or asset, got "${source}"`);
		inputs.push(
			await prepareMedia(
				context,
				{
					kind: 'audio',
					source,
					value: String(speaker[field.key] ?? (source === 'binary' ? 'data' : '')),
					field: `${label} ${field.label}`,
					refId,
				},
				itemIndex,
			),
		);
	}

	const known = [...refIds.keys()].map((id) => `"${id}"`).join(', ');
	const wireSegments = segments.map((segment, index) => {
		const label = `Segment ${index + 1}`;
		const startTime = seconds(segment.startTime ?? 0);
		const endTime = seconds(segment.endTime ?? 0);
		if (startTime === undefined || Number.isNaN(startTime) || endTime === undefined || Number.isNaN(endTime)) {
			throw fail(`${label}: "Video From" and "Video To" must be numbers of seconds, 0 or more`);
		}
		if (startTime > endTime) {
			throw fail(`${label}: "Video From" (${startTime}) is after "Video To" (${endTime})`);
		}
		const refId = String(segment.refId ?? '').trim();
		if (!refId) throw fail(`${label}: "Speaker Reference ID" is empty`, `Use one of ${known}.`);
		if (!refIds.has(refId)) {
			throw fail(`${label}: "Speaker Reference ID" "${refId}" matches no speaker`, `Use one of ${known}.`);
		}
		const audioInput: IDataObject = { refId };
		const cropStart = seconds(segment.audioStartTime);
		const cropEnd = seconds(segment.audioEndTime);
		if (Number.isNaN(cropStart) || Number.isNaN(cropEnd)) {
			throw fail(`${label}: "Speaker Audio From" and "Speaker Audio To" must be empty or numbers of seconds, 0 or more`);
		}
		if ((cropStart === undefined) !== (cropEnd === undefined)) {
			throw fail(
				`${label}: set both "Speaker Audio From" and "Speaker Audio To", or neither`,
				'Both times together pick the part of the speaker audio that plays in this segment.',
			);
		}
		if (cropStart !== undefined && cropEnd !== undefined) {
			if (cropStart > cropEnd) {
				throw fail(`${label}: "Speaker Audio From" (${cropStart}) is after "Speaker Audio To" (${cropEnd})`);
			}
			audioInput.startTime = cropStart;
			audioInput.endTime = cropEnd;
		}
		return { startTime, endTime, audioInput };
	});
	return { inputs, segments: wireSegments };
}
