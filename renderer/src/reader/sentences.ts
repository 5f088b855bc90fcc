// Sentence starts in the reading's original text, for previous/next sentence and the sentence
// highlight. Intl.Segmenter follows the locale's rules (abbreviations, CJK full stops); offsets are
// UTF-16 code units like the chunks' word offsets. Leading spaces are skipped so a start is a word.
import { startIndexAt } from '../../../shared/start-index';

export function sentenceStarts(text: string, locale?: string): number[] {
  const starts: number[] = [];
  const seg = new Intl.Segmenter(locale, { granularity: 'sentence' });
  for (const s of seg.segment(text)) {
    const lead = s.segment.search(/\S/);
    if (lead >= 0) starts.push(s.index + lead);
  }
  return starts;
}

/** Index of the sentence holding `char` (the last one starting at or before it; 0 before the first). */
export function sentenceIndexAt(starts: readonly number[], char: number): number {
  return startIndexAt(starts, char);
}

/** [start, end) of the sentence holding `char`, without its trailing spaces. */
export function sentenceRange(text: string, starts: readonly number[], char: number): { start: number; end: number } {
  const i = sentenceIndexAt(starts, char);
  let end = starts[i + 1] ?? text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return { start: starts[i] ?? 0, end };
}

/** Where 'previous sentence' goes from the word at `char`: the start of the sentence before. */
export function previousSentenceStart(starts: readonly number[], char: number): number {
  const i = sentenceIndexAt(starts, char);
  return starts[Math.max(0, i - 1)] ?? 0;
}

/** Where 'next sentence' goes from `char`; null in the last sentence. */
export function nextSentenceStart(starts: readonly number[], char: number): number | null {
  return starts[sentenceIndexAt(starts, char) + 1] ?? null;
}

/** The start of the word at or around `char`, for reading from a clicked point. */
export function wordStartAt(text: string, char: number): number {
  let i = Math.min(Math.max(0, char), text.length);
  // A click in the space after a word lands on the next word.
  while (i < text.length && /\s/.test(text[i]!)) i++;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return i >= text.length ? Math.max(0, text.length - 1) : i;
}

export interface WordSpan {
  start: number;
  end: number;
}

/** The first word (as the locale splits words: CJK too) starting after `char`; null past the last. */
export function nextWord(text: string, char: number, locale?: string): WordSpan | null {
  const segments = new Intl.Segmenter(locale, { granularity: 'word' }).segment(text);
  for (let i = Math.max(0, char + 1); i < text.length; ) {
    const s = segments.containing(i);
    if (!s) break;
    if (s.isWordLike && s.index > char) return { start: s.index, end: s.index + s.segment.length };
    i = s.index + s.segment.length;
  }
  return null;
}

/** The last word starting before `char`; null before the first. */
export function previousWord(text: string, char: number, locale?: string): WordSpan | null {
  const segments = new Intl.Segmenter(locale, { granularity: 'word' }).segment(text);
  for (let i = Math.min(char, text.length) - 1; i >= 0; ) {
    const s = segments.containing(i);
    if (!s) break;
    if (s.isWordLike && s.index < char) return { start: s.index, end: s.index + s.segment.length };
    i = s.index - 1;
  }
  return null;
}
