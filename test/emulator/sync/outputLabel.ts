import path from 'node:path';

import type { Mp4Label } from '../media/mp4Annotate';
import type { Generation } from './store';

/**
 * The words written into a generation's output video, so a file found later (in a bucket, on
 * disk) tells what it is: which model did what (dub language or the voice it was lip-synced
 * to), from which video, and which generation made it.
 */

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

function languageName(code: string): string {
	try {
		return languageNames.of(code) ?? code;
	} catch {
		return code;
	}
}

/** Last path segment of a URL, or undefined. */
export function urlFileName(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	try {
		return decodeURIComponent(path.posix.basename(new URL(url).pathname)) || undefined;
	} catch {
		return undefined;
	}
}

/** "dubbed into Spanish (es)" or "lip-synced to voice.wav". */
function whatWasDone(gen: Generation): string {
	const targetLang = gen.dubParams?.targetLang;
	if (typeof targetLang === 'string')
		return `dubbed into ${languageName(targetLang)} (${targetLang})`;
	const voice = gen.input.find((item) => item.type === 'audio' || item.type === 'text');
	if (voice?.type === 'text') return 'lip-synced to text-to-speech';
	const audioName = urlFileName(voice?.url);
	return audioName ? `lip-synced to ${audioName}` : 'lip-synced';
}

/**
 * The label of `gen`'s output. `source` names the picture it was made from: the input video's
 * file name, or a note that the canned clip stands in for it.
 */
export function outputLabel(gen: Generation, source: string): Mp4Label {
	const done = whatWasDone(gen);
	const lines = [
		`Sync Labs emulator · ${gen.model}`,
		done,
		`from ${source}`,
		`generation ${gen.id}`,
	];
	return {
		subtitle: lines.join('\n'),
		title: `${source} · ${done}`,
		comment: lines.join(' · '),
	};
}
