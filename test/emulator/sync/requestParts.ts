import { isObject } from '../http';
import { dubLanguages, emotionPrompts, modelModes, syncModes } from './catalogs';
import { badRequest, unprocessable } from './errors';

/** Validators of the create request's dubParams, options and segments (reference §8.4). */

export function validateDubParams(dubParams: unknown): void {
	if (!isObject(dubParams))
		throw badRequest(['dubParams must be an object'], undefined, { field: 'dubParams' });
	const errors: string[] = [];
	const languages = dubLanguages.join(', ');
	if (dubParams.providerName !== undefined && dubParams.providerName !== 'elevenlabs') {
		errors.push('dubParams.providerName must be one of the following values: elevenlabs');
	}
	if (typeof dubParams.targetLang !== 'string' || !dubLanguages.includes(dubParams.targetLang)) {
		errors.push(`dubParams.targetLang must be one of the following values: ${languages}`);
	}
	const source = dubParams.sourceLang;
	if (
		source !== undefined &&
		(typeof source !== 'string' || (source !== 'auto' && !dubLanguages.includes(source)))
	) {
		errors.push(`dubParams.sourceLang must be one of the following values: auto, ${languages}`);
	}
	const speakers = dubParams.numSpeakers;
	if (
		speakers !== undefined &&
		(!Number.isInteger(speakers) || (speakers as number) < 0 || (speakers as number) > 50)
	) {
		errors.push('dubParams.numSpeakers must be an integer between 0 and 50');
	}
	if (errors.length > 0) throw badRequest(errors, undefined, { field: 'dubParams' });
}

export function validateOptions(options: unknown): void {
	if (!isObject(options))
		throw badRequest(['options must be an object'], undefined, { field: 'options' });
	const errors: string[] = [];
	const enumCheck = (key: string, values: readonly string[]) => {
		const value = options[key];
		if (value !== undefined && !values.includes(value as string)) {
			errors.push(`options.${key} must be one of the following values: ${values.join(', ')}`);
		}
	};
	enumCheck('sync_mode', syncModes);
	enumCheck('model_mode', modelModes);
	enumCheck('prompt', emotionPrompts);
	const temperature = options.temperature;
	if (
		temperature !== undefined &&
		(typeof temperature !== 'number' || temperature < 0 || temperature > 1)
	) {
		errors.push('options.temperature must not be less than 0 and not greater than 1');
	}
	const occlusion = options.occlusion_detection_enabled;
	if (occlusion !== undefined && typeof occlusion !== 'boolean') {
		errors.push('options.occlusion_detection_enabled must be a boolean value');
	}
	const asd = options.active_speaker_detection;
	if (asd !== undefined && !isObject(asd))
		errors.push('options.active_speaker_detection must be an object');
	if (errors.length > 0) throw badRequest(errors, undefined, { field: 'options' });
}

export function validateSegments(segments: unknown, voices: Array<Record<string, unknown>>): void {
	const invalid = (message: string) =>
		unprocessable('generation_input_segments_invalid', message, { field: 'segments' });
	if (!Array.isArray(segments))
		throw badRequest(['segments must be an array'], undefined, { field: 'segments' });
	const refIds = new Set<string>();
	for (const voice of voices) {
		const refId = voice.refId;
		if (typeof refId !== 'string' || refId === '') {
			throw invalid('Every audio/text input needs a non-empty refId when segments are used');
		}
		if (refIds.has(refId)) throw invalid(`Duplicate refId "${refId}"`);
		refIds.add(refId);
	}
	segments.forEach((segment, i) => {
		if (!isObject(segment)) throw invalid(`segments[${i}] must be an object`);
		const { startTime, endTime, audioInput } = segment;
		if (typeof startTime !== 'number' || typeof endTime !== 'number') {
			throw invalid(`segments[${i}] needs numeric startTime and endTime`);
		}
		if (startTime > endTime)
			throw invalid(`segments[${i}].startTime (${startTime}) is after endTime (${endTime})`);
		if (!isObject(audioInput) || typeof audioInput.refId !== 'string' || audioInput.refId === '') {
			throw invalid(`segments[${i}].audioInput.refId must not be empty`);
		}
		if (!refIds.has(audioInput.refId)) {
			throw invalid(`segments[${i}].audioInput.refId "${audioInput.refId}" matches no input`);
		}
		const hasStart = audioInput.startTime !== undefined;
		const hasEnd = audioInput.endTime !== undefined;
		if (hasStart !== hasEnd) {
			throw invalid(`segments[${i}].audioInput needs both startTime and endTime, or neither`);
		}
		if (hasStart && (audioInput.startTime as number) > (audioInput.endTime as number)) {
			throw invalid(`segments[${i}].audioInput.startTime is after its endTime`);
		}
	});
}
