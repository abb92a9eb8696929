import { box, childBoxes, fullBox, handlerBox, u32, type BoxSpan } from './mp4Boxes';

/**
 * iTunes-style movie metadata (`moov/udta/meta/ilst`): the title (`©nam`) and comment (`©cmt`)
 * that players, file browsers and `ffprobe` show. Other metadata of the input is kept.
 */

export interface MovieTags {
	title: string;
	comment: string;
}

const TITLE = '\xa9nam';
const COMMENT = '\xa9cmt';

function textItem(type: string, text: string): Buffer {
	// data box: type 1 = UTF-8, locale 0.
	return box(type, box('data', u32(1), u32(0), Buffer.from(text, 'utf8')));
}

function tagItems(tags: MovieTags): Buffer[] {
	return [textItem(TITLE, tags.title), textItem(COMMENT, tags.comment)];
}

function slices(buf: Buffer, spans: BoxSpan[]): Buffer[] {
	return spans.map((span) => buf.subarray(span.start, span.end));
}

/**
 * The `meta` box of `existing` (a `meta` box, full-box form) with our title and comment in its
 * `ilst`; undefined when it is not a readable `mdir` metadata box (then it is replaced).
 */
function mergedMeta(existing: Buffer, tags: MovieTags): Buffer | undefined {
	const children = childBoxes(existing, 12);
	const handler = children?.find((c) => c.type === 'hdlr');
	if (!children || !handler) return undefined;
	if (existing.toString('latin1', handler.start + 16, handler.start + 20) !== 'mdir') {
		return undefined;
	}
	const ilst = children.find((c) => c.type === 'ilst');
	const items = ilst ? childBoxes(existing, ilst.start + ilst.headerSize, ilst.end) : [];
	if (!items) return undefined;
	const kept = items.filter((item) => item.type !== TITLE && item.type !== COMMENT);
	const newIlst = box('ilst', ...slices(existing, kept), ...tagItems(tags));
	const others = slices(
		existing,
		children.filter((c) => c.type !== 'ilst'),
	);
	return fullBox('meta', 0, 0, ...others, newIlst);
}

/**
 * A `udta` box carrying `tags`: the payload of the input's `udta` (if any) with its metadata
 * merged, or a new one.
 */
export function udtaWithTags(udtaPayload: Buffer | undefined, tags: MovieTags): Buffer {
	const fresh = () =>
		fullBox('meta', 0, 0, handlerBox('mdir', '', 'appl'), box('ilst', ...tagItems(tags)));
	const children = udtaPayload ? childBoxes(udtaPayload) : [];
	if (!udtaPayload || !children) return box('udta', fresh());
	const parts: Buffer[] = [];
	let tagged = false;
	for (const child of children) {
		const bytes = udtaPayload.subarray(child.start, child.end);
		if (child.type === 'meta' && !tagged && child.headerSize === 8) {
			parts.push(mergedMeta(bytes, tags) ?? fresh());
			tagged = true;
		} else if (child.type !== 'meta') {
			parts.push(bytes);
		}
	}
	if (!tagged) parts.push(fresh());
	return box('udta', ...parts);
}
