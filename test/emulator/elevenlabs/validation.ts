import { ALLOWED_OUTPUT_FORMATS, isAllowedOutputFormat, type AllowedOutputFormat } from '../media';
import type { ElevenLabsConfig } from './config';
import type { CustomError, ValidationItem } from './errors';
import type { VideoToMusicForm } from './form';

/**
 * Request validation of `POST /v1/music/video-to-music` (reference §8.3), in the documented
 * order: content type, output_format and videos → size → duration → decodability →
 * description, tags, model_id, booleans. Schema (pydantic) errors are reported together as
 * FastAPI does: when the first group fails, the array also holds the later schema items.
 */

export interface VideoToMusicRequest {
	outputFormat: AllowedOutputFormat;
	videoCount: number;
	totalBytes: number;
	totalDurationSeconds: number;
	description?: string;
	tags: string[];
	modelId: string;
	signWithC2pa: boolean;
	addSfx: boolean;
	separateTracks: boolean;
	useAudioAsReference: boolean;
}

export type ValidationOutcome =
	| { ok: true; request: VideoToMusicRequest }
	| { ok: false; items: ValidationItem[] }
	| { ok: false; error: CustomError };

export interface ValidationInput {
	/** The body was multipart/form-data (else `form` is absent). */
	form?: VideoToMusicForm;
	/** Raw `output_format` query value, null when absent. */
	outputFormat: string | null;
	/** `x-fake-duration-s` header value when honoured. */
	fakeDurationSeconds?: number;
}

const BOOLEAN_FIELDS = [
	'sign_with_c2pa',
	'add_sfx',
	'separate_tracks',
	'use_audio_as_reference',
] as const;
type BooleanField = (typeof BOOLEAN_FIELDS)[number];

