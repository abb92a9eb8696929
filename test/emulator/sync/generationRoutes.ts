import { createHash } from 'node:crypto';

import { headerValue, queryList, sendJson, sendText, uuidPattern } from '../http';
import { isMultipart } from '../multipart';
import { generationStatuses, pricePerFrameUsd, syncModels, type SyncModel } from './catalogs';
import type { SyncCall } from './call';
import { readJsonBody } from './call';
import { badRequest, SyncHttpError } from './errors';
import {
	cleanupUploadedFiles,
	countUploadedAssets,
	parseCreateGenerationForm,
} from './multipartCreate';
import { parseOutcomeHeader, planOutcome } from './outcomes';
import type { Generation } from './store';
import { isObject, validateCreateGeneration, type CreateRequest } from './validation';

/** Generation routes: create (JSON + multipart), get (long-poll), list, count, delete, estimates. */

const idempotencyKeyPattern = /^[A-Za-z0-9._~-]{1,128}$/;

export async function createGeneration(call: SyncCall): Promise<void> {
	const { req, svc, orgId } = call;
	let body: unknown;
	let hashMaterial: string;
	let uploadedAssetIds: string[] = [];
	if (isMultipart(req)) {
		const form = await parseCreateGenerationForm(call);
		body = form.body;
		hashMaterial = form.hashMaterial;
		uploadedAssetIds = form.assetIds;
	} else {
		body = await readJsonBody(req);
		hashMaterial = canonicalJson(body);
	}
	try {
		const request = validateCreateGeneration(body, { config: svc.config, store: svc.store, orgId });
		const replayed = checkIdempotency(call, hashMaterial);
		if (replayed) {
			cleanupUploadedFiles(svc, uploadedAssetIds);
			uploadedAssetIds = [];
			svc.counters.count('idempotentReplays');
			sendJson(call.res, 201, svc.wire(replayed), { 'Idempotent-Replayed': 'true' });
			return;
		}
		checkConcurrency(call);
		checkPlanLimits(call, request);
		const planned = planOutcome(
			request.media,
			request.dubParams as { targetLang: string } | undefined,
			parseOutcomeHeader(headerValue(req, 'x-emulator-outcome')),
			svc.nextOutcomes,
			svc.config.failDubLanguages,
		);
		const gen = svc.createGeneration(request, orgId, planned, 'api');
		countUploadedAssets(svc, uploadedAssetIds);
		uploadedAssetIds = [];
		const key = headerValue(req, 'idempotency-key');
		if (key !== undefined) {
			svc.store.idempotency.set(`${orgId}\u0000${key}`, {
				bodyHash: sha256(hashMaterial),
				generationId: gen.id,
				snapshot: structuredClone(gen),
			});
		}
		sendJson(call.res, 201, svc.wire(gen));
	} finally {
		// Files of a rejected multipart request do not become assets.
		if (uploadedAssetIds.length > 0) cleanupUploadedFiles(svc, uploadedAssetIds);
	}
}

/** Returns the generation to replay, throws on a malformed key or a reused key. */
function checkIdempotency(call: SyncCall, hashMaterial: string): Generation | undefined {
	const values = call.req.headersDistinct['idempotency-key'];
	if (values === undefined) return undefined;
	const key = values[0];
	if (values.length !== 1 || !idempotencyKeyPattern.test(key)) {
		throw new SyncHttpError(
			400,
			'INVALID_IDEMPOTENCY_KEY',
			'Idempotency-Key must be a single value of 1-128 characters from [A-Za-z0-9._~-]',
			{ field: 'Idempotency-Key' },
		);
	}
	const record = call.svc.store.idempotency.get(`${call.orgId}\u0000${key}`);
	if (!record) return undefined;
	if (record.bodyHash !== sha256(hashMaterial)) {
		const { idempotencyConflictStatus, idempotencyConflictErrorCode } = call.svc.config;
		throw new SyncHttpError(
			idempotencyConflictStatus,
			idempotencyConflictErrorCode,
			'This Idempotency-Key was already used with a different request body',
			{ field: 'Idempotency-Key', generationId: record.generationId },
		);
	}
	return call.svc.store.generations.get(record.generationId) ?? record.snapshot;
}

function checkConcurrency(call: SyncCall): void {
	const { svc, orgId, plan } = call;
	const active = svc.store.activeApiGenerations(orgId);
	const limit = svc.config.concurrencyByPlan[plan];
	if (active.length < limit) return;
	const retryAfterSeconds = svc.lifecycle.secondsUntilFirstFinish(active);
	throw new SyncHttpError(
		429,
		'concurrency_limit_reached',
		`Concurrency limit reached: ${active.length} of ${limit} generations are already running on the ${plan} plan.`,
		{
			activeGenerations: active.length,
			concurrencyLimit: limit,
			retryAfterSeconds,
			upgradeUrl: 'https://sync.so/billing/subscription',
		},
		svc.config.retryAfterHeaderOn429 ? { 'Retry-After': String(retryAfterSeconds) } : {},
	);
}

