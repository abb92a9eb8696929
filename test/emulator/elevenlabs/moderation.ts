import type { ElevenLabsConfig } from './config';
import type { CustomError } from './errors';

/**
 * Prompt moderation (reference §5, §8.3 step 11): a blocked term (artist, band) in the
 * description or a tag → 400 `bad_prompt` with a deterministic sanitised `prompt_suggestion`;
 * a "harmful" term → the same error without a suggestion.
 */

const BAD_PROMPT_MESSAGE =
	'Your prompt appears to have violated our Terms of Service. Please try again with a different prompt.';
const FALLBACK_SUGGESTION = 'An instrumental piece that matches the mood and pacing of the video.';
/** Words that only made sense next to the removed name ("in the style of X", "like X"). */
const DANGLING =
	/\b(in the style of|in the manner of|inspired by|similar to|style of|like|by|from)\s*([,.;:!?]|$)/gi;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function containsTerm(texts: string[], terms: string[]): boolean {
	return texts.some((text) =>
		terms.some((term) => term && text.toLowerCase().includes(term.toLowerCase())),
	);
}

/** The description without the blocked terms and the words that pointed at them. */
export function sanitisePrompt(description: string | undefined, blockedTerms: string[]): string {
	let text = description ?? '';
	for (const term of blockedTerms) {
		if (term) text = text.replace(new RegExp(escapeRegExp(term), 'gi'), ' ');
	}
	const tidy = (value: string) =>
		value
			.replace(/\s+/g, ' ')
			.replace(/\s+([,.;:!?])/g, '$1')
			.trim();
	text = tidy(text);
	let previous: string;
	do {
		previous = text;
		text = tidy(text.replace(DANGLING, '$2'));
	} while (text !== previous);
	text = text.replace(/^[\s,.;:!?-]+|[\s,;:-]+$/g, '').trim();
	if (text.split(/\s+/).filter(Boolean).length < 2) return FALLBACK_SUGGESTION;
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export function moderate(
	description: string | undefined,
	tags: string[],
	config: Pick<ElevenLabsConfig, 'blockedTerms' | 'harmfulTerms'>,
): CustomError | undefined {
	const texts = [description ?? '', ...tags];
	const param = containsTerm([description ?? ''], [...config.harmfulTerms, ...config.blockedTerms])
		? 'description'
		: 'tags';
	if (containsTerm(texts, config.harmfulTerms)) {
		return { status: 400, code: 'bad_prompt', message: BAD_PROMPT_MESSAGE, param };
	}
	if (containsTerm(texts, config.blockedTerms)) {
		return {
			status: 400,
			code: 'bad_prompt',
			message: BAD_PROMPT_MESSAGE,
			param,
			data: { prompt_suggestion: sanitisePrompt(description, config.blockedTerms) },
		};
	}
	return undefined;
}
