import { drain, isHttpUrl, isObject, sendJson, sendText } from '../http';
import { isMultipart, MultipartError, parseMultipart } from '../multipart';
import { batchStatuses } from './catalogs';
import type { SyncCall } from './call';
import { badRequest, SyncHttpError } from './errors';
import { wireBatch } from './serialize';
import type { SyncService } from './service';
import type { BatchRequestLine } from './store';
import { validateCreateGeneration, type CreateRequest } from './validation';

/** Batch API (reference §2.6, §8.6). */

const maxReportedLineErrors = 50;

export async function createBatch(call: SyncCall): Promise<void> {
	const { svc, plan, orgId } = call;
	const batchLimit = svc.config.batchConcurrencyByPlan[plan];
	if (!batchLimit) {
		await drain(call.req);
		throw new SyncHttpError(
			402,
			'plan_feature_unavailable',
			`The batch API is not available on the ${plan} plan; it needs Scale or Enterprise.`,
		);
	}
	if (!isMultipart(call.req)) {
		await drain(call.req);
		throw badRequest(['input file is required (multipart/form-data field "input")'], undefined, {
			field: 'input',
		});
	}
	let form;
	try {
		form = await parseMultipart(call.req, {
			fileSizeLimit: svc.config.batchMaxFileBytes,
			destination: (field) => (field === 'input' ? 'buffer' : 'skip'),
		});
	} catch (error) {
		if (error instanceof MultipartError)
			throw badRequest(`Malformed multipart body: ${error.message}`);
		throw error;
	}
	const file = form.files.find((f) => f.field === 'input');
	if (!file)
		throw badRequest(['input file is required (multipart/form-data field "input")'], undefined, {
			field: 'input',
		});
	if (file.truncated) {
		throw new SyncHttpError(
			413,
			'generation_input_validation_failed',
			`The input file exceeds ${svc.config.batchMaxFileBytes} bytes`,
			{
				field: 'input',
			},
		);
	}
	const field = (name: string) => form.fields.find(([n]) => n === name)?.[1];
	const dryRunRaw = field('dry_run');
	if (dryRunRaw !== undefined && dryRunRaw !== 'true' && dryRunRaw !== 'false') {
		throw badRequest(['dry_run must be a boolean value'], undefined, { field: 'dry_run' });
	}
	const webhookUrl = field('webhook_url');
	if (webhookUrl !== undefined && webhookUrl !== '') {
		if (!isHttpUrl(webhookUrl))
			throw badRequest(['webhook_url must be a URL address'], undefined, { field: 'webhook_url' });
		if (svc.config.requireHttpsWebhooks && !webhookUrl.startsWith('https:')) {
			throw badRequest(['webhook_url must be an https URL'], undefined, { field: 'webhook_url' });
		}
	}

	const { lines, requests } = validateLines(svc, orgId, file.buffer!.toString('utf8'));

	if (batchLimit > 0 && svc.batches.running(orgId).length >= batchLimit) {
		throw new SyncHttpError(
			429,
			'concurrency_limit_reached',
			`Batch concurrency limit reached. Your plan allows ${batchLimit} running batches; wait for one to finish.`,
		);
	}
	if (dryRunRaw === 'true') {
		sendJson(call.res, 200, { status: 'VALIDATED' });
		return;
	}
	const batch = svc.batches.create(orgId, lines, requests, webhookUrl || null);
	sendJson(call.res, 201, wireBatch(batch, svc.store));
}

