// The words of a reading as written, with the times they were spoken: what captions show. A voice's
// words point into the original text, but what is heard is not what is written: "link to github.com"
// covers one link, "jane.doe at example.org" one address, and punctuation is no word at all, so joining
// the spoken pieces garbles them ("https: git .com/example/repo") and loses every full stop. Here the
// written text itself is taken: spoken words that touch the same written word (nothing but non-space
// characters between them, in a script written with spaces) become one, with the punctuation that
// clings to it ("details.", "(see"); a dash or an ellipsis standing alone stays after the word before
// it. What was not spoken between two words (a bullet, a skipped citation or code block) is left out.
import type { WordTiming } from '../../../shared/chunk';

/** A spoken word with the segment (sentence, list item, paragraph) the pipeline spoke it in. */
export type SpokenWord = WordTiming & { segment: number };

/** What the text allows after a word: a caption must end at a sentence; a clause mark is a good place. */
export type BreakAfter = 'sentence' | 'clause' | 'word';

export interface WrittenWord {
  /** The characters of the original, white space collapsed; never empty. */
  text: string;
  startMs: number;
  endMs: number;
  /** Whether white space separates it from the word before (none between Chinese or Japanese words). */
  spaced: boolean;
  breakAfter: BreakAfter;
}

/**
 * Spoken words are joined into one written word up to this length: beyond it (a long link), the
 * written word is split where two spoken words meet, so no caption has to hold more than it can show.
 */
const MAX_WORD_CHARS = 84;
/** Punctuation clinging to a word, and a mark standing alone, are taken up to this length. */
const MAX_CLING_CHARS = 16;
const MAX_MARK_CHARS = 8;
/** One spoken word is shown up to this length (a voice's word spread over a whole page would be no caption). */
const MAX_SHOWN_CHARS = 1000;
/** Between two words, only a gap this short is looked through for marks standing alone. */
const MAX_GAP_SCAN = 256;

