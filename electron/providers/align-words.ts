// Providers report words as strings ("Hello,", "twenty", "world"), not as offsets. This maps each
// one back to a span of the request text so the reader can highlight what the user sees. Words are
// tokens of the text, in order, possibly normalised ("25" spoken as "twenty five", "Dr." as
// "Doctor"), so matching is done on a folded form, looking a few text words ahead; a word that
// matches nothing is given the text word at the cursor, and tokens that land on one span merge.
import type { WordTiming } from '../../shared/chunk';

export interface TimedToken {
  text: string;
  startMs: number;
  endMs: number;
  phonemes?: WordTiming['phonemes'];
}

interface TextWord {
  start: number;
  end: number;
  folded: string;
}

/** How many text words ahead a token may match (skipped text is words the provider did not say). */
const LOOKAHEAD = 6;

/** True for tokens that are only whitespace or punctuation (Inworld 1.5 reports those too). */
export function isSpeakable(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export interface WordAligner {
  /** Maps tokens (in order, across calls) to word timings; punctuation-only tokens are dropped. */
  align(tokens: readonly TimedToken[]): WordTiming[];
}

/**
 * Per-character timings (Inworld CHARACTER, ElevenLabs alignment) grouped into word tokens at
 * whitespace. A word may straddle pushes, so the open one waits for whitespace or flush().
 */
export function createCharacterGrouper() {
  let word: TimedToken | undefined;
  return {
    /** `endsMs[i]` defaults to `startsMs[i]`. */
    push(chars: readonly string[], startsMs: readonly number[], endsMs: readonly number[]): TimedToken[] {
      const out: TimedToken[] = [];
      chars.forEach((c, i) => {
        if (/^\s*$/u.test(c)) {
          if (word) out.push(word);
          word = undefined;
          return;
        }
        const startMs = startsMs[i] ?? 0;
        const endMs = endsMs[i] ?? startMs;
        if (word) {
          word.text += c;
          word.endMs = Math.max(word.endMs, endMs);
        } else word = { text: c, startMs, endMs };
      });
      return out;
    },
    flush(): TimedToken[] {
      const out = word ? [word] : [];
      word = undefined;
      return out;
    },
  };
}

export function createWordAligner(text: string): WordAligner {
  const words: TextWord[] = [];
  for (const m of text.matchAll(/\S+/gu)) {
    const folded = fold(m[0]);
    if (folded) words.push({ start: m.index, end: m.index + m[0].length, folded });
  }
  let cursor = 0; // the next text word not yet matched

  function find(folded: string): number {
    for (let i = cursor; i < Math.min(words.length, cursor + LOOKAHEAD); i++) if (words[i]!.folded === folded) return i;
    // A text word may hold several tokens ("don't" vs "don" "'t", "e-mail"): match a prefix at the cursor.
    const w = words[cursor];
    if (w && folded.length > 0 && w.folded.startsWith(folded)) return cursor;
    return -1;
  }

  /** The token's own span inside text word i when it appears there literally (no punctuation around). */
  function span(i: number, token: string): [number, number] {
    const w = words[i]!;
    const inWord = text.slice(w.start, w.end).toLowerCase();
    const t = token.trim().toLowerCase();
    const at = t.length > 0 && t.length <= inWord.length ? inWord.indexOf(t) : -1;
    // toLowerCase can change lengths in rare scripts; then keep the whole word.
    if (at < 0 || inWord.length !== w.end - w.start) return [w.start, w.end];
    return [w.start + at, w.start + at + t.length];
  }

  return {
    align(tokens) {
      const out: WordTiming[] = [];
      // Tokens on one text word merge ("don" + "'t", "twenty" + "five" for "25"), within one call
      // only: words already handed out are never changed.
      let last: WordTiming | undefined;
      let lastIndex = -1;
      for (const t of tokens) {
        if (!isSpeakable(t.text)) continue;
        const folded = fold(t.text);
        let i = find(folded);
        const exact = i >= 0;
        if (i < 0) i = Math.min(cursor, words.length - 1); // normalised speech: the word at the cursor
        const w = words[i];
        if (!w) continue; // no words in the text at all
        const [charStart, charEnd] = exact ? span(i, t.text) : [w.start, w.end];
        if (last && lastIndex === i) {
          last.charStart = Math.min(last.charStart, charStart);
          last.charEnd = Math.max(last.charEnd, charEnd);
          last.text = text.slice(last.charStart, last.charEnd);
          last.endMs = Math.max(last.endMs, t.endMs);
          if (t.phonemes) last.phonemes = [...(last.phonemes ?? []), ...t.phonemes];
        } else {
          const timing: WordTiming = { text: text.slice(charStart, charEnd), charStart, charEnd, startMs: t.startMs, endMs: t.endMs };
          if (t.phonemes) timing.phonemes = t.phonemes;
          out.push(timing);
          last = timing;
          lastIndex = i;
        }
        // A whole-word match consumes the word; a prefix or a normalised token may be followed by more of it.
        if (exact && w.folded === folded) cursor = i + 1;
        else if (exact) cursor = i;
      }
      return out;
    },
  };
}
