import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';
import type { PreparedMedia } from '../../sync/parameters/media';
import { mediaProperties, mediaSpecFrom, prepareMedia } from '../../sync/parameters/media';
import { textInput, ttsFields } from './tts';

/**
 * "Several Speakers": a list of voice inputs, each with a reference ID, and a list of segments
 * that say which voice plays over which part of the video (Sync's `segments`).
 */
export function speakerProperties(
	displayOptions: INodeProperties['displayOptions'],
): INodeProperties[] {
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
							kind: 'audio',
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

/** A time in seconds from a parameter that may be empty (undefined), else a number ≥ 0. */
function seconds(value: unknown): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		return /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	}
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : NaN;
}

/** Several voices placed on the video: their inputs and Sync's `segments`. */
export interface SpeakerInputs {
	inputs: PreparedMedia[];
	segments: IDataObject[];
}

/** `Speaker 2: "Reference ID"`: a field of one entry of a fixed collection. */
const entryField = (entry: string, name: string) => `${entry}: "${name}"`;

/**
 * Checks speakers and segments (unique and known reference IDs, sane times, no two segments over
 * the same part of the video) and builds them.
 */
export async function prepareSpeakers(
	context: IExecuteFunctions,
	checks: ParameterChecks,
): Promise<SpeakerInputs> {
	const speakers = checks.read('speakers.speaker', []) as IDataObject[];
	const segments = checks.read('segments.segment', []) as IDataObject[];
	if (!Array.isArray(speakers) || speakers.length === 0) {
		checks.fail({
			field: 'Speakers',
			rule: 'is empty: add at least one speaker with a reference ID',
		});
	}
	if (!Array.isArray(segments) || segments.length === 0) {
		checks.fail({
			field: 'Segments',
			rule: 'is empty: add at least one segment',
			hint: 'Each segment says which speaker plays from which start time to which end time of the video.',
		});
	}

	const refIds = new Map<string, number>();
	const inputs: PreparedMedia[] = [];
	for (const [index, speaker] of speakers.entries()) {
		const label = `Speaker ${index + 1}`;
		const field = entryField(label, 'Reference ID');
		const refId = checks.text(speaker.refId, field);
		if (refId.length > 64 || /\s/.test(refId)) {
			checks.fail({ field, rule: 'must be one word of at most 64 characters', got: refId });
		}
		if (refIds.has(refId)) {
			checks.fail({
				field,
				rule: `"${refId}" is already used by speaker ${refIds.get(refId)! + 1}`,
				hint: 'Every speaker needs its own reference ID.',
			});
		}
		refIds.set(refId, index);
		const kind = checks.oneOf(speaker.voiceKind ?? 'audio', entryField(label, 'Voice Type'), [
			'audio',
			'text',
		]);
		if (kind === 'text') {
			const input = { ...textInput(checks, speaker, `${label}: `), refId };
			inputs.push({ resolve: async () => input });
			continue;
		}
		const spec = mediaSpecFrom(
			checks,
			{ name: 'audio', displayName: `${label} Audio`, kind: 'audio', refId },
			(suffix, fallback) => speaker[`audio${suffix}`] ?? fallback,
		);
		inputs.push(await prepareMedia(context, checks, spec));
	}

	const known = [...refIds.keys()].map((id) => `"${id}"`).join(', ');
	const wireSegments = segments.map((segment, index) => {
		const label = `Segment ${index + 1}`;
		const startTime = seconds(segment.startTime ?? 0);
		const endTime = seconds(segment.endTime ?? 0);
		if (
			startTime === undefined ||
			Number.isNaN(startTime) ||
			endTime === undefined ||
			Number.isNaN(endTime)
		) {
			checks.fail({
				field: [entryField(label, 'Video From'), '"Video To"'],
				rule: 'must be numbers of seconds, 0 or more',
			});
		}
		if (startTime > endTime) {
			checks.fail({
				field: entryField(label, 'Video From'),
				rule: `(${startTime}) is after "Video To" (${endTime})`,
			});
		}
		const refField = entryField(label, 'Speaker Reference ID');
		const refId = checks.text(segment.refId, refField, `Use one of ${known}.`);
		if (!refIds.has(refId)) {
			checks.fail({
				field: refField,
				rule: `"${refId}" matches no speaker`,
				hint: `Use one of ${known}.`,
			});
		}
		const audioInput: IDataObject = { refId };
		const cropStart = seconds(segment.audioStartTime);
		const cropEnd = seconds(segment.audioEndTime);
		const cropFields = [entryField(label, 'Speaker Audio From'), '"Speaker Audio To"'];
		if (Number.isNaN(cropStart) || Number.isNaN(cropEnd)) {
			checks.fail({ field: cropFields, rule: 'must be empty or numbers of seconds, 0 or more' });
		}
		if ((cropStart === undefined) !== (cropEnd === undefined)) {
			checks.fail({
				field: cropFields,
				rule: 'must be set together, or neither',
				hint: 'Both times together pick the part of the speaker audio that plays in this segment.',
			});
		}
		if (cropStart !== undefined && cropEnd !== undefined) {
			if (cropStart > cropEnd) {
				checks.fail({
					field: entryField(label, 'Speaker Audio From'),
					rule: `(${cropStart}) is after "Speaker Audio To" (${cropEnd})`,
				});
			}
			audioInput.startTime = cropStart;
			audioInput.endTime = cropEnd;
		}
		return { startTime, endTime, audioInput };
	});
	checkNoOverlap(checks, wireSegments);
	return { inputs, segments: wireSegments };
}

/** Two segments over the same stretch of video would give the mouth two voices at once. */
function checkNoOverlap(
	checks: ParameterChecks,
	segments: Array<{ startTime: number; endTime: number }>,
) {
	const ordered = segments
		.map((segment, index) => ({ ...segment, number: index + 1 }))
		.sort((a, b) => a.startTime - b.startTime || a.endTime - b.endTime);
	for (let index = 1; index < ordered.length; index += 1) {
		const [before, after] = [ordered[index - 1], ordered[index]];
		if (after.startTime < before.endTime) {
			checks.fail({
				field: entryField(`Segment ${after.number}`, 'Video From'),
				rule: `(${after.startTime}) overlaps segment ${before.number} (${before.startTime}–${before.endTime} s)`,
				hint: 'Each part of the video can be lip-synced to one speaker only. Let segments meet (one ends where the next starts) without overlapping.',
			});
		}
	}
}
