import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { ParameterChecks } from '../../../shared/validation';

/**
 * "Additional Body Fields (JSON)": an escape hatch for request fields Sync adds before this node
 * has a parameter for them (e.g. `projectId`). It is merged into the POST /v2/generate body;
 * `options` and `dubParams` key by key. What would break dubbing is refused before submitting.
 */
export const additionalBodyFieldsOption: INodeProperties = {
	displayName: 'Additional Body Fields (JSON)',
	name: 'additionalBodyFields',
	type: 'json',
	default: '{}',
	description:
		'Extra fields for the Sync request, for API features this node has no parameter for yet (e.g. {"projectId": "…"}). "options" and "dubParams" are merged key by key. Audio or text inputs cannot be added: dubbing makes its voice track from the video.',
};

const DUB_AUDIO_CONFLICT =
	'Dubbing takes its voice track from the speech in the video: Sync extracts it, translates and re-voices it with ElevenLabs, then lip-syncs the result. Audio or text inputs would be a second voice track, so Sync rejects them (generation_input_dub_audio_conflict). To lip-sync your own audio or script, use the Lipsync Generation node instead.';

/** Fields with a parameter of their own: set there, so the request has one source of truth. */
const TOP_LEVEL_PARAMETERS: Record<string, string> = {
	model: 'Model',
	webhookUrl: 'Options → Webhook URL',
	outputFileName: 'Options → Output File Name',
};

const DUB_PARAMETERS: Record<string, string> = {
	targetLang: 'Target Language',
	sourceLang: 'Source Language',
	numSpeakers: 'Number of Speakers',
};

const inputItem = z.object({ type: z.string().optional() }).passthrough();

const additionalBodySchema = z
	.object({
		input: z.array(inputItem, { invalid_type_error: 'input must be an array' }).optional(),
		options: z.record(z.unknown(), { invalid_type_error: 'options must be an object' }).optional(),
		dubParams: z
			.record(z.unknown(), { invalid_type_error: 'dubParams must be an object' })
			.optional(),
	})
	.passthrough();

export type AdditionalBodyFields = z.infer<typeof additionalBodySchema>;

const FIELD = 'Additional Body Fields (JSON)';

/** Reads and checks the additional fields of one item (the parameter lives under Options). */
export function readAdditionalBodyFields(checks: ParameterChecks): AdditionalBodyFields {
	const fail: (rule: string, hint?: string) => never = (rule, hint) =>
		checks.fail({ field: FIELD, rule, hint });
	const raw = checks.read('options.additionalBodyFields', '{}');
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (!raw.trim()) return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			fail(`is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		fail('must be a JSON object, like {"projectId": "…"}');
	}
	const fields = checks.fieldSchema(additionalBodySchema, value, FIELD);

	const voices = (fields.input ?? []).filter(
		(item) => item.type === 'audio' || item.type === 'text',
	);
	if (voices.length > 0 || fields.segments !== undefined) {
		fail(
			`adds ${voices.length > 0 ? `${voices.map((item) => item.type).join(' and ')} input` : 'segments'}, which cannot be combined with dubbing`,
			DUB_AUDIO_CONFLICT,
		);
	}
	if (fields.input !== undefined) {
		fail(
			'may not set "input": dubbing takes exactly one video',
			'Choose the video with "Video Source" and its URL, binary property or asset ID.',
		);
	}
	for (const [key, parameter] of Object.entries(TOP_LEVEL_PARAMETERS)) {
		if (key in fields) fail(`may not set "${key}"; use the parameter ${parameter}`);
	}
	if (
		fields.dubParams?.providerName !== undefined &&
		fields.dubParams.providerName !== 'elevenlabs'
	) {
		fail('sets "dubParams.providerName"; Sync dubs only through "elevenlabs"');
	}
	for (const [key, parameter] of Object.entries(DUB_PARAMETERS)) {
		if (fields.dubParams && key in fields.dubParams) {
			fail(`may not set "dubParams.${key}"; use the parameter ${parameter}`);
		}
	}
	return fields;
}

/** The request body with the additional fields merged in (objects one level deep). */
export function withAdditionalFields(body: IDataObject, fields: AdditionalBodyFields): IDataObject {
	const { options, dubParams, ...rest } = fields;
	const merged: IDataObject = { ...body, ...(rest as IDataObject) };
	if (options)
		merged.options = { ...((body.options as IDataObject) ?? {}), ...(options as IDataObject) };
	if (dubParams)
		merged.dubParams = { ...(body.dubParams as IDataObject), ...(dubParams as IDataObject) };
	return merged;
}
