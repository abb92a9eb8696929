import { isObject, sendJson } from '../http';
import { pricePerFrameUsd, syncModels, type SyncModel } from './catalogs';
import type { SyncCall } from './call';
import { readJsonBody } from './call';
import { badRequest } from './errors';
import { validateCreateGeneration } from './validation';

/** Cost estimates of both vintages; nothing is created. */

/** 2025 `POST /v2/analyze/cost`: full create body, array answer, nothing created. */
export async function analyzeCost(call: SyncCall): Promise<void> {
	const body = await readJsonBody(call.req);
	const request = validateCreateGeneration(body, {
		config: call.svc.config,
		store: call.svc.store,
		orgId: call.orgId,
	});
	// Sync measures the media; the emulator's media run at PROBED_FPS.
	const { estimatedFrameCount, estimatedGenerationCost } = costOf(
		request.model,
		request.expectedDurationSeconds,
		PROBED_FPS,
	);
	sendJson(call.res, 201, [{ estimatedFrameCount, estimatedGenerationCost }]);
}

/** 2026 `POST /v2/generations/estimate` (+ alias `/v2/generate/estimate-cost`). */
export async function estimateCost(call: SyncCall): Promise<void> {
	const body = await readJsonBody(call.req);
	if (!isObject(body)) throw badRequest('Request body must be a JSON object');
	const errors: string[] = [];
	const { model, duration, reasoningEnabled } = body;
	const fps = body.fps === undefined ? 30 : body.fps;
	if (typeof model !== 'string' || !(syncModels as readonly string[]).includes(model)) {
		errors.push(`model must be one of the following values: ${syncModels.join(', ')}`);
	}
	if (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0) {
		errors.push('duration must be a positive number');
	}
	if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0)
		errors.push('fps must be a positive number');
	if (reasoningEnabled !== undefined && typeof reasoningEnabled !== 'boolean') {
		errors.push('reasoningEnabled must be a boolean value');
	}
	if (errors.length > 0) throw badRequest(errors);
	sendJson(call.res, 200, {
		...costOf(model as SyncModel, duration as number, fps as number),
		estimatedCredits: null,
	});
}

/** The frame rate the emulator's media are measured at by `POST /v2/analyze/cost`. */
export const PROBED_FPS = 25;

/**
 * The one price formula of both estimate vintages (reference §2.5): frames = duration × fps, cost =
 * frames × the model's price per frame, rounded to 1/10,000 USD. The duration vintage defaults
 * fps to 30 as the reference says; the request vintage uses the media's own rate.
 */
export function costOf(model: SyncModel, durationSeconds: number, fps: number) {
	const frames = Math.round(durationSeconds * fps);
	return {
		estimatedFrameCount: frames,
		estimatedGenerationCost: Math.round(frames * pricePerFrameUsd[model] * 10_000) / 10_000,
	};
}
