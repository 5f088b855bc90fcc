import { describe, expect, it } from 'vitest';
import type { Voice } from '../../shared/voice';
import type { LanguageDetector } from '../speech/language-detector';
import { iterateSegments, type TextSegment } from '../speech/segment-text';
import type { Synthesizer } from '../speech/synthesizer';
import { createToneSynthesizer } from '../../test/fakes/tone-synthesizer';
import { paragraphStarts, paragraphVoices, type ParagraphVoicesOptions } from './paragraph-voices';

const voices: Voice[] = [
  { id: 'en-us', provider: 'builtin', name: 'English (America)', languages: ['en-us'] },
  { id: 'fr-fr', provider: 'builtin', name: 'French (France)', languages: ['fr-fr'] },
  { id: 'de_DE-thorsten-medium', provider: 'piper', name: 'Thorsten (medium)', languages: ['de_DE'] },
];
const builtin = createToneSynthesizer({ provider: 'builtin' });
const piper = createToneSynthesizer({ provider: 'piper' });

/** Tells a paragraph's language by a word in it, as sure as a real detector is of a sentence or more. */
function wordDetector(): LanguageDetector & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async detect(text) {
      asked.push(text);
      if (text.trim().split(/\s+/u).length < 3) return { language: 'fr', reliable: false };
      if (/\b(le|la|est)\b/iu.test(text)) return { language: 'fr', reliable: true };
      if (/\b(der|die|ist)\b/iu.test(text)) return { language: 'de', reliable: true };
      return { language: 'en', reliable: true };
    },
    close: async () => {},
  };
}

const options = (o: Partial<ParagraphVoicesOptions> = {}): ParagraphVoicesOptions => ({
  detector: wordDetector(),
  readingVoice: 'builtin/en-us',
  languageVoices: () => ({}),
  voices: async () => voices,
  resolve: async (key) => {
    const [provider, id] = key.split('/') as [string, string];
    return { synthesizer: (provider === 'piper' ? piper : builtin) as Synthesizer, id };
  },
  maxChars: 400,
  ...o,
});

const segmentsOf = (text: string): TextSegment[] => [...iterateSegments(text, { maxChars: 400 })];

describe('the voices of a mixed text’s paragraphs', () => {
  const text = 'This paragraph is in English. It has two sentences.\nLe second paragraphe est en français. Il a deux phrases.\n\nDer dritte ist deutsch und kurz.\nMerci beaucoup';

  it('finds where each paragraph begins, over one line break or several', () => {
    expect(paragraphStarts(text)).toEqual([0, text.indexOf('Le second'), text.indexOf('Der dritte'), text.indexOf('Merci')]);
    expect(paragraphStarts('One line.\n')).toEqual([0]);
  });

  it('gives each paragraph the reading voice does not speak the voice for its language, every sentence of it', async () => {
    const o = options();
    const voice = paragraphVoices(text, o)!;
    const chosen = await Promise.all(segmentsOf(text).map(async (s) => [s.text, (await voice.voiceFor(s, new AbortController().signal))?.voice ?? 'reading voice']));
    expect(chosen).toEqual([
      ['This paragraph is in English.', 'reading voice'],
      ['It has two sentences.', 'reading voice'],
      ['Le second paragraphe est en français.', 'fr-fr'],
      ['Il a deux phrases.', 'fr-fr'],
      ['Der dritte ist deutsch und kurz.', 'de_DE-thorsten-medium'],
      // Too short to tell: the reading voice.
      ['Merci beaucoup', 'reading voice'],
    ]);
    // Each paragraph was asked about once, whole.
    expect((o.detector as ReturnType<typeof wordDetector>).asked).toEqual([
      'This paragraph is in English. It has two sentences.\n',
      'Le second paragraphe est en français. Il a deux phrases.\n\n',
      'Der dritte ist deutsch und kurz.\n',
      'Merci beaucoup',
    ]);
  });

  it('prefers the voice the person chose for a language, and keeps a reading voice that speaks the paragraph', async () => {
    const chosen = paragraphVoices(text, options({ languageVoices: () => ({ fr: 'piper/fr_FR-siwis' }), voices: async () => [...voices, { id: 'fr_FR-siwis', provider: 'piper', name: 'Siwis', languages: ['fr_FR'] }] }))!;
    const french = segmentsOf(text).find((s) => s.text.startsWith('Le second'))!;
    expect((await chosen.voiceFor(french, new AbortController().signal))?.voice).toBe('fr_FR-siwis');
    const readInFrench = paragraphVoices(text, options({ readingVoice: 'builtin/fr-fr' }))!;
    expect(await readInFrench.voiceFor(french, new AbortController().signal)).toBeUndefined();
  });

  it('is not used for a text of one paragraph', () => {
    expect(paragraphVoices('One paragraph. Two sentences.', options())).toBeNull();
  });
});