function checkPlanLimits(call: SyncCall, request: CreateRequest): void {
	const { svc, orgId, plan } = call;
	const maxSeconds = svc.config.maxDurationSecondsByPlan[plan];
	if (request.expectedDurationSeconds > maxSeconds) {
		throw new SyncHttpError(
			402,
			'generation_plan_duration_exceeded',
			`The generation would last ${request.expectedDurationSeconds} s; the ${plan} plan allows ${maxSeconds} s.`,
		);
	}
	if (request.dubParams) {
		const video = request.media.find((m) => m.type === 'video' || m.type === 'image');
		const seconds = video?.durationSeconds ?? 0;
		if (seconds > svc.config.maxDubbingDurationSeconds) {
			throw new SyncHttpError(
				422,
				'dubbing_duration_exceeded',
				`The video lasts ${seconds} s; dubbing accepts at most ${svc.config.maxDubbingDurationSeconds} s.`,
				{ field: 'input' },
			);
		}
	}
	const freeLimit = svc.config.freeTierGenerationLimit;
	if (
		plan === 'free' &&
		freeLimit !== null &&
		(svc.store.createdPerOrg.get(orgId) ?? 0) >= freeLimit
	) {
		throw new SyncHttpError(
			402,
			'free_tier_generations_exhausted',
			`All ${freeLimit} free generations of this month are used.`,
		);
	}
}

function findGeneration(call: SyncCall): Generation {
	const id = call.params.id;
	if (!uuidPattern.test(id)) {
		throw new SyncHttpError(400, 'invalid_generation_id', `"${id}" is not a valid generation id`, {
			field: 'id',
		});
	}
	const gen = call.svc.store.generations.get(id);
	if (!gen || gen.orgId !== call.orgId) {
		throw new SyncHttpError(404, 'generation_not_found', `Generation ${id} not found`);
	}
	return gen;
}

/** `GET /v2/generate/{id}` and `GET /v2/generations/{id}`, with `wait`/`timeout`/`include`. */
export async function getGeneration(call: SyncCall): Promise<void> {
	const { url, svc, res } = call;
	const query = url.searchParams;
	const include = queryList(query, 'include') ?? [];
	const progress = include.includes('progress');
	const wait = ['true', '1'].includes((query.get('wait') ?? '').toLowerCase());
	let timeoutSeconds = 5;
	if (query.has('timeout')) {
		timeoutSeconds = Number(query.get('timeout'));
		if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 10) {
			throw badRequest(['timeout must be a number between 1 and 10'], undefined, {
				field: 'timeout',
			});
		}
	}
	if (wait && progress) {
		throw badRequest(['wait cannot be combined with include=progress'], undefined, {
			field: 'include',
		});
	}
	let gen = findGeneration(call);
	const headers: Record<string, string> = {};
	if (wait) {
		const gone = new Promise<void>((resolve) => res.once('close', () => resolve()));
		await svc.lifecycle.waitForTerminal(gen.id, timeoutSeconds * 1000, gone);
		gen = findGeneration(call);
		headers['Retry-After'] = '2';
		headers['X-Sync-Wait-Mode'] = 'long_poll';
		headers['X-Sync-Wait-Timeout-Seconds'] = String(timeoutSeconds);
	}
	sendJson(res, 200, svc.wire(gen, progress), headers);
}

export async function listGenerations(call: SyncCall): Promise<void> {
	const { svc, url, res } = call;
	const query = url.searchParams;
	let gens = filteredGenerations(call);
	const limitRaw = query.get('limit');
	const cursor = query.get('cursor');
	if (cursor !== null && limitRaw === null) {
		throw badRequest(['cursor requires limit'], undefined, { field: 'cursor' });
	}
	if (limitRaw !== null) {
		const limit = Number(limitRaw);
		if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
			throw badRequest(['limit must be an integer between 1 and 100'], undefined, {
				field: 'limit',
			});
		}
		if (cursor !== null) {
			const index = gens.findIndex((g) => g.id === cursor);
			gens = index < 0 ? [] : gens.slice(index + 1);
		}
		gens = gens.slice(0, limit);
	}
	sendJson(
		res,
		200,
		gens.map((g) => svc.wire(g)),
	);
}

export async function countGenerations(call: SyncCall): Promise<void> {
	sendJson(call.res, 200, { count: filteredGenerations(call).length });
}

/** The org's generations matching status/ids/projectId/source, newest first. */
function filteredGenerations(call: SyncCall): Generation[] {
	const query = call.url.searchParams;
	const statuses = queryList(query, 'status');
	if (statuses) {
		const bad = statuses.filter((s) => !(generationStatuses as readonly string[]).includes(s));
		if (bad.length > 0) {
			throw badRequest(
				[
					`each value in status must be one of the following values: ${generationStatuses.join(', ')}`,
				],
				undefined,
				{
					field: 'status',
				},
			);
		}
	}
	const ids = queryList(query, 'ids');
	const sources = queryList(query, 'source');
	const projectId = query.get('projectId');
	return call.svc.store
		.generationsOf(call.orgId)
		.reverse()
		.filter((g) => !statuses || statuses.includes(g.status))
		.filter((g) => !ids || ids.includes(g.id))
		.filter((g) => !sources || sources.includes(g.source))
		.filter((g) => projectId === null || g.projectId === projectId);
}

export async function deleteGeneration(call: SyncCall): Promise<void> {
	const gen = findGeneration(call);
	if (!call.svc.lifecycle.isTerminal(gen)) {
		throw new SyncHttpError(
			409,
			'generation_not_deletable_while_processing',
			`Generation ${gen.id} is ${gen.status}; only COMPLETED, FAILED or REJECTED generations can be deleted`,
		);
	}
	call.svc.store.generations.delete(gen.id);
	sendJson(call.res, 200, call.svc.wire(gen));
}

/** `GET /v2/generations/{id}/download`: the output URL as text/plain. */
export async function downloadGeneration(call: SyncCall): Promise<void> {
	const gen = findGeneration(call);
	if (gen.status !== 'COMPLETED' || !gen.outputUrl) {
		throw new SyncHttpError(
			409,
			'generation_conflict',
			`Generation ${gen.id} has no output (status ${gen.status})`,
		);
	}
	sendText(call.res, 200, gen.outputUrl);
}

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

export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (isObject(value)) {
		const keys = Object.keys(value).sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
