import type { IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../shared/errors';

/** Reads an id parameter (generation, batch, asset): required, one token, no path characters. */
export function readId(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	itemIndex: number,
): string {
	const id = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!id) throw parameterError(context, itemIndex, `"${displayName}" is empty`);
	if (id.length > 128 || /[\s/?#]/.test(id)) {
		throw parameterError(
			context,
			itemIndex,
			`"${displayName}" is not a valid ID: "${id.slice(0, 60)}"`,
			'Use the "id" field of a previous output, e.g. {{ $json.id }}.',
		);
	}
	return id;
}

/** A number parameter that must lie within [min, max] (expressions can bypass the UI bounds). */
export function readNumberInRange(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	itemIndex: number,
	range: { min: number; max: number; integer?: boolean; fallback: number; exclusiveMin?: boolean },
): number {
	const raw = context.getNodeParameter(name, itemIndex, range.fallback);
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	const belowMin = range.exclusiveMin ? Number(value) <= range.min : Number(value) < range.min;
	if (
		typeof value !== 'number' ||
		!Number.isFinite(value) ||
		belowMin ||
		value > range.max ||
		(range.integer && !Number.isInteger(value))
	) {
		const kind = range.integer ? 'a whole number' : 'a number';
		const lower = range.exclusiveMin ? `greater than ${range.min}` : `from ${range.min}`;
		throw parameterError(
			context,
			itemIndex,
			`"${displayName}" must be ${kind} ${lower} ${range.exclusiveMin ? 'and at most' : 'to'} ${range.max}, got ${JSON.stringify(raw)}`,
		);
	}
	return value;
}