const SPACE = /\s/u;
/** Scripts written without spaces between words, and their punctuation: a line may break between any two words. */
const NO_SPACES = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tibetan}\u3000-\u303f\u30fc\uff01-\uff65]/u;
/** Clings after a word: any punctuation but an opening bracket. */
const TRAIL = new RegExp(`^(?:(?!\\p{Ps})\\p{P}){1,${MAX_CLING_CHARS}}`, 'u');
/** Clings before a word: opening brackets and quotes, ¿ ¡, a currency sign; not a closing bracket. */
const LEAD = new RegExp(`(?:(?!\\p{Pe})\\p{P}|\\p{Sc}){1,${MAX_CLING_CHARS}}$`, 'u');
const MARK = new RegExp(`^\\p{P}{1,${MAX_MARK_CHARS}}$`, 'u');
/** List bullets are never shown (they are not read either); a hyphen or asterisk only at a line's start. */
const BULLET = /^[•◦‣⁃∙]$/u;
const LINE_BULLET = /^[-*+]$/u;
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/u;
const SENTENCE_END = /[.!?…。！？؟۔।॥‼⁇⁈⁉](?:\p{Pe}|\p{Pf}|["'])*$/u;
const CLAUSE_END = /[,;:…、，；：،؛—–-](?:\p{Pe}|\p{Pf}|["'])*$/u;
const LOWERCASE_START = /^\p{Ll}/u;
/** Characters a caption must not carry: controls (a line break would end a cue) and lone surrogates. */
const UNSHOWABLE = /[\p{Cc}\p{Cs}]/gu;

interface Span {
  /** The range in the original; -1 for a word whose range does not point into it (its own text is shown). */
  start: number;
  end: number;
  own?: string;
  startMs: number;
  endMs: number;
  firstSegment: number;
  lastSegment: number;
}

export function writtenWords(text: string, words: readonly SpokenWord[]): WrittenWord[] {
  return describe(text, spans(text, words));
}

/** The spoken words, in time order, joined into the written words they were read from. */
function spans(text: string, words: readonly SpokenWord[]): Span[] {
  const timed = words.filter((w) => Number.isFinite(w.startMs) && Number.isFinite(w.endMs)).sort((a, b) => a.startMs - b.startMs);
  const out: Span[] = [];
  for (const w of timed) {
    const startMs = Math.max(0, w.startMs);
    const endMs = Math.max(startMs, w.endMs);
    let s = w.charStart;
    let e = w.charEnd;
    const inText = Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s < e && e <= text.length;
    if (inText) {
      while (s < e && SPACE.test(text[s]!)) s++;
      while (e > s && SPACE.test(text[e - 1]!)) e--;
    }
    if (!inText || s === e) {
      const own = w.text.slice(0, MAX_WORD_CHARS).replace(UNSHOWABLE, ' ').replace(/\s+/gu, ' ').trim();
      if (own) out.push({ start: -1, end: -1, own, startMs, endMs, firstSegment: w.segment, lastSegment: w.segment });
      continue;
    }
    const last = out.at(-1);
    if (last && last.start >= 0 && sameWrittenWord(text, last, s, e)) {
      last.end = Math.max(last.end, e);
      last.endMs = Math.max(last.endMs, endMs);
      last.lastSegment = w.segment;
      continue;
    }
    out.push({ start: s, end: e, startMs, endMs, firstSegment: w.segment, lastSegment: w.segment });
  }
  return out;
}

/** Whether the spoken word at [s, e) continues the written word of `last`. */
function sameWrittenWord(text: string, last: Span, s: number, e: number): boolean {
  if (s < last.start) return false; // the voice went back (a word said again): a word of its own
  if (Math.max(last.end, e) - last.start > MAX_WORD_CHARS) return false;
  if (s < last.end) return true; // overlapping: the same written word
  for (let i = last.end; i < s; i++) if (SPACE.test(text[i]!)) return false;
  return !NO_SPACES.test(codePointBefore(text, last.end)) && !NO_SPACES.test(String.fromCodePoint(text.codePointAt(s)!));
}

function codePointBefore(s: string, end: number): string {
  const c = s.charCodeAt(end - 1);
  return c >= 0xdc00 && c <= 0xdfff && end >= 2 ? s.slice(end - 2, end) : s.slice(end - 1, end);
}

/** What the text between two written words gives each, and whether white space parts them. */
interface Gap {
  trail: string;
  /** Marks standing alone (a dash, an ellipsis), shown after the word before. */
  marks: string[];
  lead: string;
  spaced: boolean;
}

function gapBetween(text: string, from: number, to: number): Gap {
  const gap = text.slice(from, to);
  const first = gap.search(SPACE);
  if (first < 0) {
    const trail = TRAIL.exec(gap)?.[0] ?? '';
    return { trail, marks: [], lead: LEAD.exec(gap.slice(trail.length).slice(-MAX_CLING_CHARS))?.[0] ?? '', spaced: false };
  }
  let last = gap.length - 1;
  while (!SPACE.test(gap[last]!)) last--;
  const trail = TRAIL.exec(gap.slice(0, first))?.[0] ?? '';
  const lead = LEAD.exec(gap.slice(last + 1).slice(-MAX_CLING_CHARS))?.[0] ?? '';
  const marks: string[] = [];
  if (gap.length <= MAX_GAP_SCAN) {
    for (const m of gap.slice(first, last + 1).matchAll(/(\s+)(\S+)/gu)) {
      const mark = m[2]!;
      if (!MARK.test(mark) || BULLET.test(mark) || (LINE_BULLET.test(mark) && LINE_BREAK.test(m[1]!))) continue;
      marks.push(mark);
    }
  }
  return { trail, marks, lead, spaced: true };
}

function describe(text: string, spans: Span[]): WrittenWord[] {
  const shown = (s: string) => s.replace(UNSHOWABLE, ' ').replace(/\s+/gu, ' ').trim();
  const lead: string[] = spans.map(() => '');
  const trail: string[] = spans.map(() => '');
  const spaced: boolean[] = spans.map(() => true);
  spans.forEach((span, k) => {
    if (span.start < 0) return;
    const prev = spans[k - 1];
    const next = spans[k + 1];
    // Between two words in order, the gap is shared out; beside a word said out of order (or a word
    // with no place in the text), each takes what clings to it.
    if (!prev || prev.start < 0 || prev.end > span.start) lead[k] = LEAD.exec(text.slice(Math.max(0, span.start - MAX_CLING_CHARS), span.start))?.[0] ?? '';
    if (!next || next.start < span.end) {
      trail[k] = TRAIL.exec(text.slice(span.end, span.end + MAX_CLING_CHARS))?.[0] ?? '';
      return;
    }
    const gap = gapBetween(text, span.end, next.start);
    trail[k] = [gap.trail, ...gap.marks].join(' ');
    lead[k + 1] = gap.lead;
    spaced[k + 1] = gap.spaced;
  });
  const kept: { word: WrittenWord; span: Span }[] = [];
  spans.forEach((span, k) => {
    const written = span.end - span.start > MAX_SHOWN_CHARS ? `${text.slice(span.start, span.start + MAX_SHOWN_CHARS)}…` : text.slice(span.start, span.end);
    const shownText = shown(span.own ?? `${lead[k]}${written}${trail[k]}`);
    if (shownText) kept.push({ word: { text: shownText, startMs: span.startMs, endMs: span.endMs, spaced: spaced[k]!, breakAfter: 'word' }, span });
  });
  // What the text says about a break after each word, now that each word holds its punctuation.
  kept.forEach(({ word, span }, k) => {
    const next = kept[k + 1];
    if (!next || span.lastSegment !== next.span.firstSegment || (SENTENCE_END.test(word.text) && !LOWERCASE_START.test(next.word.text))) word.breakAfter = 'sentence';
    else if (CLAUSE_END.test(word.text)) word.breakAfter = 'clause';
  });
  return kept.map((k) => k.word);
}
