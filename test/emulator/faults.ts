import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

import { drain, sendJson } from './http';
import type { Scheduler } from './scheduler';
import { sendVendorError, type Vendor } from './vendorErrors';

export type { Vendor } from './vendorErrors';

/**
 * Fault injection: a rule matches the next N requests by vendor, method and path regex (the path
 * relative to the vendor prefix, e.g. `/v2/generate` or `/outputs/x.mp4`, without query) and
 * replaces or disturbs the normal response.
 */

export interface FaultMatch {
	/** Default 'any'. */
	vendor?: Vendor | 'any';
	/** HTTP method, case-insensitive; default any. */
	method?: string;
	/** Regex (or its source) tested against the vendor-relative path; default any. */
	path?: string | RegExp;
	/** How many matching requests the rule applies to; default 1. */
	times?: number;
}

export type FaultAction =
	/** Answer with this status and the vendor's error body (or `body` verbatim). */
	| {
			kind: 'status';
			status: number;
			errorCode?: string;
			message?: string;
			body?: unknown;
			headers?: Record<string, string>;
	  }
	/**
	 * Reset the TCP connection: before reading the body, after reading it (request not
	 * processed), or after processing it (side effects happen, the response is lost).
	 */
	| { kind: 'reset'; when?: 'beforeBody' | 'afterBody' | 'afterProcessing' }
	/** Wait, then handle the request normally. */
	| { kind: 'delay'; delayMs: number }
	/** Handle normally but close the connection after `afterBytes` body bytes (default half). */
	| { kind: 'truncate'; afterBytes?: number }
	/** Answer `status` (default 200) with a JSON content type and a cut-off JSON body. */
	| { kind: 'malformedJson'; status?: number }
	/** 429 with `Retry-After` and `retryAfterSeconds` (default 1 s). */
	| { kind: 'rateLimit'; retryAfterSeconds?: number; errorCode?: string; message?: string };

export type FaultRule = FaultMatch & FaultAction;

interface ActiveRule {
	rule: FaultRule;
	regex?: RegExp;
	remaining: number;
}

export class FaultBook {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		const regex =
			rule.path === undefined
				? undefined
				: rule.path instanceof RegExp
					? rule.path
					: new RegExp(rule.path);
		this.rules.push({ rule, regex, remaining: rule.times ?? 1 });
	}

	clear(): void {
		this.rules = [];
	}

	list(): Array<FaultRule & { remaining: number }> {
		return this.rules.map((r) => ({
			...r.rule,
			path: r.regex?.source,
			remaining: r.remaining,
		}));
	}

	/** First matching rule with uses left; consumes one use. */
	take(vendor: Vendor, method: string, path: string): FaultRule | undefined {
		for (const active of this.rules) {
			const { rule } = active;
			if (active.remaining <= 0) continue;
			if (rule.vendor && rule.vendor !== 'any' && rule.vendor !== vendor) continue;
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
			if (active.regex && !active.regex.test(path)) continue;
			active.remaining--;
			this.rules = this.rules.filter((r) => r.remaining > 0);
			return rule;
		}
		return undefined;
	}
}

/**
 * Applies a fault. Returns 'handled' when the request is finished, 'continue' when the normal
 * handler should still run (delay, truncate, reset after processing).
 */
export async function applyFault(
	rule: FaultRule,
	vendor: Vendor,
	req: IncomingMessage,
	res: ServerResponse,
	scheduler: Scheduler,
): Promise<'handled' | 'continue'> {
	switch (rule.kind) {
		case 'status': {
			await drain(req);
			if (rule.body !== undefined) {
				sendJson(res, rule.status, rule.body, rule.headers);
				return 'handled';
			}
			await sendVendorError(
				req,
				res,
				vendor,
				rule.status,
				rule.errorCode,
				rule.message,
				{},
				rule.headers,
			);
			return 'handled';
		}
		case 'reset': {
			const when = rule.when ?? 'beforeBody';
			if (when === 'afterProcessing') {
				resetOnResponse(req, res);
				return 'continue';
			}
			if (when === 'afterBody') await drain(req);
			resetConnection(req);
			return 'handled';
		}
		case 'delay':
			await scheduler.sleep(rule.delayMs);
			return res.destroyed ? 'handled' : 'continue';
		case 'truncate':
			truncateResponse(req, res, rule.afterBytes);
			return 'continue';
		case 'malformedJson': {
			await drain(req);
			const text = '{"id":"3f2a9c1e-0b7d-4c55-9d1e-';
			res.writeHead(rule.status ?? 200, {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Length': Buffer.byteLength(text),
			});
			res.end(text);
			return 'handled';
		}
		case 'rateLimit': {
			await drain(req);
			const seconds = rule.retryAfterSeconds ?? 1;
			await sendVendorError(
				req,
				res,
				vendor,
				429,
				rule.errorCode,
				rule.message,
				{ retryAfterSeconds: seconds },
				{ 'Retry-After': String(seconds) },
			);
			return 'handled';
		}
	}
}

export function resetConnection(req: IncomingMessage): void {
	const socket = req.socket;
	if (!socket.destroyed) socket.resetAndDestroy();
}

/** Lets the handler run (with its side effects) but resets the connection instead of answering. */
function resetOnResponse(req: IncomingMessage, res: ServerResponse): void {
	const kill = () => resetConnection(req);
	const patched = res as unknown as Record<string, unknown>;
	patched.writeHead = () => res;
	patched.write = () => {
		kill();
		return false;
	};
	patched.end = () => {
		kill();
		return res;
	};
}

/** Sends the headers and only the first bytes of the body, then closes the socket. */
function truncateResponse(req: IncomingMessage, res: ServerResponse, afterBytes?: number): void {
	let limit = afterBytes;
	let sent = 0;
	let cut = false;
	const origWriteHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
	const origWrite = res.write.bind(res) as (chunk: unknown, cb?: () => void) => boolean;
	const origEnd = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
	const patched = res as unknown as Record<string, unknown>;
	patched.writeHead = (...args: unknown[]) => {
		if (limit === undefined) {
			const headers = args.find((a) => typeof a === 'object' && a !== null) as
				| OutgoingHttpHeaders
				| undefined;
			const length = Object.entries(headers ?? {}).find(
				([k]) => k.toLowerCase() === 'content-length',
			)?.[1];
			limit = length !== undefined ? Math.floor(Number(length) / 2) : 1024;
		}
		return origWriteHead(...args);
	};
	const take = (chunk: unknown): boolean => {
		if (cut) return false;
		const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer | undefined);
		if (!buf || buf.length === 0) return true;
		const max = (limit ?? 1024) - sent;
		if (buf.length <= max) {
			sent += buf.length;
			return origWrite(buf);
		}
		cut = true;
		const finish = () => req.socket.destroy();
		if (max > 0) origWrite(buf.subarray(0, max), finish);
		else finish();
		return false;
	};
	patched.write = (chunk: unknown) => take(chunk);
	patched.end = (chunk?: unknown) => {
		if (typeof chunk === 'function') chunk = undefined;
		take(chunk);
		// When the whole body fit below the limit the response simply completes.
		if (!cut) origEnd();
		return res;
	};
}
