import { z } from 'zod';

import type { ParameterChecks } from '../../shared/validation';
import { LIMITS } from '../../elevenLabs/parameters/limits';
import type { MusicModel } from '../../elevenLabs/parameters/models';
import { DEFAULT_MODEL, MUSIC_MODELS } from '../../elevenLabs/parameters/models';
import type { OutputFormat } from '../../elevenLabs/parameters/outputFormats';
import {
	DEFAULT_OUTPUT_FORMAT,
	OUTPUT_FORMAT_VALUES,
	outputFormat,
} from '../../elevenLabs/parameters/outputFormats';

/** Everything about one request except the videos, checked. */
export interface SoundtrackSettings {
	description?: string;
	tags: string[];
	model: MusicModel;
	format: OutputFormat;
	/** Sent only when the user set them, so the API's own defaults apply otherwise. */
	flags: Partial<
		Record<'sign_with_c2pa' | 'add_sfx' | 'separate_tracks' | 'use_audio_as_reference', boolean>
	>;
	binaryPropertyOutput: string;
	timeoutMs: number;
}

/** Parameter labels by schema key, so every message names the field the user sees. */
const FIELD_NAMES: Record<string, string> = {
	description: 'Description',
	tags: 'Style Tags',
	model: 'Model',
	outputFormat: 'Output Format',
	signWithC2pa: 'Sign With C2PA',
	binaryPropertyOutput: 'Put Output File in Field',
	timeoutSeconds: 'Timeout (Seconds)',
	maxConcurrentRequests: 'Max Concurrent Requests',
	videoUrls: 'Video URLs',
};

const NOTHING_SENT = 'Nothing was sent to ElevenLabs. Fix the parameter and run the node again.';

const codePoints = (text: string) => [...text].length;
const formatCount = (count: number) => count.toLocaleString('en-US');

const settingsSchema = z
	.object({
		description: z
			.string()
			.transform((text) => text.trim())
			.refine(
				(text) => codePoints(text) <= LIMITS.maxDescriptionLength,
				(text) => ({
					message: `must be at most ${formatCount(LIMITS.maxDescriptionLength)} characters (it has ${formatCount(codePoints(text))})`,
				}),
			),
		tags: z
			.array(z.string().min(1, 'must not contain empty tags'))
			.max(LIMITS.maxTags, `must hold at most ${LIMITS.maxTags} tags`),
		model: z.enum(MUSIC_MODELS, {
			errorMap: () => ({ message: `must be one of ${MUSIC_MODELS.join(', ')}` }),
		}),
		outputFormat: z.enum(OUTPUT_FORMAT_VALUES, {
			errorMap: () => ({
				message: `must be one of the ${OUTPUT_FORMAT_VALUES.length} ElevenLabs output formats, e.g. ${DEFAULT_OUTPUT_FORMAT}`,
			}),
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

/** Reads and checks the item's generation settings; throws before any request. */
export function readSettings(checks: ParameterChecks): SoundtrackSettings {
	const raw = {
		description: checks.read('description', '') ?? '',
		tags: splitList(checks.read('tags', '')),
		model: checks.read('model', DEFAULT_MODEL),
		outputFormat: checks.read('outputFormat', DEFAULT_OUTPUT_FORMAT),
		options: checks.read('options', {}),
	};
	const parsed = checks.schema(settingsSchema, raw, FIELD_NAMES, NOTHING_SENT);
	const { description, tags, model, options } = parsed;
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
		format: outputFormat(parsed.outputFormat) as OutputFormat,
		flags: Object.fromEntries(
			Object.entries(flags).filter(([, value]) => value !== undefined),
		) as SoundtrackSettings['flags'],
		binaryPropertyOutput: options.binaryPropertyOutput,
		timeoutMs: options.timeoutSeconds * 1000,
	};
}

/** "Max Concurrent Requests" of the run (a node setting). */
export function readMaxConcurrentRequests(checks: ParameterChecks): number {
	return checks.number(checks.read('options.maxConcurrentRequests', 2), 'Max Concurrent Requests', {
		min: 1,
		max: LIMITS.maxConcurrentRequests,
		integer: true,
	});
}

/**
 * Video URLs: one per line, or separated by commas (only where a new URL starts, as URLs may
 * hold commas). Each must be an http(s) URL without credentials.
 */
export function readVideoUrls(checks: ParameterChecks): string[] {
	const value = checks.read('videoUrls', '');
	const parts = Array.isArray(value)
		? value.map(String)
		: String(value ?? '').split(/\s+|,(?=\s*https?:\/\/)/i);
	const urls = parts.map((part) => part.trim().replace(/,$/, '')).filter(Boolean);
	if (urls.length === 0)
		checks.fail({ field: 'Video URLs', rule: 'must hold at least one URL', hint: NOTHING_SENT });
	return urls.map((url) => checks.httpUrl(url, 'Video URLs', NOTHING_SENT));
}