/** Parses and validates every JSONL line; all problems are reported, each naming its line. */
function validateLines(
	svc: SyncService,
	orgId: string,
	text: string,
): { lines: BatchRequestLine[]; requests: CreateRequest[] } {
	const errors: string[] = [];
	const lines: BatchRequestLine[] = [];
	const requests: CreateRequest[] = [];
	const seen = new Map<string, number>();
	const rawLines = text.split(/\r?\n/);
	const numbered = rawLines
		.map((raw, i) => ({ raw, number: i + 1 }))
		.filter((line) => line.raw.trim() !== '');
	const { batchMinLines: min, batchMaxLines: max } = svc.config;
	if (numbered.length < min || numbered.length > max) {
		throw badRequest(
			[`The input file must contain between ${min} and ${max} requests, found ${numbered.length}`],
			undefined,
			{
				field: 'input',
			},
		);
	}
	for (const { raw, number } of numbered) {
		const at = `Line ${number}`;
		let parsed: unknown;
		try {
			parsed = JSON.parse(raw);
		} catch (error) {
			errors.push(`${at}: invalid JSON (${(error as Error).message})`);
			continue;
		}
		if (!isObject(parsed)) {
			errors.push(`${at}: must be a JSON object`);
			continue;
		}
		const requestId = parsed.request_id;
		if (typeof requestId !== 'string' || requestId.trim() === '') {
			errors.push(`${at}: request_id is required`);
		} else if (seen.has(requestId)) {
			errors.push(
				`${at}: duplicate request_id "${requestId}" (first used on line ${seen.get(requestId)})`,
			);
		} else {
			seen.set(requestId, number);
		}
		if (parsed.endpoint !== '/v2/generate') errors.push(`${at}: endpoint must be "/v2/generate"`);
		try {
			const request = validateCreateGeneration(parsed.payload, {
				config: svc.config,
				store: svc.store,
				orgId,
			});
			if (typeof requestId === 'string' && parsed.endpoint === '/v2/generate') {
				lines.push({ requestId, payload: parsed.payload as Record<string, unknown> });
				requests.push(request);
			}
		} catch (error) {
			if (!(error instanceof SyncHttpError)) throw error;
			const messages = Array.isArray(error.messages) ? error.messages : [error.messages];
			for (const message of messages) {
				errors.push(`${at}: payload: ${message}${error.errorCode ? ` (${error.errorCode})` : ''}`);
			}
		}
	}
	if (errors.length > 0) {
		const shown = errors.slice(0, maxReportedLineErrors);
		if (errors.length > shown.length)
			shown.push(`... and ${errors.length - shown.length} more errors`);
		throw badRequest(shown, undefined, { field: 'input' });
	}
	return { lines, requests };
}

export async function getBatch(call: SyncCall): Promise<void> {
	const batch = call.svc.store.batches.get(call.params.id);
	if (!batch || batch.orgId !== call.orgId) {
		throw new SyncHttpError(404, 'batch_not_found', `Batch ${call.params.id} not found`);
	}
	sendJson(call.res, 200, wireBatch(batch, call.svc.store));
}

export async function listBatches(call: SyncCall): Promise<void> {
	const query = call.url.searchParams;
	const errors: string[] = [];
	const status = query.get('status');
	if (status !== null && !(batchStatuses as readonly string[]).includes(status)) {
		errors.push(`status must be one of the following values: ${batchStatuses.join(', ')}`);
	}
	const after = dateParam(query.get('created_after'), 'created_after', errors);
	const before = dateParam(query.get('created_before'), 'created_before', errors);
	if (errors.length > 0) throw badRequest(errors);
	const batches = [...call.svc.store.batches.values()]
		.filter((b) => b.orgId === call.orgId)
		.filter((b) => status === null || b.status === status)
		.filter((b) => after === undefined || Date.parse(b.createdAt) >= after)
		.filter((b) => before === undefined || Date.parse(b.createdAt) <= before)
		.reverse();
	sendJson(
		call.res,
		200,
		batches.map((b) => wireBatch(b, call.svc.store)),
	);
}

/** The JSONL result at a completed batch's outputUrl (served without requiring the key). */
export async function batchResult(call: SyncCall): Promise<void> {
	const batch = call.svc.store.batches.get(call.params.id);
	if (!batch || batch.status !== 'COMPLETED') {
		throw new SyncHttpError(404, 'batch_not_found', `No result for batch ${call.params.id}`);
	}
	sendText(
		call.res,
		200,
		call.svc.batches.resultLines(batch),
		'application/x-ndjson; charset=utf-8',
	);
}

function dateParam(value: string | null, name: string, errors: string[]): number | undefined {
	if (value === null) return undefined;
	const time = Date.parse(value);
	if (Number.isNaN(time)) errors.push(`${name} must be a valid ISO 8601 date string`);
	return time;
}
