import { createHash } from 'node:crypto';

import { headerValue, isObject, sendJson } from '../http';
import { isMultipart } from '../multipart';
import type { SyncCall } from './call';
import { readJsonBody } from './call';
import { SyncHttpError } from './errors';
import {
	cleanupUploadedFiles,
	countUploadedAssets,
	parseCreateGenerationForm,
} from './multipartCreate';
import { parseOutcomeHeader, planOutcome } from './outcomes';
import type { Generation } from './store';
import { validateCreateGeneration, type CreateRequest } from './validation';

/**
 * `POST /v2/generate` (JSON or multipart): validation, Idempotency-Key replay, concurrency and plan
 * limits, then the generation with its planned outcome.
 */

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
