import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ElevenLabsConfig } from './config';
import { invalidApiKey, missingPermission, newRequestId, sendError, sendJson } from './errors';
import { subscriptionBody, userBody } from './user';
import { drainRequest, handleVideoToMusic } from './videoToMusic';

/**
 * The ElevenLabs API emulator (reference elevenlabs-music-api.md §8.1-8.3): key check endpoints
 * and `POST /v1/music/video-to-music`. Mounted by the core server under `/elevenlabs`; `path` is
 * the vendor-relative path without the query string.
 */

export {
	createElevenLabsConfig,
	defaultElevenLabsConfig,
	elevenLabsTestKeys,
	TIER_ORDER,
	type ElevenLabsConfig,
	type KeyProfile,
	type Tier,
} from './config';
export { sanitisePrompt } from './moderation';

export interface ElevenLabsContext {
	config: ElevenLabsConfig;
	count: (counter: 'musicGenerations') => void;
}

type Route = 'user' | 'subscription' | 'videoToMusic';

const ROUTES: Record<string, { method: string; route: Route }> = {
	'/v1/user': { method: 'GET', route: 'user' },
	'/v1/user/subscription': { method: 'GET', route: 'subscription' },
	'/v1/music/video-to-music': { method: 'POST', route: 'videoToMusic' },
};

export async function handleElevenLabs(
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	ctx: ElevenLabsContext,
): Promise<void> {
	const requestId = newRequestId();
	const { config } = ctx;
	const match = ROUTES[path];
	// FastAPI routing answers 404/405 before any dependency (such as the key check) runs.
	if (!match || match.method !== req.method) {
		await drainRequest(req);
		sendJson(
			res,
			match ? 405 : 404,
			{ detail: match ? 'Method Not Allowed' : 'Not Found' },
			requestId,
		);
		return;
	}
	const header = req.headers['xi-api-key'];
	const apiKey = typeof header === 'string' ? header.trim() : '';
	const profile = apiKey ? config.keys[apiKey] : undefined;
	if (!profile) {
		await drainRequest(req);
		sendError(res, invalidApiKey, config, requestId);
		return;
	}
	if (match.route === 'videoToMusic') {
		if (!profile.musicEnabled) {
			await drainRequest(req);
			sendError(res, missingPermission('music_generation'), config, requestId);
			return;
		}
		await handleVideoToMusic(req, res, { ...ctx, apiKey, profile, requestId });
		return;
	}
	await drainRequest(req);
	if (!profile.userEndpoints) {
		sendError(res, missingPermission('user_read'), config, requestId);
		return;
	}
	const body = match.route === 'user' ? userBody(profile, apiKey) : subscriptionBody(profile);
	sendJson(res, 200, body, requestId);
}
