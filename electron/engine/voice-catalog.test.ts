import { bcp47, catalogVoices } from './voice-catalog';

describe('bcp47', () => {
  it("canonicalizes eSpeak's language names", () => {
    expect(bcp47('en-us')).toBe('en-US');
    expect(bcp47('en-gb-x-rp')).toBe('en-GB-x-rp');
    // CLDR's alias: Mandarin is zh.
    expect(bcp47('cmn-latn-pinyin')).toBe('zh-Latn-pinyin');
    expect(bcp47('es-419')).toBe('es-419');
  });

  it('drops trailing subtags that BCP-47 does not allow', () => {
    expect(bcp47('en-us-nyc')).toBe('en-US');
    expect(bcp47('!!')).toBeUndefined();
  });
});

describe('catalogVoices', () => {
  it("names voices by their own language, keeps ids unique, and maps them to eSpeak's identifiers", () => {
    const { voices, identifiers } = catalogVoices([
      { identifier: 'gmw/en-US', name: 'English (America)', languages: ['en-us', 'en'] },
      { identifier: 'gmw/en', name: 'English (Great Britain)', languages: ['en-gb', 'en'] },
      { identifier: 'other/en-US', name: 'Another American', languages: ['en-us'] },
      { identifier: 'art/piqd', name: 'Klingon', languages: ['piqd'] },
    ]);
    expect(voices.map((v) => v.id)).toEqual(['en-us', 'en-gb', 'other/en-US', 'piqd']);
    expect(voices.every((v) => v.provider === 'builtin')).toBe(true);
    expect(voices[0]!.languages).toEqual(['en-US', 'en']);
    expect(identifiers.get('en-gb')).toBe('gmw/en');
    expect(identifiers.get('other/en-US')).toBe('other/en-US');
    // Every voice has at least one valid tag, even where BCP-47 has no code for the language.
    for (const v of voices) {
      expect(v.languages.length).toBeGreaterThan(0);
      for (const tag of v.languages) expect(Intl.getCanonicalLocales(tag)[0]).toBe(tag);
    }
  });
});
