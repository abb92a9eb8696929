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

	it('are exactly the codes of Sync\'s DubLanguage enum (2026 spec), which the README\'s "93" counts', () => {
		// Sync's spec, in its order: dubParams.targetLang (and sourceLang, plus "auto").
		const spec =
			'en gu no sl pa ta az gl is sw my fi el he lt ms sv fr ca hr lv ro sd th tn pl ceb da hu mr tl ug wo zu zh hi as ha kk ki rn ky st te war ak be cs ka mn bo ts ar ss nl tr af bs et rw ne ko it es sq eu kn sk su ve pt am hy doi de jv mk ja vi cy nso uk bg id lg yo ml fa tg ur uz ru fil'.split(
				' ',
			);
		expect(spec).toHaveLength(93);
		expect(DUBBING_LANGUAGES.map(([code]) => code).sort()).toEqual([...spec].sort());
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
