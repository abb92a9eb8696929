import type { INodePropertyOptions } from 'n8n-workflow';

/** Languages Sync can dub into (`dubParams.targetLang`), in the order of Sync's 2026 spec. */
export const DUBBING_LANGUAGES: ReadonlyArray<readonly [code: string, name: string]> = [
	['en', 'English'],
	['gu', 'Gujarati'],
	['no', 'Norwegian'],
	['sl', 'Slovenian'],
	['pa', 'Punjabi'],
	['ta', 'Tamil'],
	['az', 'Azerbaijani'],
	['gl', 'Galician'],
	['is', 'Icelandic'],
	['sw', 'Swahili'],
	['my', 'Burmese'],
	['fi', 'Finnish'],
	['el', 'Greek'],
	['he', 'Hebrew'],
	['lt', 'Lithuanian'],
	['ms', 'Malay'],
	['sv', 'Swedish'],
	['fr', 'French'],
	['ca', 'Catalan'],
	['hr', 'Croatian'],
	['lv', 'Latvian'],
	['ro', 'Romanian'],
	['sd', 'Sindhi'],
	['th', 'Thai'],
	['tn', 'Tswana'],
	['pl', 'Polish'],
	['ceb', 'Cebuano'],
	['da', 'Danish'],
	['hu', 'Hungarian'],
	['mr', 'Marathi'],
	['tl', 'Tagalog'],
	['ug', 'Uyghur'],
	['wo', 'Wolof'],
	['zu', 'Zulu'],
	['zh', 'Chinese'],
	['hi', 'Hindi'],
	['as', 'Assamese'],
	['ha', 'Hausa'],
	['kk', 'Kazakh'],
	['ki', 'Kikuyu'],
	['rn', 'Kirundi'],
	['ky', 'Kyrgyz'],
	['st', 'Sesotho'],
	['te', 'Telugu'],
	['war', 'Waray'],
	['ak', 'Akan'],
	['be', 'Belarusian'],
	['cs', 'Czech'],
	['ka', 'Georgian'],
	['mn', 'Mongolian'],
	['bo', 'Tibetan'],
	['ts', 'Tsonga'],
	['ar', 'Arabic'],
	['ss', 'Swati'],
	['nl', 'Dutch'],
	['tr', 'Turkish'],
	['af', 'Afrikaans'],
	['bs', 'Bosnian'],
	['et', 'Estonian'],
	['rw', 'Kinyarwanda'],
	['ne', 'Nepali'],
	['ko', 'Korean'],
	['it', 'Italian'],
	['es', 'Spanish'],
	['sq', 'Albanian'],
	['eu', 'Basque'],
	['kn', 'Kannada'],
	['sk', 'Slovak'],
	['su', 'Sundanese'],
	['ve', 'Venda'],
	['pt', 'Portuguese'],
	['am', 'Amharic'],
	['hy', 'Armenian'],
	['doi', 'Dogri'],
	['de', 'German'],
	['jv', 'Javanese'],
	['mk', 'Macedonian'],
	['ja', 'Japanese'],
	['vi', 'Vietnamese'],
	['cy', 'Welsh'],
	['nso', 'Northern Sotho'],
	['uk', 'Ukrainian'],
	['bg', 'Bulgarian'],
	['id', 'Indonesian'],
	['lg', 'Luganda'],
	['yo', 'Yoruba'],
	['ml', 'Malayalam'],
	['fa', 'Persian'],
	['tg', 'Tajik'],
	['ur', 'Urdu'],
	['uz', 'Uzbek'],
	['ru', 'Russian'],
	['fil', 'Filipino'],
];

const byCode = new Map(DUBBING_LANGUAGES.map(([code, name]) => [code, name]));
const byName = new Map(DUBBING_LANGUAGES.map(([code, name]) => [name.toLowerCase(), code]));

/** Options sorted by name, shown as "Spanish (es)". */
export const dubbingLanguageOptions: INodePropertyOptions[] = [...DUBBING_LANGUAGES]
	.sort((a, b) => a[1].localeCompare(b[1]))
	.map(([code, name]) => ({ name: `${name} (${code})`, value: code }));

/**
 * Resolves what a user (or an expression) gave: a code (`es`), a name (`Spanish`), or the option
 * label (`Spanish (es)`). Returns the code, or undefined when it is not a dubbing language.
 */
export function resolveLanguage(value: string): string | undefined {
	const text = value.trim();
	const labelled = /\(([a-z]{2,3})\)\s*$/i.exec(text);
	const candidate = (labelled ? labelled[1] : text).toLowerCase();
	if (byCode.has(candidate)) return candidate;
	return byName.get(text.toLowerCase());
}
