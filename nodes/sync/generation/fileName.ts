/**
 * One file-name scheme for every video the Sync nodes output: `<name>-<label>….mp4`, e.g.
 * `interview-es.mp4`. The name is the input's file name (a binary's, or the last part of a URL's
 * path) or the user's Output File Name, else `sync-<generation id>`; labels (a dub's language)
 * follow, joined with `-`. Names keep to what Sync accepts as `outputFileName`.
 */

/** Sync's `outputFileName` alphabet (letters, digits, `_`, `-`; at most 255). */
const UNSAFE = /[^A-Za-z0-9_-]+/g;
/** Room left for the labels within Sync's 255 characters. */
const MAX_BASE_LENGTH = 200;

/** A file name (or path) without its folder and extension, in Sync's alphabet; undefined if empty. */
export function fileBaseName(fileName: string | undefined): string | undefined {
	const last = (fileName ?? '').split(/[\\/]/).pop() ?? '';
	const base = last
		.replace(/\.[^.]*$/, '')
		.replace(UNSAFE, '_')
		.replace(/^[_-]+|[_-]+$/g, '')
		.slice(0, MAX_BASE_LENGTH);
	return base || undefined;
}

/** The file name a URL's path ends with (`…/talk.mp4?sig=…` → `talk`), when it names one. */
export function urlFileBaseName(url: string): string | undefined {
	let path: string;
	try {
		path = new URL(url).pathname;
	} catch {
		return undefined;
	}
	const last = path.split('/').pop() ?? '';
	// A path without a file (`/videos/`) or without an extension (`/v/123`) names no file.
	if (!/\.[A-Za-z0-9]{1,5}$/.test(last)) return undefined;
	try {
		return fileBaseName(decodeURIComponent(last));
	} catch {
		return fileBaseName(last);
	}
}

/** `name-label1-label2`; a label the name already ends with (`talk-es`, `talk_es`) is not repeated. */
export function labelledName(name: string, labels: string[]): string {
	let result = name;
	for (const label of labels.filter(Boolean)) {
		const lower = result.toLowerCase();
		const ending = label.toLowerCase();
		if (lower.endsWith(`-${ending}`) || lower.endsWith(`_${ending}`)) continue;
		result = `${result}-${label}`;
	}
	return result;
}

/** The name of a generation's output file, without extension. */
export function outputBaseName(
	generation: { id: string; outputFileName?: string | null },
	labels: string[] = [],
): string {
	return labelledName(generation.outputFileName || `sync-${generation.id}`, labels);
}
