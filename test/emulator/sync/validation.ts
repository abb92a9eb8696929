import { isHttpUrl, isObject, uuidPattern } from '../http';
import { inputTypes, syncModels, type SyncModel } from './catalogs';
import type { SyncConfig } from './config';
import { expectedOutputSeconds, mediaDuration } from './durations';
import { badRequest, SyncHttpError, unprocessable } from './errors';
import { validateDubParams, validateOptions, validateSegments } from './requestParts';
import type { Asset, SyncStore } from './store';

/**
 * Validation of a CreateGenerationDto, in the order of reference §8.4. The first failing rule
 * wins; 400s use the Nest class-validator shape (`message: string[]`), semantic checks are 422
 * with an errorCode. Pure: no side effects, so cost estimates and batch lines reuse it.
 */

export type InputKind = (typeof inputTypes)[number];

export interface MediaRef {
	index: number;
	type: InputKind;
	/** Where the media lives (URL or the asset's URL), used by the test hooks. */
	location?: string;
	durationSeconds: number;
}

export interface CreateRequest {
	model: SyncModel;
	input: Array<Record<string, unknown>>;
	options: Record<string, unknown>;
	segments?: unknown[];
	dubParams?: Record<string, unknown>;
	webhookUrl: string | null;
	outputFileName?: string;
	projectId: string | null;
	media: MediaRef[];
	expectedDurationSeconds: number;
}

export interface ValidationContext {
	config: SyncConfig;
	store: SyncStore;
	orgId: string;
}

const textScriptLimit = 5000;
const outputFileNamePattern = /^[A-Za-z0-9_-]{1,255}$/;

