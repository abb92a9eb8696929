import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BinaryInput } from '../../shared/binary';
import { collectPages } from '../../shared/pagination';
import type { Asset, AssetType } from '../api/assets';
import { listAssets } from '../api/assets';
import type { Generation } from '../api/generations';
import { isTerminal, listGenerations } from '../api/generations';
import { isEchoOf } from './requestEcho';

/**
 * n8n's **Retry** of a crashed or failed execution runs this node again as a new execution (mode
 * `retry`): new execution id, so new Idempotency-Keys. Nothing the earlier run wrote survives a
 * crash (n8n saves a node's context only when the execution ends or waits, after the request went
 * out), so a retry asks Sync what the earlier run created instead, and carries on with it.
 *
 * How far back it looks: n8n gives a node neither the retried execution's id nor its start.
 */
export const EARLIER_RUN_WINDOW_MS = 24 * 3_600_000;

const PAGE_SIZE = 100;
const MAX_GENERATION_PAGES = 20;
const MAX_ASSET_PAGES = 5;

/**
 * Whether this run looks for what an earlier run created: always in n8n's Retry, and on every run
 * with the option "Reuse Identical Recent Generations" (how to recover where n8n's Retry cannot,
 * e.g. after a queue worker died: n8n saves no start data for that execution).
 */
export function reusesEarlierWork(context: IExecuteFunctions): boolean {
	if (context.getMode() === 'retry') return true;
	return context.getNodeParameter('options.reuseRecentGenerations', 0, false) === true;
}

/** The generations an earlier run of this node left at Sync, handed out one job at a time. */
export interface EarlierRun {
	/**
	 * The generation made for the same request (`body`, compared with Sync's echo), newest first and
	 * each at most once; `undefined` when there is none or it failed at Sync (then submit anew).
	 */
	adopt(body: IDataObject, ignore: string[]): Promise<Generation | undefined>;
}

/** The earlier run's generations, when this run looks for them (`reusesEarlierWork`). */
export function earlierRun(context: IExecuteFunctions): EarlierRun | undefined {
	if (!reusesEarlierWork(context)) return undefined;
	const since = Date.now() - EARLIER_RUN_WINDOW_MS;
	let recent: Promise<Generation[]> | undefined;
	const claimed = new Set<string>();
	return {
		async adopt(body, ignore) {
			const generations = await (recent ??= generationsSince(context, since));
			const match = generations.find(
				(generation) => !claimed.has(generation.id) && isEchoOf(body, generation, ignore),
			);
			if (!match) return undefined;
			claimed.add(match.id);
			const failed = isTerminal(match.status) && match.status !== 'COMPLETED';
			context.logger.info(
				failed
					? `Retry: the earlier run's generation ${match.id} ended ${match.status}; submitting anew`
					: `Retry: carrying on with generation ${match.id} (${match.status}) of the earlier run instead of submitting again`,
			);
			return failed ? undefined : match;
		},
	};
}

/** Sync's generations created since `since`, newest first (the list's order with `limit`). */
async function generationsSince(context: IExecuteFunctions, since: number): Promise<Generation[]> {
	let pastWindow = false;
	return await collectPages(
		async (cursor, limit) => {
			const page = await listGenerations(context, { limit, cursor });
			pastWindow = page.items.some((generation) => createdBefore(generation, since));
			return page;
		},
		{
			pageSize: PAGE_SIZE,
			maxPages: MAX_GENERATION_PAGES,
			key: (generation) => generation.id,
			keep: (generation) => !createdBefore(generation, since),
			enough: () => pastWindow,
		},
	);
}

/**
 * When reusing earlier work, the asset an earlier run uploaded for this binary (same name, size and type, within
 * the window), so a crash after the upload does not leave a second copy in the library and the
 * retried request is the same as the first (which is how its generation is recognised).
 */
export async function earlierAsset(
	context: IExecuteFunctions,
	binary: BinaryInput,
	type: AssetType,
	itemIndex: number,
): Promise<Asset | undefined> {
	if (!reusesEarlierWork(context)) return undefined;
	const since = Date.now() - EARLIER_RUN_WINDOW_MS;
	const same = (asset: Asset) =>
		asset.name === binary.fileName &&
		asset.size === binary.size &&
		(!asset.type || asset.type === type) &&
		!createdBefore(asset, since);
	const [found] = await collectPages(
		async (cursor, limit) =>
			await listAssets(
				context,
				{ limit, cursor, types: [type], search: binary.fileName, newestFirst: true },
				itemIndex,
			),
		{
			pageSize: PAGE_SIZE,
			maxPages: MAX_ASSET_PAGES,
			key: (asset) => asset.id,
			keep: same,
			max: 1,
		},
	);
	if (found)
		context.logger.info(
			`Retry: using asset ${found.id} the earlier run uploaded for "${binary.fileName}"`,
		);
	return found;
}

function createdBefore(record: { createdAt?: string | null }, since: number): boolean {
	const createdAt = Date.parse(record.createdAt ?? '');
	return Number.isFinite(createdAt) && createdAt < since;
}
