import { queryList, sendJson, sendText, uuidPattern } from '../http';
import { generationStatuses } from './catalogs';
import type { SyncCall } from './call';
import { badRequest, SyncHttpError } from './errors';
import type { Generation } from './store';

/** Generation routes after creation: get (long-poll), list, count, delete, download. */

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
