import type { IExecuteFunctions, INode, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

/**
 * The one way this package refuses bad input, before any request: every refusal names the field
 * as the user sees it, the rule it breaks, what it got, and the item. Messages read
 * `"<Field>" <rule>, got <value> (item <n>)`; the error's context carries field and rule, so
 * Continue On Fail items say them too.
 */
export interface Violation {
	/**
	 * The parameter as the editor labels it, e.g. `Temperature` or `Speaker 2: Voice ID`; several
	 * when the rule ties them together.
	 */
	field: string | string[];
	/** What the value must be or what is wrong with it, e.g. `must be between 0 and 1`. */
	rule: string;
	/** The offending value, quoted into the message when given. */
	got?: unknown;
	/** What to do about it (shown as the error's description). */
	hint?: string;
}

type NodeContext = { getNode(): INode };

/** A value as it appears in a message: strings quoted and cut short, others as JSON. */
export function shown(value: unknown): string {
	if (typeof value === 'string') return `"${value.slice(0, 100)}"`;
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** A field label in quotes, unless it quotes a name itself (`Binary property "data"`). */
const quoted = (field: string) => (field.includes('"') ? field : `"${field}"`);

/** "(item 2)" or "(items 0, 1, 2)": how this package points at input items in messages. */
export function itemLabel(items: number | number[]): string {
	const list = [items].flat();
	return list.length === 1 ? `(item ${list[0]})` : `(items ${list.join(', ')})`;
}

/**
 * The error for a violation, for the item (or items, when one request serves several) it was
 * found in; undefined for node-level settings (one value for all items).
 */
export function invalidParameter(
	context: NodeContext,
	items: number | number[] | undefined,
	violation: Violation,
): NodeOperationError {
	const got = 'got' in violation ? `, got ${shown(violation.got)}` : '';
	const item = items === undefined ? '' : ` ${itemLabel(items)}`;
	const itemIndex = items === undefined ? undefined : [items].flat()[0];
	const fields = [violation.field].flat();
	const error = new NodeOperationError(
		context.getNode(),
		`${fields.map(quoted).join(' and ')} ${violation.rule}${got}${item}`,
		{ itemIndex, description: violation.hint },
	);
	error.context.field = fields.join(', ');
	error.context.rule = violation.rule;
	return error;
}

/** Numeric bounds of a parameter; expressions can bypass the editor's own limits. */
export interface NumberRange {
	min: number;
	max: number;
	/** `min` itself is not allowed. */
	exclusiveMin?: boolean;
	integer?: boolean;
	/** The rule in words, where the field has its own way of saying it. */
	rule?: string;
}

function rangeRule({ min, max, exclusiveMin, integer, rule }: NumberRange): string {
	if (rule) return rule;
	const kind = integer ? 'a whole number' : 'a number';
	return exclusiveMin
		? `must be ${kind} greater than ${min} and at most ${max}`
		: `must be ${kind} from ${min} to ${max}`;
}

/**
 * The checks one item's parameters go through. Each takes the value (read by the caller or by
 * `read`) and returns it typed, or throws the Violation error for this item.
 */
export class ParameterChecks {
	constructor(
		private readonly context: NodeContext,
		/** The item reported in errors; undefined for node-level settings. */
		readonly itemIndex: number | undefined,
		private readonly readParameter: (name: string, fallback?: unknown) => unknown,
		/** Every item a failure concerns, when one request serves several. */
		private readonly reportedItems?: number[],
	) {}

	/** A parameter's value; a resource locator gives its value. */
	read(name: string, fallback?: unknown): unknown {
		return locatorValue(this.readParameter(name, fallback));
	}

	fail(violation: Violation): never {
		throw invalidParameter(this.context, this.reportedItems ?? this.itemIndex, violation);
	}

	/** A non-blank string, trimmed. */
	text(value: unknown, field: string, hint?: string): string {
		const text = String(value ?? '').trim();
		if (!text) this.fail({ field, rule: 'is empty', hint });
		return text;
	}

	/** A blank-or-string value, trimmed; undefined when blank. */
	optionalText(value: unknown): string | undefined {
		const text = String(value ?? '').trim();
		return text || undefined;
	}

	/** A switch; expressions may give "true"/"false" as text. Unset means `fallback`. */
	boolean(value: unknown, field: string, fallback: boolean): boolean {
		if (value === undefined || value === null || value === '') return fallback;
		if (value === true || value === 'true') return true;
		if (value === false || value === 'false') return false;
		this.fail({ field, rule: 'must be true or false', got: value });
	}

	oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
		if (!allowed.includes(value as T)) {
			this.fail({ field, rule: `must be one of ${allowed.join(', ')}`, got: value });
		}
		return value as T;
	}

	/** Every entry of a list must be allowed (multi-select parameters). */
	subsetOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T[] {
		const list = Array.isArray(value) ? value : [value];
		const unknown = list.filter((entry) => !allowed.includes(entry as T));
		if (!Array.isArray(value) || unknown.length > 0) {
			this.fail({
				field,
				rule: `may only contain ${allowed.join(', ')}`,
				got: unknown.length > 0 ? unknown : value,
			});
		}
		return value as T[];
	}

	number(value: unknown, field: string, range: NumberRange): number {
		const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		const belowMin =
			typeof number === 'number' && (range.exclusiveMin ? number <= range.min : number < range.min);
		if (
			typeof number !== 'number' ||
			!Number.isFinite(number) ||
			belowMin ||
			number > range.max ||
			(range.integer && !Number.isInteger(number))
		) {
			this.fail({ field, rule: rangeRule(range), got: value });
		}
		return number;
	}

	/** A vendor object's ID (a job, a batch, an asset): one token, no path characters. */
	id(value: unknown, field: string): string {
		const id = this.text(value, field);
		if (id.length > 128 || /[\s/?#]/.test(id)) {
			this.fail({
				field,
				rule: 'is not a valid ID',
				got: id,
				hint: 'Pick it from the list, or use the "id" field of a previous output, e.g. {{ $json.id }}.',
			});
		}
		return id;
	}

	/**
	 * A URL the vendor (or this node) fetches: http or https, and without a user name or password in
	 * it, which would travel to every host it is handed to and land in stored executions.
	 */
	httpUrl(value: unknown, field: string, hint?: string): string {
		const text = this.text(value, field);
		let url: URL | undefined;
		try {
			url = new URL(text);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
			this.fail({ field, rule: 'must be an http(s) URL', got: text, hint });
		}
		if (url.username || url.password) {
			this.fail({
				field,
				rule: 'must not contain a user name or password',
				got: `${url.protocol}//***@${url.host}${url.pathname}`,
				hint: 'Credentials in a URL would be passed on with it and stored in the execution. Use a pre-signed or public URL instead.',
			});
		}
		return text;
	}

	/** An optional date (a dateTime parameter, or text an expression gave); empty is undefined. */
	date(value: unknown, field: string): Date | undefined {
		const text = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
		if (!text) return undefined;
		const time = Date.parse(text);
		if (Number.isNaN(time)) this.fail({ field, rule: 'is not a date', got: text });
		return new Date(time);
	}

	/** Validates one field's value (a JSON object) with zod, naming each problem by its path. */
	fieldSchema<T extends z.ZodTypeAny>(
		schema: T,
		value: unknown,
		field: string,
		hint?: string,
	): z.output<T> {
		const parsed = schema.safeParse(value);
		if (parsed.success) return parsed.data;
		this.fail({ field, rule: `is not valid: ${issuesInWords(parsed.error)}`, hint });
	}

	/**
	 * Validates a value with a zod schema; the first issue becomes the Violation. `fields` maps the
	 * schema's keys to the labels the user sees.
	 */
	schema<T extends z.ZodTypeAny>(
		schema: T,
		value: unknown,
		fields: Record<string, string>,
		hint?: string,
	): z.output<T> {
		const parsed = schema.safeParse(value);
		if (parsed.success) return parsed.data;
		const [issue] = parsed.error.issues;
		const key = [...issue.path]
			.reverse()
			.find((part) => typeof part === 'string' && part in fields);
		this.fail({
			field: fields[String(key)] ?? (issue.path.join('.') || 'value'),
			rule: issue.message,
			hint,
		});
	}
}

/** A zod error's problems in words, each named by its path: `input.0.url: Required; …`. */
export function issuesInWords(error: z.ZodError, max = Infinity): string {
	return error.issues
		.slice(0, max)
		.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
		.join('; ');
}

/**
 * The value a resource locator holds (`{ __rl, mode, value }`), wherever it sits (also inside a
 * collection, where n8n's own `extractValue` does not reach); any other value as it is.
 */
function locatorValue(value: unknown): unknown {
	if (value && typeof value === 'object' && 'mode' in value && 'value' in value) {
		return (value as { value: unknown }).value;
	}
	return value;
}

/** The checks for item `itemIndex` of an execution. */
export function itemChecks(context: IExecuteFunctions, itemIndex: number): ParameterChecks {
	return new ParameterChecks(context, itemIndex, (name, fallback) =>
		context.getNodeParameter(name, itemIndex, fallback),
	);
}

/** The checks of one request that serves several items: read from the first, all named in errors. */
export function requestChecks(context: IExecuteFunctions, itemIndices: number[]): ParameterChecks {
	return new ParameterChecks(
		context,
		itemIndices[0],
		(name, fallback) => context.getNodeParameter(name, itemIndices[0], fallback),
		itemIndices,
	);
}

/** Checks of node-level settings: one value for every item (read from the first), no item named. */
export function nodeChecks(context: IExecuteFunctions): ParameterChecks {
	return new ParameterChecks(context, undefined, (name, fallback) =>
		context.getNodeParameter(name, 0, fallback),
	);
}

/** The same checks for a webhook call (settings of the node that received it). */
export function webhookChecks(context: IWebhookFunctions): ParameterChecks {
	return new ParameterChecks(context, undefined, (name, fallback) =>
		context.getNodeParameter(name, fallback),
	);
}
