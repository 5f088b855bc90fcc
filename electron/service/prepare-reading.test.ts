import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../shared/chunk';
import { DEFAULT_HEARING_RULES } from '../../shared/hearing-rules';
import { plainRule } from '../../shared/pronunciation';
import type { Voice } from '../../shared/voice';
import type { LanguageDetector } from '../speech/language-detector';
import { prepareReading, type PrepareReadingOptions } from './prepare-reading';
import type { EndReason, ObservedReading } from './reading-request';

const voices: Voice[] = [
  { id: 'en-us', provider: 'builtin', name: 'English', languages: ['en-us'] },
  { id: 'fr-fr', provider: 'builtin', name: 'French', languages: ['fr-fr'] },
];
const detector: LanguageDetector = {
  detect: async (text) => (/bonjour/iu.test(text) ? { language: 'fr', reliable: true } : { language: 'en', reliable: true }),
  close: async () => {},
};
const noRules = () => ({ hearing: null, pronunciation: [] });
/** As the app prepares: the settings' voice and Speed, and the voice for the text's language. */
const app = (o: Partial<PrepareReadingOptions> = {}) =>
  prepareReading({
    rules: noRules,
    voice: () => 'builtin/en-us',
    speed: () => 1.25,
    byLanguage: { detector, readingVoice: () => 'builtin/en-us', languageVoices: () => ({}), voices: async () => voices },
    ...o,
  });

describe('prepareReading', () => {
  it('fills a request that names no voice or Speed with the settings’, and keeps what the caller asked', async () => {
    const request = await app().request({ text: 'Hello there, friends.', mode: 'queue' });
    expect(request).toEqual({ text: 'Hello there, friends.', mode: 'queue', voice: 'builtin/en-us', speed: 1.25, language: 'en', byParagraph: true });
    const asked = await app().request({ text: 'Hello there.', voice: 'builtin/fr-fr', speed: 2, fromChar: 6 });
    expect(asked).toMatchObject({ voice: 'builtin/fr-fr', speed: 2, fromChar: 6 });
  });

  it('reads a text in another language with that language’s voice; a language told covers the whole text', async () => {
    expect(await app().request({ text: 'Bonjour à tous.' })).toMatchObject({ voice: 'builtin/fr-fr', language: 'fr', byParagraph: true, byLanguage: true });
    expect(await app().request({ text: 'Hello everyone.', language: 'fr' })).toMatchObject({ voice: 'builtin/fr-fr', language: 'fr', byParagraph: false });
    // No voice speaks it: the reading voice reads it as best it can, and the reader says so.
    expect(await app().request({ text: 'Hello everyone.', language: 'ja' })).toMatchObject({ voice: 'builtin/en-us', language: 'ja', unspoken: true });
  });

  it('reads every text, and each of its paragraphs, with the chosen voice when the person keeps it for every language', async () => {
    const keep = app({ byLanguage: { detector, readingVoice: () => 'builtin/en-us', languageVoices: () => ({}), voices: async () => voices, followLanguage: () => false } });
    const request = await keep.request({ text: 'Bonjour à tous.' });
    expect(request).toMatchObject({ voice: 'builtin/en-us', language: 'fr', byParagraph: false });
    expect(request.byLanguage).toBeUndefined();
  });

  it('without a language choice (the command line) leaves the request as asked', async () => {
    expect(await prepareReading({ rules: noRules }).request({ text: 'Bonjour à tous.', voice: 'builtin/en-us' })).toEqual({ text: 'Bonjour à tous.', voice: 'builtin/en-us', speed: undefined });
  });

  it('gives the rules in force: the hearing rules (none when verbatim) and the pronunciation rules for the voice and language', () => {
    const forFrench = { ...plainRule('chat', 'cat'), language: 'fr' };
    const forVoice = { ...plainRule('Aloud', 'a loud'), voice: 'builtin/en-us' };
    const everywhere = plainRule('etc', 'et cetera');
    const rules = { hearing: DEFAULT_HEARING_RULES, pronunciation: [forFrench, forVoice, everywhere] };
    const preparation = prepareReading({ rules: () => rules });
    expect(preparation.textRules('builtin/en-us', 'en-us')).toEqual({ hearing: DEFAULT_HEARING_RULES, pronunciation: [forVoice, everywhere] });
    expect(preparation.textRules('builtin/fr-fr', 'fr_FR')).toEqual({ hearing: DEFAULT_HEARING_RULES, pronunciation: [forFrench, everywhere] });
    expect(prepareReading({ rules: () => ({ hearing: null, pronunciation: [forFrench] }) }).textRules('builtin/en-us', undefined)).toEqual({});
  });

  it('follows each reading with the recorder, and says when the recorder was told its end', () => {
    expect(prepareReading({ rules: noRules }).observe).toBeUndefined();
    const told: string[] = [];
    const recorder = {
      observe: (r: ObservedReading) => ({ chunk: (c: Chunk) => void told.push(`${r.readingId} chunk ${c.segment}`), end: (reason: EndReason) => void told.push(`${r.readingId} ${reason}`) }),
    };
    const preparation = prepareReading({ rules: noRules, recorder, onRecorded: () => told.push('recorded') });
    const observer = preparation.observe!({ readingId: 'r1', text: 'Hi.', provider: 'builtin', voice: 'en-us', synthRate: 1, settings: {} });
    observer.chunk({ segment: 0 } as Chunk);
    observer.end('finished');
    expect(told).toEqual(['r1 chunk 0', 'r1 finished', 'recorded']);
  });
});
