import type { IDataObject } from 'n8n-workflow';

/**
 * "Wait for Webhook" identifies each generation's callback by query parameters of its resume URL:
 * the run's token, the input item and the job's place among that item's jobs (a dub into several
 * languages has several), plus labels for the output (`label.language=fr`). Sync keeps the URL
 * as the generation's `webhookUrl`, so the run's generations can be found again on resume.
 */

export interface JobTag {
	item: number;
	/** The job's place among its item's jobs, and how many the item has. */
	position: number;
	count: number;
	/** Fields the job's output item carries, e.g. `{ language: 'fr' }`. */
	label: Record<string, string>;
	/** The estimate the cost guard checked, in USD, and what it was based on. */
	estimate?: { cost: number; basis: string };
}

/** The run a callback belongs to. */
export interface RunOfCallback {
	token: string;
	itemCount: number;
	/** Jobs submitted in the run (0 when not told: runs of an older version). */
	jobCount: number;
}

const LABEL_PREFIX = 'label.';

/** The query parameters of one job's resume URL. */
export function tagQuery(run: RunOfCallback, tag: JobTag): Record<string, string> {
	const query: Record<string, string> = {
		wait: run.token,
		items: String(run.itemCount),
		total: String(run.jobCount),
		item: String(tag.item),
		job: String(tag.position),
		jobs: String(tag.count),
	};
	if (tag.estimate) {
		query.cost = String(tag.estimate.cost);
		query.costBasis = tag.estimate.basis;
	}
	for (const [key, value] of Object.entries(tag.label)) query[`${LABEL_PREFIX}${key}`] = value;
	return query;
}

/** The run a callback belongs to, from its query. */
export function runOfQuery(query: IDataObject): RunOfCallback | undefined {
	const token = typeof query.wait === 'string' ? query.wait : '';
	const itemCount = Number(query.items);
	const jobCount = query.total === undefined ? 0 : Number(query.total);
	const valid =
		token && Number.isInteger(itemCount) && itemCount >= 1 && Number.isInteger(jobCount);
	return valid ? { token, itemCount, jobCount } : undefined;
}

const wholeNumber = (value: string | null, fallback: number) => {
	const number = value === null ? fallback : Number(value);
	return Number.isInteger(number) && number >= 0 ? number : undefined;
};

/** The job a generation was submitted for, if its callback URL belongs to the run `token`. */
export function tagOfCallbackUrl(
	webhookUrl: string | null | undefined,
	token: string,
): JobTag | undefined {
	if (!webhookUrl) return undefined;
	let params: URLSearchParams;
	try {
		params = new URL(webhookUrl).searchParams;
	} catch {
		return undefined;
	}
	if (params.get('wait') !== token) return undefined;
	// URLs without job parameters come from runs of one job per item.
	const item = wholeNumber(params.get('item'), -1);
	const position = wholeNumber(params.get('job'), 0);
	const count = wholeNumber(params.get('jobs'), 1);
	if (item === undefined || position === undefined || count === undefined || position >= count)
		return undefined;
	const label: Record<string, string> = {};
	for (const [key, value] of params) {
		if (key.startsWith(LABEL_PREFIX)) label[key.slice(LABEL_PREFIX.length)] = value;
	}
	const cost = Number(params.get('cost'));
	const estimate =
		params.has('cost') && Number.isFinite(cost)
			? { cost, basis: params.get('costBasis') ?? '' }
			: undefined;
	return { item, position, count, label, estimate };
}