export function validateCreateGeneration(body: unknown, ctx: ValidationContext): CreateRequest {
	if (!isObject(body)) throw badRequest('Request body must be a JSON object');

	// model
	const model = body.model;
	const modelList = `model must be one of the following values: ${syncModels.join(', ')}`;
	if (model === undefined || model === null || model === '') {
		throw badRequest(['model should not be empty', modelList], undefined, { field: 'model' });
	}
	if (typeof model !== 'string' || !(syncModels as readonly string[]).includes(model)) {
		throw badRequest([modelList], 'generation_unsupported_model', { field: 'model' });
	}

	// input array
	const input = body.input;
	if (!Array.isArray(input)) {
		throw badRequest(['input must be an array', 'input should not be empty'], undefined, {
			field: 'input',
		});
	}
	if (input.length === 0)
		throw badRequest(['input should not be empty'], undefined, { field: 'input' });

	// item types and scalar field types
	const shapeErrors: string[] = [];
	input.forEach((item, i) => {
		if (!isObject(item)) {
			shapeErrors.push(`input.${i} must be an object`);
			return;
		}
		if (!(inputTypes as readonly unknown[]).includes(item.type)) {
			shapeErrors.push(
				`input.${i}.type must be one of the following values: ${inputTypes.join(', ')}`,
			);
			return;
		}
		if (item.type === 'text') return;
		if (item.url !== undefined && !isHttpUrl(item.url))
			shapeErrors.push(`input.${i}.url must be a URL address`);
		if (item.assetId !== undefined && typeof item.assetId !== 'string') {
			shapeErrors.push(`input.${i}.assetId must be a string`);
		}
		if (item.refId !== undefined && typeof item.refId !== 'string') {
			shapeErrors.push(`input.${i}.refId must be a string`);
		}
	});
	if (shapeErrors.length > 0) throw badRequest(shapeErrors, undefined, { field: 'input' });
	const items = input as Array<Record<string, unknown> & { type: InputKind }>;

	// media items need url or assetId
	items.forEach((item, i) => {
		if (item.type !== 'text' && item.url === undefined && item.assetId === undefined) {
			throw unprocessable(
				'generation_input_validation_failed',
				`input[${i}] (${item.type}) must have either url or assetId`,
				{ field: `input.${i}` },
			);
		}
	});

	// asset references
	const assets = new Map<number, Asset>();
	items.forEach((item, i) => {
		if (item.type === 'text' || item.assetId === undefined) return;
		const assetId = item.assetId as string;
		if (!uuidPattern.test(assetId)) {
			throw new SyncHttpError(
				400,
				'invalid_asset_id_format',
				`input[${i}].assetId "${assetId}" is not a valid UUID`,
				{
					field: `input.${i}.assetId`,
				},
			);
		}
		const asset = ctx.store.assets.get(assetId);
		if (!asset || asset.orgId !== ctx.orgId) {
			throw new SyncHttpError(404, 'asset_not_found', `Asset ${assetId} not found`, {
				field: `input.${i}.assetId`,
			});
		}
		if (asset.type !== item.type.toUpperCase()) {
			throw unprocessable(
				'generation_input_asset_type_mismatch',
				`input[${i}] is of type ${item.type} but asset ${assetId} is ${asset.type}`,
				{ field: `input.${i}.assetId` },
			);
		}
		assets.set(i, asset);
	});

	// text (TTS) items
	const providerErrors: string[] = [];
	items.forEach((item, i) => {
		if (item.type !== 'text') return;
		const provider = item.provider;
		const at = `input.${i}.provider`;
		if (!isObject(provider)) {
			providerErrors.push(`${at} must be an object`);
			return;
		}
		if (provider.name !== 'elevenlabs')
			providerErrors.push(`${at}.name must be one of the following values: elevenlabs`);
		if (typeof provider.voiceId !== 'string' || provider.voiceId === '')
			providerErrors.push(`${at}.voiceId should not be empty`);
		if (typeof provider.script !== 'string' || provider.script === '')
			providerErrors.push(`${at}.script should not be empty`);
		for (const key of ['stability', 'similarityBoost']) {
			const value = provider[key];
			if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1)) {
				providerErrors.push(`${at}.${key} must be a number between 0 and 1`);
			}
		}
		if (item.refId !== undefined && typeof item.refId !== 'string')
			providerErrors.push(`input.${i}.refId must be a string`);
	});
	if (providerErrors.length > 0) throw badRequest(providerErrors, undefined, { field: 'input' });

	items.forEach((item, i) => {
		if (item.type !== 'text') return;
		const script = (item.provider as { script: string }).script;
		if (script.length >= textScriptLimit) {
			throw unprocessable(
				'generation_text_length_exceeded',
				`input[${i}].provider.script has ${script.length} characters; the limit is ${textScriptLimit - 1}`,
				{ field: `input.${i}.provider.script` },
			);
		}
	});

	// arity
	const visuals = items.filter((item) => item.type === 'video' || item.type === 'image');
	if (visuals.length === 0) {
		throw unprocessable('generation_video_missing', 'A video or image input is required', {
			field: 'input',
		});
	}
	if (visuals.length > 1) {
		throw unprocessable(
			'generation_input_too_many_visual',
			`Exactly one video or image input is allowed, got ${visuals.length}`,
			{ field: 'input' },
		);
	}
	if (visuals[0].type === 'image' && model !== 'sync-3') {
		throw unprocessable(
			'generation_unsupported_model',
			`Image inputs require model sync-3, not ${model}`,
			{
				field: 'model',
			},
		);
	}
	const voices = items.filter((item) => item.type === 'audio' || item.type === 'text');
	const dubParams = body.dubParams;
	const dubbing = dubParams !== undefined && dubParams !== null;
	if (voices.length === 0 && !dubbing) {
		throw unprocessable(
			'generation_audio_missing',
			'An audio or text input (or dubParams) is required',
			{
				field: 'input',
			},
		);
	}
	if (dubbing && voices.length > 0 && ctx.config.dubAudioConflict === 'reject') {
		throw unprocessable(
			'generation_input_dub_audio_conflict',
			'Audio or text inputs cannot be combined with dubParams',
			{ field: 'dubParams' },
		);
	}
	if (dubbing) validateDubParams(dubParams);

	const options = body.options === undefined || body.options === null ? {} : body.options;
	validateOptions(options);

	if (body.segments !== undefined && body.segments !== null) {
		validateSegments(body.segments, voices);
	} else if (voices.length > 1 && !dubbing) {
		throw unprocessable(
			'generation_input_validation_failed',
			'Several audio/text inputs need segments that say which one plays when',
			{ field: 'segments' },
		);
	}

	const outputFileName = body.outputFileName;
	if (outputFileName !== undefined && outputFileName !== null) {
		if (typeof outputFileName !== 'string' || !outputFileNamePattern.test(outputFileName)) {
			throw badRequest(
				[
					'outputFileName must match /^[A-Za-z0-9_-]{1,255}$/ (letters, digits, _ and -; no extension)',
				],
				undefined,
				{ field: 'outputFileName' },
			);
		}
	}

	const webhookUrl = body.webhookUrl;
	if (webhookUrl !== undefined && webhookUrl !== null) {
		if (!isHttpUrl(webhookUrl))
			throw badRequest(['webhookUrl must be a URL address'], undefined, { field: 'webhookUrl' });
		if (ctx.config.requireHttpsWebhooks && !webhookUrl.startsWith('https:')) {
			throw badRequest(['webhookUrl must be an https URL'], undefined, { field: 'webhookUrl' });
		}
	}

	const projectId = body.projectId;
	if (projectId !== undefined && projectId !== null) {
		if (typeof projectId !== 'string' || !ctx.config.projectIds.includes(projectId)) {
			throw unprocessable('project_not_found', `Project ${String(projectId)} not found`, {
				field: 'projectId',
			});
		}
	}

	const media: MediaRef[] = items.map((item, index) => ({
		index,
		type: item.type,
		location: item.type === 'text' ? undefined : (assets.get(index)?.url ?? (item.url as string)),
		durationSeconds: mediaDuration(item, assets.get(index), ctx.config),
	}));
	const request: CreateRequest = {
		model: model as SyncModel,
		input: items,
		options: options as Record<string, unknown>,
		webhookUrl: (webhookUrl as string | undefined) ?? null,
		projectId: (projectId as string | undefined) ?? null,
		media,
		expectedDurationSeconds: 0,
	};
	if (body.segments !== undefined && body.segments !== null)
		request.segments = body.segments as unknown[];
	if (dubbing) request.dubParams = dubParams as Record<string, unknown>;
	if (outputFileName !== undefined && outputFileName !== null)
		request.outputFileName = outputFileName as string;
	request.expectedDurationSeconds = expectedOutputSeconds(request);
	return request;
}
