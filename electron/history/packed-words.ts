// Word timings as the library stores them: compact JSON arrays, times rounded to the microsecond.
import type { WordTiming } from '../../shared/chunk';

/** Words as compact arrays: [text, charStart, charEnd, startMs, endMs, phonemes?], phonemes as [symbol, startMs, durationMs, viseme?]. */
type PackedPhoneme = [string, number, number] | [string, number, number, string];
type PackedWord = [string, number, number, number, number] | [string, number, number, number, number, PackedPhoneme[]];

export function packWords(words: WordTiming[]): string {
  return JSON.stringify(
    words.map((w): PackedWord => {
      const base: [string, number, number, number, number] = [w.text, w.charStart, w.charEnd, round3(w.startMs), round3(w.endMs)];
      if (!w.phonemes) return base;
      return [...base, w.phonemes.map((p): PackedPhoneme => {
        const t: [string, number, number] = [p.symbol, round3(p.startMs), round3(p.durationMs)];
        return p.viseme === undefined ? t : [...t, p.viseme];
      })];
    }),
  );
}

export function unpackWords(json: string): WordTiming[] {
  return (JSON.parse(json) as PackedWord[]).map(([text, charStart, charEnd, startMs, endMs, phonemes]) => ({
    text,
    charStart,
    charEnd,
    startMs,
    endMs,
    ...(phonemes
      ? { phonemes: phonemes.map(([symbol, pStart, durationMs, viseme]) => ({ symbol, startMs: pStart, durationMs, ...(viseme !== undefined ? { viseme } : {}) })) }
      : {}),
  }));
}
const round3 = (n: number) => Math.round(n * 1000) / 1000;
