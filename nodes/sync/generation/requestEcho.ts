import type { IDataObject } from 'n8n-workflow';

import type { Generation } from '../api/generations';

/** Fields without which a generation cannot be told apart from any other. */
const REQUIRED = new Set(['model', 'input']);

/**
 * Whether `generation` is what Sync made of the request `body`: every field Sync echoes back holds
 * what the request sent (the echo may add defaults). A field the echo leaves out cannot tell
 * requests apart (Sync documents no echo of `dubParams`, for one); `model` and `input` must be
 * there. A value Sync rewrites on its side (an uploaded file given back as a URL) does not match,
 * which errs on the side of submitting again.
 */
export function isEchoOf(
	body: IDataObject,
	generation: Generation,
	ignore: string[] = [],
): boolean {
	const echo = generation as IDataObject;
	return Object.entries(body).every(([field, sent]) => {
		if (ignore.includes(field)) return true;
		const echoed = echo[field];
		if (echoed === undefined || echoed === null) return !REQUIRED.has(field);
		return holds(echoed, sent);
	});
}

/** `echoed` holds `sent`: equal values, arrays item by item, objects field by field. */
function holds(echoed: unknown, sent: unknown): boolean {
	if (Array.isArray(sent)) {
		return (
			Array.isArray(echoed) &&
			echoed.length === sent.length &&
			sent.every((value, index) => holds(echoed[index], value))
		);
	}
	if (sent !== null && typeof sent === 'object') {
		if (echoed === null || typeof echoed !== 'object') return false;
		const fields = echoed as Record<string, unknown>;
		return Object.entries(sent).every(([key, value]) => holds(fields[key], value));
	}
	return echoed === sent;
}
