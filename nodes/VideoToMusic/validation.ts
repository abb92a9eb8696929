import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { DEFAULT_MODEL } from './description';
import { LIMITS } from './limits';
import type { OutputFormat } from './outputFormats';
import { DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMAT_VALUES, outputFormat } from './outputFormats';

export const MODELS = ['music_v1', 'music_v2', 'music_v2_5'] as const;
export type MusicModel = (typeof MODELS)[number];

/** Everything about one request except the videos, validated. */
export interface SoundtrackSettings {
	description?: string;
	tags: string[];
	model: MusicModel;
	format: OutputFormat;
	/** Sent only when the user set them, so the API's own defaults apply otherwise. */
	flags: Partial<Record<'sign_with_c2pa' | 'add_sfx' | 'separate_tracks' | 'use_audio_as_reference', boolean>>;
	binaryPropertyOutput: string;
	timeoutMs: number;
}

/** Parameter display names, so every message names the field the user sees. */
const FIELD_NAMES: Record<string, string> = {
	description: 'Description',
	tags: 'Style Tags',
	model: 'Model',
	outputFormat: 'Output Format',
	signWithC2pa: 'Sign With C2PA',
	binaryPropertyOutput: 'Output Binary Field',
	timeoutSeconds: 'Timeout (Seconds)',
	maxConcurrentRequests: 'Max Concurrent Requests',
	videoUrls: 'Video URLs',
	binaryPropertyName: 'Input Binary Field(s)',
};

const codePoints = (text: string) => [...text].length;
const formatCount = (count: number) => count.toLocaleString('en-US');

const settingsSchema = z
	.object({
		description: z
			.string()
			.transform((text) => text.trim())
			.refine((text) => codePoints(text) <= LIMITS.maxDescriptionLength, (text) => ({
				message: `must be at most ${formatCount(LIMITS.maxDescriptionLength)} characters (it has ${formatCount(codePoints(text))})`,
			})),
		tags: z
			.array(z.string().min(1, 'must not contain empty tags'))
			.max(LIMITS.maxTags, `must hold at most ${LIMITS.maxTags} tags`),
		model: z.enum(MODELS, {
			errorMap: () => ({ message: `must be one of ${MODELS.join(', ')}` }),
		}),
		outputFormat: z.enum(OUTPUT_FORMAT_VALUES, {
			errorMap: () => ({ message: `must be one of the ${OUTPUT_FORMAT_VALUES.length} ElevenLabs output formats, e.g. ${DEFAULT_OUTPUT_FORMAT}` }),
		}),
		options: z.object({
			signWithC2pa: z.boolean().optional(),
			addSoundEffects: z.boolean().optional(),
			separateTracks: z.boolean().optional(),
			useAudioAsReference: z.boolean().optional(),
			binaryPropertyOutput: z
				.string()
				.trim()
				.min(1, 'must name a binary property, e.g. "data"')
				.default('data'),
			timeoutSeconds: z
				.number()
				.min(30, 'must be at least 30 seconds')
				.max(LIMITS.maxTimeoutSeconds, `must be at most ${LIMITS.maxTimeoutSeconds} seconds`)
				.default(LIMITS.defaultTimeoutSeconds),
		}),
	})
	.superRefine((settings, context) => {
		// C2PA signing exists only for MP3; refuse it before anything is uploaded.
		if (settings.options.signWithC2pa && !settings.outputFormat.startsWith('mp3_')) {
			context.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['options', 'signWithC2pa'],
				message: `works only with MP3 output formats, not ${settings.outputFormat}. Pick an MP3 format or turn signing off`,
			});
		}
	});

/** Splits a comma-separated list (or takes an array from an expression), dropping blanks. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Turns a zod failure into the error the user sees: field, limit and item. */
export function invalidParameterError(
	context: IExecuteFunctions,
	error: z.ZodError,
	itemIndex: number,
): NodeOperationError {
	const issue = error.issues[0];
	const key = [...issue.path].reverse().find((part) => typeof part === 'string' && part in FIELD_NAMES);
	const field = FIELD_NAMES[String(key)] ?? issue.path.join('.');
	return new NodeOperationError(context.getNode(), `"${field}" ${issue.message} (item ${itemIndex})`, {
		itemIndex,
		description: 'Nothing was sent to ElevenLabs. Fix the parameter and run the node again.',
	});
}

/** Reads and validates the item's generation settings; throws before any request. */
export function readSettings(context: IExecuteFunctions, itemIndex: number): SoundtrackSettings {
	const raw = {
		description: context.getNodeParameter('description', itemIndex, '') ?? '',
		tags: splitList(context.getNodeParameter('tags', itemIndex, '')),
		model: context.getNodeParameter('model', itemIndex, DEFAULT_MODEL),
		outputFormat: context.getNodeParameter('outputFormat', itemIndex, DEFAULT_OUTPUT_FORMAT),
		options: context.getNodeParameter('options', itemIndex, {}),
	};
	const parsed = settingsSchema.safeParse(raw);
	if (!parsed.success) throw invalidParameterError(context, parsed.error, itemIndex);
	const { description, tags, model, options } = parsed.data;
	const flags: SoundtrackSettings['flags'] = {
		sign_with_c2pa: options.signWithC2pa,
		add_sfx: options.addSoundEffects,
		separate_tracks: options.separateTracks,
		use_audio_as_reference: options.useAudioAsReference,
	};
	return {
		// An empty description is left out: the API refuses an empty string (min 1 character).
		description: description.length > 0 ? description : undefined,
		tags,
		model,
		format: outputFormat(parsed.data.outputFormat) as OutputFormat,
		flags: Object.fromEntries(
			Object.entries(flags).filter(([, value]) => value !== undefined),
		) as SoundtrackSettings['flags'],
		binaryPropertyOutput: options.binaryPropertyOutput,
		timeoutMs: options.timeoutSeconds * 1000,
	};
}

/** "Max Concurrent Requests" of the run (a node setting, read from the first item). */
export function readMaxConcurrentRequests(context: IExecuteFunctions): number {
	const value = context.getNodeParameter('options.maxConcurrentRequests', 0, 2);
	const parsed = z
		.number()
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.max(LIMITS.maxConcurrentRequests, `must be at most ${LIMITS.maxConcurrentRequests}`)
		.safeParse(value);
	if (!parsed.success) {
		throw invalidParameterError(
			context,
			new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ['maxConcurrentRequests'] }))),
			0,
		);
	}
	return parsed.data;
}

/** Video URLs: one per line, or separated by commas (only where a new URL starts, as URLs may hold commas). */
export function readVideoUrls(context: IExecuteFunctions, itemIndex: number): string[] {
	const value = context.getNodeParameter('videoUrls', itemIndex, '');
	const parts = Array.isArray(value)
		? value.map(String)
		: String(value ?? '').split(/\s+|,(?=\s*https?:\/\/)/i);
	const urls = parts.map((part) => part.trim().replace(/,$/, '')).filter(Boolean);
	const urlSchema = z
		.array(
			z
				.string()
				.url('must hold valid URLs')
				.refine((url) => /^https?:\/\//i.test(url), 'must hold http:// or https:// URLs'),
		)
		.min(1, 'must hold at least one URL');
	const parsed = urlSchema.safeParse(urls);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const index = typeof issue.path[0] === 'number' ? issue.path[0] : undefined;
		const culprit = index === undefined ? '' : ` ("${urls[index]}")`;
		throw invalidParameterError(
			context,
			new z.ZodError([{ ...issue, path: ['videoUrls'], message: `${issue.message}${culprit}` }]),
			itemIndex,
		);
	}
	return parsed.data;
}
