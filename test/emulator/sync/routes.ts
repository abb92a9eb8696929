import type { IncomingMessage, ServerResponse } from 'node:http';

import { drain, headerValue, sendJson } from '../http';
import { createAsset, createUpload, getAsset, listAssets } from './assetRoutes';
import { batchResult, createBatch, getBatch, listBatches } from './batchRoutes';
import type { SyncCall, SyncRouteHandler } from './call';
import { modelInfos } from './catalogs';
import { errorCatalog } from './errorCatalog';
import { SyncHttpError, syncErrorBody } from './errors';
import { analyzeCost, estimateCost } from './costRoutes';
import { createGeneration } from './createGenerationRoute';
import {
	countGenerations,
	deleteGeneration,
	downloadGeneration,
	getGeneration,
	listGenerations,
} from './generationRoutes';
import type { SyncService } from './service';

/** Route table, authentication and request-rate limiting of the Sync Labs v2 API. */

interface Route {
	method: string;
	pattern: string;
	handler: SyncRouteHandler;
	/** No API key needed. */
	isPublic?: boolean;
	/** Rate-limit bucket; default 'other'. */
	bucket?: 'create' | 'upload' | 'other';
}

const routes: Route[] = [
	{ method: 'POST', pattern: '/v2/generate', handler: createGeneration, bucket: 'create' },
	{ method: 'POST', pattern: '/v2/generate/estimate-cost', handler: estimateCost },
	{ method: 'GET', pattern: '/v2/generate/:id', handler: getGeneration },
	{ method: 'GET', pattern: '/v2/generations', handler: listGenerations },
	{ method: 'GET', pattern: '/v2/generations/count', handler: countGenerations },
	{ method: 'POST', pattern: '/v2/generations/estimate', handler: estimateCost },
	{ method: 'GET', pattern: '/v2/generations/:id', handler: getGeneration },
	{ method: 'DELETE', pattern: '/v2/generations/:id', handler: deleteGeneration },
	{ method: 'GET', pattern: '/v2/generations/:id/download', handler: downloadGeneration },
	{ method: 'POST', pattern: '/v2/analyze/cost', handler: analyzeCost },
	{ method: 'GET', pattern: '/v2/models', handler: async (c) => sendJson(c.res, 200, modelInfos) },
	{
		method: 'GET',
		pattern: '/v2/errors',
		handler: async (c) => sendJson(c.res, 200, errorCatalog),
		isPublic: true,
	},
	{
		method: 'GET',
		pattern: '/v2/organizations/webhook/secret',
		handler: async (c) => sendJson(c.res, 200, { secret: c.svc.config.webhookSecret }),
	},
	{ method: 'POST', pattern: '/v2/assets/upload', handler: createUpload, bucket: 'upload' },
	{ method: 'POST', pattern: '/v2/assets', handler: createAsset },
	{ method: 'GET', pattern: '/v2/assets', handler: listAssets },
	{ method: 'GET', pattern: '/v2/assets/:id', handler: getAsset },
	{ method: 'POST', pattern: '/v2/batch', handler: createBatch },
	{ method: 'GET', pattern: '/v2/batch', handler: listBatches },
	{ method: 'GET', pattern: '/v2/batch/:id', handler: getBatch },
	{ method: 'GET', pattern: '/v2/batches/:id/result', handler: batchResult, isPublic: true },
];

function matchRoute(
	method: string,
	path: string,
): { route: Route; params: Record<string, string> } | undefined {
	const parts = path.split('/').filter(Boolean);
	for (const route of routes) {
		if (route.method !== method) continue;
		const pattern = route.pattern.split('/').filter(Boolean);
		if (pattern.length !== parts.length) continue;
		const params: Record<string, string> = {};
		const ok = pattern.every((segment, i) => {
			if (segment.startsWith(':')) {
				params[segment.slice(1)] = decodeURIComponent(parts[i]);
				return true;
			}
			return segment === parts[i];
		});
		if (ok) return { route, params };
	}
	return undefined;
}

/** Route pattern for the request counters, e.g. `GET /v2/generate/:id`. */
export function syncRouteKey(method: string, path: string): string {
	const match = matchRoute(method, path);
	return `${method} ${match ? match.route.pattern : path}`;
}

export async function handleSync(
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	path: string,
	svc: SyncService,
): Promise<void> {
	const method = req.method ?? 'GET';
	try {
		const match = matchRoute(method, path);
		if (!match) {
			await drain(req);
			sendJson(res, 404, {
				message: `Cannot ${method} ${path}`,
				error: 'Not Found',
				statusCode: 404,
			});
			return;
		}
		const apiKey = headerValue(req, 'x-api-key');
		let account = apiKey !== undefined ? svc.account(apiKey) : undefined;
		if (!match.route.isPublic) {
			if (apiKey === undefined) {
				await drain(req);
				sendJson(res, 401, {
					message: 'Either Cookie or x-api-key header must be provided',
					error: 'Unauthorized',
					statusCode: 401,
				});
				return;
			}
			if (!account) {
				await drain(req);
				sendJson(res, 401, { message: 'Unauthorized', statusCode: 401 });
				return;
			}
			// Nest's throttler guard runs before validation, so 429 precedes body errors.
			const bucket = match.route.bucket ?? 'other';
			const limit =
				bucket === 'create'
					? svc.config.createRateLimitPerMin
					: bucket === 'upload'
						? svc.config.uploadRateLimitPerMin
						: svc.config.otherRateLimitPerMin;
			if (!svc.rateLimiter.tryHit(apiKey, bucket, limit)) {
				const retryAfter = svc.rateLimiter.retryAfterSeconds(apiKey, bucket);
				throw new SyncHttpError(
					429,
					'rate_limit_exceeded',
					`Rate limit exceeded: at most ${limit} requests per minute to ${method} ${match.route.pattern}`,
					{},
					svc.config.retryAfterHeaderOn429 ? { 'Retry-After': String(retryAfter) } : {},
				);
			}
		}
		account ??= { orgId: '', plan: svc.config.plan };
		const call: SyncCall = {
			req,
			res,
			url,
			params: match.params,
			apiKey: apiKey ?? '',
			orgId: account.orgId,
			plan: account.plan,
			svc,
		};
		await match.route.handler(call);
	} catch (error) {
		await drain(req);
		if (error instanceof SyncHttpError) {
			sendJson(res, error.status, error.body(), error.headers);
			return;
		}
		sendJson(
			res,
			500,
			syncErrorBody(500, 'internal_error', `Emulator error: ${(error as Error).message}`),
		);
	}
}