const TRUE_STRINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** pydantic's enum message: "Input should be 'a', 'b' or 'c'". */
function expected(values: readonly string[]): string {
	const quoted = values.map((value) => `'${value}'`);
	return quoted.length < 2
		? quoted.join('')
		: `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function enumItem(
	loc: Array<string | number>,
	values: readonly string[],
	input: unknown,
): ValidationItem {
	return {
		type: 'enum',
		loc,
		msg: `Input should be ${expected(values)}`,
		input,
		ctx: { expected: expected(values) },
	};
}

function tooLongItem(loc: Array<string | number>, max: number, input: unknown[]): ValidationItem {
	return {
		type: 'too_long',
		loc,
		msg: `List should have at most ${max} items after validation, not ${input.length}`,
		input,
		ctx: { field_type: 'List', max_length: max, actual_length: input.length },
	};
}

const missingVideos: ValidationItem = {
	type: 'missing',
	loc: ['body', 'videos'],
	msg: 'Field required',
	input: null,
};

/** Last value wins for scalar form fields, as in Starlette's FormData.get on FastAPI models. */
function lastField(fields: Array<[string, string]>, name: string): string | undefined {
	let value: string | undefined;
	for (const [key, fieldValue] of fields) if (key === name) value = fieldValue;
	return value;
}

/** Repeated `tags` fields; optionally one field holding a JSON array (Python SDK encoding). */
function collectTags(fields: Array<[string, string]>, acceptJson: boolean): string[] {
	const tags = fields.filter(([key]) => key === 'tags').map(([, value]) => value);
	if (acceptJson && tags.length === 1 && tags[0].trim().startsWith('[')) {
		try {
			const parsed = JSON.parse(tags[0]) as unknown;
			if (Array.isArray(parsed) && parsed.every((tag) => typeof tag === 'string')) return parsed;
		} catch {
			// Not JSON: one literal tag, as FastAPI would read it.
		}
	}
	return tags;
}

function headGroupItems(input: ValidationInput, config: ElevenLabsConfig): ValidationItem[] {
	const items: ValidationItem[] = [];
	if (input.outputFormat !== null && !isAllowedOutputFormat(input.outputFormat)) {
		items.push(enumItem(['query', 'output_format'], ALLOWED_OUTPUT_FORMATS, input.outputFormat));
	}
	const form = input.form;
	if (!form) {
		items.push(missingVideos);
		return items;
	}
	for (const text of form.textVideos) {
		items.push({
			type: 'value_error',
			loc: ['body', 'videos', text.index],
			msg: "Value error, Expected UploadFile, received: <class 'str'>",
			input: text.value,
			ctx: { error: {} },
		});
	}
	if (form.videos.length === 0 && form.textVideos.length === 0) items.push(missingVideos);
	const partCount = form.videos.length + form.textVideos.length;
	if (partCount > config.maxVideos) {
		const names = [...form.videos.map((v) => v.fileName), ...form.textVideos.map((t) => t.value)];
		items.push(tooLongItem(['body', 'videos'], config.maxVideos, names));
	}
	return items;
}

interface TailValues {
	description?: string;
	tags: string[];
	modelId: string;
	booleans: Record<BooleanField, boolean>;
}

function tailGroup(
	form: VideoToMusicForm | undefined,
	config: ElevenLabsConfig,
): { items: ValidationItem[]; values: TailValues } {
	const fields = form?.fields ?? [];
	const items: ValidationItem[] = [];
	const description = lastField(fields, 'description');
	if (description !== undefined) {
		const length = [...description].length;
		if (length < 1) {
			items.push({
				type: 'string_too_short',
				loc: ['body', 'description'],
				msg: 'String should have at least 1 character',
				input: description,
				ctx: { min_length: 1 },
			});
		} else if (length > config.descriptionMaxLength) {
			items.push({
				type: 'string_too_long',
				loc: ['body', 'description'],
				msg: `String should have at most ${config.descriptionMaxLength} characters`,
				input: description,
				ctx: { max_length: config.descriptionMaxLength },
			});
		}
	}
	const tags = collectTags(fields, config.acceptJsonTags);
	if (tags.length > config.maxTags) items.push(tooLongItem(['body', 'tags'], config.maxTags, tags));

	// FastAPI treats an empty form value as "not sent" for optional fields.
	const modelField = lastField(fields, 'model_id');
	const modelId =
		modelField === undefined || modelField === '' ? config.defaultModelId : modelField;
	if (!config.modelIds.includes(modelId)) {
		items.push(enumItem(['body', 'model_id'], config.modelIds, modelId));
	}
	const booleans = {} as Record<BooleanField, boolean>;
	for (const name of BOOLEAN_FIELDS) {
		const raw = lastField(fields, name);
		const value = raw?.trim().toLowerCase();
		booleans[name] = value !== undefined && TRUE_STRINGS.has(value);
		if (
			value !== undefined &&
			value !== '' &&
			!TRUE_STRINGS.has(value) &&
			!FALSE_STRINGS.has(value)
		) {
			items.push({
				type: 'bool_parsing',
				loc: ['body', name],
				msg: 'Input should be a valid boolean, unable to interpret input',
				input: raw,
			});
		}
	}
	return { items, values: { description, tags, modelId, booleans } };
}

function invalidVideos(message: string): CustomError {
	return { status: 422, code: 'invalid_parameters', message, param: 'videos' };
}

export function validateVideoToMusic(
	input: ValidationInput,
	config: ElevenLabsConfig,
): ValidationOutcome {
	const head = headGroupItems(input, config);
	const tail = tailGroup(input.form, config);
	if (head.length > 0) return { ok: false, items: [...head, ...tail.items] };
	const form = input.form!;
	const videos = [...form.videos].sort((a, b) => a.index - b.index);

	if (form.totalVideoBytes > config.maxTotalBytes) {
		const megabytes = config.maxTotalBytes / 1024 / 1024;
		const limit = Number.isInteger(megabytes) ? `${megabytes}MB` : `${config.maxTotalBytes} bytes`;
		return {
			ok: false,
			error: invalidVideos(`The total size of the videos must not exceed ${limit}.`),
		};
	}
	const measured = videos.reduce((sum, video) => sum + (video.probe?.durationSeconds ?? 0), 0);
	const totalDurationSeconds = input.fakeDurationSeconds ?? measured;
	if (totalDurationSeconds > config.maxTotalDurationSeconds) {
		return {
			ok: false,
			error: invalidVideos(
				'The total duration of the videos must not exceed ' +
					`${config.maxTotalDurationSeconds} seconds.`,
			),
		};
	}
	const undecodable = videos.findIndex(
		(video) => !video.probe?.decodable || !(video.probe.durationSeconds! > 0),
	);
	if (undecodable >= 0) {
		const video = videos[undecodable];
		return {
			ok: false,
			error: invalidVideos(
				`Could not decode video ${undecodable + 1} (${video.fileName}). ` +
					'Please upload a valid video file.',
			),
		};
	}

	if (tail.items.length > 0) return { ok: false, items: tail.items };
	const outputFormat = (input.outputFormat ?? config.defaultOutputFormat) as AllowedOutputFormat;
	const { booleans } = tail.values;
	if (
		booleans.sign_with_c2pa &&
		!outputFormat.startsWith('mp3') &&
		config.c2paNonMp3 === 'reject'
	) {
		return {
			ok: false,
			error: {
				status: 422,
				code: 'invalid_parameters',
				message: 'sign_with_c2pa is only applicable for mp3 output formats.',
				param: 'sign_with_c2pa',
			},
		};
	}
	return {
		ok: true,
		request: {
			outputFormat,
			videoCount: videos.length,
			totalBytes: form.totalVideoBytes,
			totalDurationSeconds,
			description: tail.values.description,
			tags: tail.values.tags,
			modelId: tail.values.modelId,
			signWithC2pa: booleans.sign_with_c2pa,
			addSfx: booleans.add_sfx,
			separateTracks: booleans.separate_tracks,
			useAudioAsReference: booleans.use_audio_as_reference,
		},
	};
}
