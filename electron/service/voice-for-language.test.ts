import { describe, expect, it } from 'vitest';
import type { Voice } from '../../shared/voice';
import type { DetectedLanguage, LanguageDetector } from '../speech/language-detector';
import { voiceForLanguage, type VoiceForLanguageOptions } from './voice-for-language';

const voices: Voice[] = [
  { id: 'en-us', provider: 'builtin', name: 'English (America)', languages: ['en-us'] },
  { id: 'fr-be', provider: 'builtin', name: 'French (Belgium)', languages: ['fr-be'] },
  { id: 'fr-fr', provider: 'builtin', name: 'French (France)', languages: ['fr-fr'] },
  { id: 'de', provider: 'builtin', name: 'German', languages: ['de'] },
  { id: 'de_DE-thorsten-medium', provider: 'piper', name: 'Thorsten (medium)', languages: ['de_DE'] },
  { id: 'Dennis', provider: 'inworld', name: 'Dennis', languages: ['en-US'] },
];

/** A detector that answers from a table, as sure as it is told to be. */
const detector = (answers: Record<string, DetectedLanguage | null>, delayMs = 0): LanguageDetector => ({
  detect: (text) => new Promise((done) => setTimeout(() => done(answers[text] ?? null), delayMs)),
  close: async () => {},
});

const options = (o: Partial<VoiceForLanguageOptions> = {}): VoiceForLanguageOptions => ({
  detector: detector({ Bonjour: { language: 'fr', reliable: true }, Hallo: { language: 'de', reliable: true }, Hello: { language: 'en', reliable: true }, Ciao: { language: 'it', reliable: false } }),
  readingVoice: () => 'builtin/en-us',
  languageVoices: () => ({}),
  voices: async () => voices,
  ...o,
});

describe('the voice for a text’s language', () => {
  it('keeps the reading voice for a text in its language', async () => {
    expect(await voiceForLanguage({ text: 'Hello', voice: undefined, language: undefined }, options())).toEqual({ voice: undefined, language: 'en' });
  });

  it('reads another language with a natural voice installed for it, else the built-in voice of the language’s home', async () => {
    expect(await voiceForLanguage({ text: 'Hallo', voice: undefined, language: undefined }, options())).toEqual({ voice: 'piper/de_DE-thorsten-medium', language: 'de', byLanguage: true });
    expect(await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, options())).toEqual({ voice: 'builtin/fr-fr', language: 'fr', byLanguage: true });
  });

  it('prefers a Kokoro voice for the language to a Piper one, and either to the built-in voice', async () => {
    const withKokoro = [...voices, { id: 'ff_siwis', provider: 'kokoro', name: 'Siwis', languages: ['fr-FR'] }, { id: 'fr_FR-siwis-medium', provider: 'piper', name: 'Siwis (medium)', languages: ['fr_FR'] }];
    expect(await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, options({ voices: async () => withKokoro }))).toEqual({ voice: 'kokoro/ff_siwis', language: 'fr', byLanguage: true });
  });

  it('prefers the voice the person last chose for that language', async () => {
    const o = options({ languageVoices: () => ({ fr: 'builtin/fr-be' }) });
    expect(await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, o)).toEqual({ voice: 'builtin/fr-be', language: 'fr', byLanguage: true });
    // One since removed is passed over.
    const gone = options({ languageVoices: () => ({ fr: 'inworld/Amelie' }) });
    expect((await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, gone)).voice).toBe('builtin/fr-fr');
  });

  it('keeps a voice the request names, and the reading voice when the language is not told with confidence', async () => {
    expect(await voiceForLanguage({ text: 'Bonjour', voice: 'inworld/Dennis', language: undefined }, options())).toEqual({ voice: 'inworld/Dennis', language: 'fr' });
    expect(await voiceForLanguage({ text: 'Ciao', voice: undefined, language: undefined }, options())).toEqual({ voice: undefined, language: null });
    expect(await voiceForLanguage({ text: '1234', voice: undefined, language: undefined }, options())).toEqual({ voice: undefined, language: null });
  });

  it('says the voice was chosen by language only when it is not the reading voice', async () => {
    // The reading voice is the one the person keeps for French: no reason to give.
    const french = options({ readingVoice: () => 'builtin/fr-be', languageVoices: () => ({ fr: 'builtin/fr-be' }) });
    expect(await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, french)).toEqual({ voice: undefined, language: 'fr' });
    expect((await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, options())).byLanguage).toBe(true);
  });

  it('keeps the chosen voice for every language when the person says so, still telling the language', async () => {
    const keep = options({ followLanguage: () => false, languageVoices: () => ({ fr: 'builtin/fr-be' }) });
    expect(await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, keep)).toEqual({ voice: undefined, language: 'fr' });
  });

  it('takes the language the person tells over the detector', async () => {
    expect(await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: 'de-AT' }, options())).toEqual({ voice: 'piper/de_DE-thorsten-medium', language: 'de', byLanguage: true });
  });

  it('does not hold a reading up for a detector still loading', async () => {
    const slow = options({ detector: detector({ Bonjour: { language: 'fr', reliable: true } }, 1000), waitMs: 20 });
    // The detector would have said French: the reading went on without its answer.
    expect(await voiceForLanguage({ text: 'Bonjour', voice: undefined, language: undefined }, slow)).toEqual({ voice: undefined, language: null });
  });
});
