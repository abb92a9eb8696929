import type { IncomingMessage, ServerResponse } from 'node:http';

import { BodyTooLargeError, mediaType, readBody } from '../http';
import type { SyncPlan } from './config';
import { badRequest, SyncHttpError } from './errors';
import type { SyncService } from './service';

/** One authenticated request to a Sync route. */
export interface SyncCall {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	params: Record<string, string>;
	apiKey: string;
	orgId: string;
	plan: SyncPlan;
	svc: SyncService;
}

export type SyncRouteHandler = (call: SyncCall) => Promise<void>;

/**
 * The JSON body as Nest's body parser gives it: parsed for `application/json`, `{}` for any other
 * content type (so validation reports the missing fields), 400 with the parser's text when broken.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
	let raw: Buffer;
	try {
		raw = await readBody(req);
	} catch (error) {
		if (error instanceof BodyTooLargeError) {
			throw new SyncHttpError(
				413,
				'generation_input_validation_failed',
				'request entity too large',
			);
		}
		throw error;
	}
	const type = mediaType(req);
	if (type !== 'application/json' && !type.endsWith('+json')) return {};
	if (raw.length === 0) return {};
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch (error) {
		throw badRequest((error as Error).message);
	}
}
