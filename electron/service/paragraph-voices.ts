// A mixed text read paragraph by paragraph in its languages: each paragraph the reading voice does not
// speak (a French paragraph in an English text) is read by the voice for its language, chosen as for a
// whole reading (voice-for-language.ts); a paragraph too short to tell, or in the reading voice's
// language, keeps the reading voice. Each paragraph is asked once, as the reading reaches it.
import { startIndexAt } from '../../shared/start-index';
import type { Voice } from '../../shared/voice';
import type { LanguageDetector } from '../speech/language-detector';
import type { SegmentVoice } from '../speech/reading';
import type { Synthesizer } from '../speech/synthesizer';
import { voiceForLanguage } from './voice-for-language';

export interface ParagraphVoicesOptions {
  detector: LanguageDetector;
  /** The reading's voice key. */
  readingVoice: string;
  languageVoices(): Readonly<Record<string, string>>;
  voices(): Promise<Voice[]>;
  /** The synthesizer and voice id behind a voice key. */
  resolve(key: string): Promise<{ synthesizer: Synthesizer; id: string }>;
  /** The smallest maxChars of the voices a paragraph may get. */
  maxChars: number;
  waitMs?: number;
}

/** Where each paragraph (a run of lines between line breaks) of `text` begins, in order. */
export function paragraphStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\n\s*/gu)) {
    const at = m.index + m[0].length;
    if (at < text.length) starts.push(at);
  }
  return starts;
}

/** The voices of a text's paragraphs; null for a text of one paragraph (its language chose the reading's voice). */
export function paragraphVoices(text: string, o: ParagraphVoicesOptions): SegmentVoice | null {
  const starts = paragraphStarts(text);
  if (starts.length < 2) return null;
  /** The last paragraph starting at or before `char` (a binary search: a book has thousands). */
  const paragraphOf = (char: number) => startIndexAt(starts, char);
  const chosen = new Map<number, Promise<{ synthesizer: Synthesizer; voice: string } | undefined>>();
  const choose = async (paragraph: number) => {
    const body = text.slice(starts[paragraph], starts[paragraph + 1] ?? text.length);
    const { voice } = await voiceForLanguage(
      { text: body, voice: undefined, language: undefined },
      { detector: o.detector, readingVoice: () => o.readingVoice, languageVoices: o.languageVoices, voices: o.voices, ...(o.waitMs !== undefined ? { waitMs: o.waitMs } : {}) },
    );
    if (voice === undefined || voice === o.readingVoice) return undefined;
    const { synthesizer, id } = await o.resolve(voice);
    return { synthesizer, voice: id };
  };
  return {
    maxChars: o.maxChars,
    voiceFor(segment) {
      const paragraph = paragraphOf(segment.charStart);
      let voice = chosen.get(paragraph);
      if (!voice) {
        voice = choose(paragraph);
        chosen.set(paragraph, voice);
      }
      return voice;
    },
  };
}
