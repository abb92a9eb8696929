/** One page of a cursor-paginated list; no `nextCursor` means it was the last page. */
export interface Page<T> {
	items: T[];
	nextCursor?: string;
}

export interface PagingOptions<T> {
	/** Items to ask for per page. */
	pageSize: number;
	/** Items to keep at most (default: all). */
	max?: number;
	/** Pages to read at most (default: no bound besides `max`). */
	maxPages?: number;
	/** Where to start (a cursor a previous walk ended at). */
	cursor?: string;
	/** Identity of an item: a page that brings nothing new ends the walk. */
	key: (item: T) => string;
	/** Which items to keep (a search); the walk goes on until `max` are kept. */
	keep?: (item: T) => boolean;
	/** Stop early once what was kept so far is enough. */
	enough?: (items: T[]) => boolean;
}

/**
 * Walks a cursor-paginated list page by page and returns what it kept and where it stopped. It
 * never loops forever: a repeated cursor or a page of items already seen (a server that ignores
 * the cursor) ends the walk.
 */
export async function readPages<T>(
	fetchPage: (cursor: string | undefined, pageSize: number) => Promise<Page<T>>,
	options: PagingOptions<T>,
): Promise<Page<T>> {
	const max = options.max ?? Infinity;
	const kept: T[] = [];
	const seen = new Set<string>();
	const cursors = new Set<string>();
	let cursor = options.cursor;
	for (let pages = 0; pages < (options.maxPages ?? Infinity); pages += 1) {
		const pageSize = options.keep
			? options.pageSize
			: Math.min(options.pageSize, max - kept.length);
		const page = await fetchPage(cursor, pageSize);
		const fresh = page.items.filter((item) => !seen.has(options.key(item)));
		for (const item of fresh) seen.add(options.key(item));
		kept.push(...(options.keep ? fresh.filter(options.keep) : fresh));
		const repeated = page.nextCursor !== undefined && cursors.has(page.nextCursor);
		cursor = repeated || fresh.length === 0 ? undefined : page.nextCursor;
		if (!cursor || kept.length >= max || options.enough?.(kept)) break;
		cursors.add(cursor);
	}
	return { items: kept.slice(0, max), nextCursor: cursor };
}

/** Every item of a cursor-paginated list (up to `max`). */
export async function collectPages<T>(
	fetchPage: (cursor: string | undefined, pageSize: number) => Promise<Page<T>>,
	options: PagingOptions<T>,
): Promise<T[]> {
	return (await readPages(fetchPage, options)).items;
}
