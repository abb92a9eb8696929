import {
	DUBBING_LANGUAGES,
	dubbingLanguageOptions,
	resolveLanguage,
} from '../../nodes/sync/languages';

describe('dubbing languages', () => {
	it('has the 93 languages of the spec, each once', () => {
		expect(DUBBING_LANGUAGES).toHaveLength(93);
		expect(new Set(DUBBING_LANGUAGES.map(([code]) => code)).size).toBe(93);
		expect(dubbingLanguageOptions[0].name).toBe('Afrikaans (af)');
	});

	it('resolves codes, names and option labels, case-insensitively', () => {
		expect(resolveLanguage('es')).toBe('es');
		expect(resolveLanguage('Spanish')).toBe('es');
		expect(resolveLanguage('spanish (es)')).toBe('es');
		expect(resolveLanguage(' FIL ')).toBe('fil');
		expect(resolveLanguage('Klingon')).toBeUndefined();
		expect(resolveLanguage('xx')).toBeUndefined();
	});
});
