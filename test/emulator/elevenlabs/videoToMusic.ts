import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { musicAudio, zipStoredStream, type AllowedOutputFormat } from '../media';
import { tierAtLeast, type ElevenLabsConfig, type KeyProfile, type Tier } from './config';
import { trackerFor } from './concurrency';
import { sendError, sendJson, sendValidationErrors, type CustomError } from './errors';
import { FormParseError, readVideoToMusicForm, type VideoToMusicForm } from './form';
import { moderate } from './moderation';
import { validateVideoToMusic, type VideoToMusicRequest } from './validation';

/**
 * `POST /v1/music/video-to-music` (reference §2, §8.3): streaming multipart read, validation,
 * tier gates, per-key concurrency, moderation, then real audio as long as the combined videos.
 */

export interface VideoToMusicContext {
	config: ElevenLabsConfig;
	count: (counter: 'musicGenerations') => void;
	apiKey: string;
	profile: KeyProfile;
	requestId: string;
}

/** Formats gated above the key's plan (parameter description of `output_format`). */
const FORMAT_GATES: Partial<Record<AllowedOutputFormat, { tier: Tier; label: string }>> = {
	mp3_44100_192: { tier: 'creator', label: 'MP3 at 44100hz, 192kbps' },
	pcm_44100: { tier: 'pro', label: 'PCM at 44100hz' },
};

const PARSE_ERROR_BODY = { detail: 'There was an error parsing the body' };

export async function drainRequest(req: IncomingMessage): Promise<void> {
	if (req.readableEnded || req.destroyed) return;
	await new Promise<void>((resolve) => {
		req.on('end', resolve);
		req.on('close', resolve);
		req.on('error', () => resolve());
		req.resume();
	});
}

function isMultipart(req: IncomingMessage): boolean {
	return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

function fakeDuration(req: IncomingMessage, config: ElevenLabsConfig): number | undefined {
	const raw = req.headers['x-fake-duration-s'];
	if (!config.honourFakeDurationHeader || typeof raw !== 'string') return undefined;
	const value = Number(raw);
	return Number.isFinite(value) && value > 0 ? value : undefined;
}

function capitalised(tier: Tier): string {
	return tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** Plan gates, checked after validation (§8.1 step 5). */
function tierError(
	request: VideoToMusicRequest,
	profile: KeyProfile,
	config: ElevenLabsConfig,
): CustomError | undefined {
	if (profile.tier === 'free') {
		return config.freeTierStatus === 402
			? {
					status: 402,
					code: 'limited_access',
					message:
						'Music API is not available for free users. Please upgrade to a paid plan to use the API.',
				}
			: { status: 403, code: 'subscription_required', message: 'Subscription required.' };
	}
	const gate = FORMAT_GATES[request.outputFormat];
	if (gate && !tierAtLeast(profile.tier, gate.tier)) {
		return {
			status: 403,
			code: 'output_format_not_allowed',
			message:
				`Requested output format ${request.outputFormat} (${gate.label}) is only allowed for ` +
				`${capitalised(gate.tier)} tier and above.`,
			param: 'output_format',
		};
	}
	return undefined;
}

async function readForm(
	req: IncomingMessage,
	config: ElevenLabsConfig,
): Promise<VideoToMusicForm | undefined | 'unparseable'> {
	if (!isMultipart(req)) {
		await drainRequest(req);
		return undefined;
	}
	try {
		return await readVideoToMusicForm(req, {
			videoFieldNames: config.acceptVideosBrackets ? ['videos', 'videos[]'] : ['videos'],
			probeLimitBytes: config.maxTotalBytes,
		});
	} catch (error) {
		if (!(error instanceof FormParseError)) throw error;
		await drainRequest(req);
		return 'unparseable';
	}
}

export async function handleVideoToMusic(
	req: IncomingMessage,
	res: ServerResponse,
	ctx: VideoToMusicContext,
): Promise<void> {
	const { config, profile, apiKey, requestId } = ctx;
	const tracker = trackerFor(config);
	const limit = profile.concurrency;
	const concurrencyHeaders = (current: number) => ({
		'current-concurrent-requests': String(current),
		'maximum-concurrent-requests': String(limit),
	});
	const fail = (error: CustomError) =>
		sendError(res, error, config, requestId, concurrencyHeaders(tracker.current(apiKey)));

	const outputFormat = new URL(req.url ?? '/', 'http://emulator.invalid').searchParams.get(
		'output_format',
	);
	const form = await readForm(req, config);
	if (form === 'unparseable') {
		sendJson(res, 400, PARSE_ERROR_BODY, requestId);
		return;
	}
	const outcome = validateVideoToMusic(
		{ form, outputFormat, fakeDurationSeconds: fakeDuration(req, config) },
		config,
	);
	if (!outcome.ok) {
		if ('items' in outcome) {
			sendValidationErrors(
				res,
				outcome.items,
				requestId,
				concurrencyHeaders(tracker.current(apiKey)),
			);
		} else fail(outcome.error);
		return;
	}
	const request = outcome.request;
	const gate = tierError(request, profile, config);
	if (gate) return fail(gate);
	if (config.systemBusy) {
		return fail({
			status: 429,
			code: 'system_busy',
			message:
				'The system is experiencing heavy traffic, please try again. Higher subscriptions have higher priority.',
		});
	}
	if (tracker.current(apiKey) >= limit) {
		return fail({
			status: 429,
			code: config.concurrencyErrorCode,
			message:
				'Too many concurrent requests. Your current subscription is associated with a maximum ' +
				`of ${limit} concurrent requests (running in parallel). Please upgrade your subscription ` +
				'or reduce the number of concurrent requests.',
		});
	}
	const moderation = moderate(request.description, request.tags, config);
	if (moderation) return fail(moderation);

	// Synchronous since the check above, so the slot cannot be taken in between.
	const release = tracker.tryAcquire(apiKey, limit)!;
	res.once('close', release);
	res.once('finish', release);
	ctx.count('musicGenerations');
	await generate(res, request, config, concurrencyHeaders(tracker.current(apiKey)), requestId);
}

async function generate(
	res: ServerResponse,
	request: VideoToMusicRequest,
	config: ElevenLabsConfig,
	headers: Record<string, string>,
	requestId: string,
): Promise<void> {
	if (config.generationDelayMs > 0) await sleep(config.generationDelayMs);
	if (res.destroyed) return;
	const music = musicAudio(request.outputFormat, request.totalDurationSeconds);
	let body;
	let contentType: string;
	if (request.separateTracks) {
		const sfx = musicAudio(request.outputFormat, request.totalDurationSeconds, { track: 'sfx' });
		body = zipStoredStream([
			{ name: `music.${music.extension}`, open: () => music.stream() },
			{ name: `sfx.${sfx.extension}`, open: () => sfx.stream() },
		]);
		contentType = 'application/zip';
	} else {
		body = music.stream();
		contentType = music.contentType;
	}
	// No Content-Length: the real endpoint streams its audio chunked.
	res.writeHead(200, { ...headers, 'Content-Type': contentType, 'x-request-id': requestId });
	try {
		await pipeline(body, res);
	} catch {
		// The client went away mid-stream; nothing left to do.
	}
}
