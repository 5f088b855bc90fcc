// Splits text into the segments a voice speaks one request at a time: one sentence per segment (so the
// first audio comes fast and sentence navigation works), a sentence longer than maxChars split at a
// clause boundary, else between words, else (one "word" longer than maxChars: a URL, a CJK run) between
// grapheme clusters. Nothing is lost: every character of the cleaned text but the spaces between
// segments is in exactly one segment, in order, and each segment knows its range in the original text.
import { cleanText, isSpaceCode } from './clean-text';
import { segmentWindowed } from './windowed-segments';

export interface TextSegment {
  index: number;
  /** Cleaned text, at most maxChars UTF-16 code units, never starting or ending with whitespace. */
  text: string;
  /** Range in the ORIGINAL text: original.slice(charStart, charEnd), cleaned, equals `text`. */
  charStart: number;
  charEnd: number;
  /** sourceIndex[i] = offset in the original of text[i]; sourceIndex[text.length] = charEnd. */
  sourceIndex: Int32Array;
}

export interface SegmentOptions {
  /** Longest segment, in UTF-16 code units (what String.length counts). At least 2. */
  maxChars: number;
  /** BCP-47 locale for sentence rules; the runtime default when absent or unknown. */
  locale?: string;
}

/** A clause break this far into the window or later is preferred over a later word break. */
const MIN_CLAUSE_FRACTION = 0.4;

export function segmentText(original: string, options: SegmentOptions): TextSegment[] {
  const { maxChars } = options;
  if (!Number.isInteger(maxChars) || maxChars < 2) throw new RangeError(`maxChars must be an integer >= 2, got ${maxChars}`);
  const { text, sourceIndex } = cleanText(original);
  const locale = supportedLocale(options.locale);
  const segments: TextSegment[] = [];
  const push = (start: number, end: number): void => {
    const local = new Int32Array(end - start + 1);
    local.set(sourceIndex.subarray(start, end));
    const charEnd = sourceIndex[end - 1]! + 1;
    local[end - start] = charEnd;
    segments.push({ index: segments.length, text: text.slice(start, end), charStart: sourceIndex[start]!, charEnd, sourceIndex: local });
  };

  const sentences = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const words = new Intl.Segmenter(locale, { granularity: 'word' });
  let from = 0;
  for (const sentence of segmentWindowed(sentences, text)) {
    const to = sentence.index + sentence.segment.length;
    // The sentence and word rules of UAX #29 can disagree ("U.S.A.ꀀ" is one word but two
    // sentences): a sentence end inside a word is not an end.
    if (to < text.length && !isWordBoundary(words, text, to)) continue;
    let start = from;
    let end = to;
    from = to;
    while (start < end && isSpaceCode(text.charCodeAt(start))) start += 1;
    while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end -= 1;
    if (start === end) continue;
    if (end - start <= maxChars) push(start, end);
    else splitLongSentence(text, start, end, maxChars, locale, push);
  }
  return segments;
}

/** Whether a word boundary falls at `at`, judged from the text around it. */
function isWordBoundary(words: Intl.Segmenter, text: string, at: number): boolean {
  if (isSpaceCode(text.charCodeAt(at - 1)) || isSpaceCode(text.charCodeAt(at))) return true;
  const from = Math.max(0, at - 64);
  for (const { index } of words.segment(text.slice(from, Math.min(text.length, at + 64)))) {
    if (from + index >= at) return from + index === at;
  }
  return false;
}

function supportedLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.Segmenter.supportedLocalesOf([locale]).length > 0 ? locale : undefined;
  } catch {
    return undefined; // not a well-formed tag
  }
}

// After these a clause ends: ASCII and full-width commas, semicolons, colons, the ideographic comma,
// closing brackets and quotes, dashes.
const clauseEnders = new Set([...',;:)]}»”’、，；：）〕】」』—–'].map((ch) => ch.charCodeAt(0)));
const dashes = new Set([0x2014, 0x2013]);
const hyphens = new Set([0x2d, 0x2010]);

/** Break positions inside [start, end) of one sentence, by preference. Positions are absolute. */
interface Breaks {
  clause: number[];
  space: number[];
  word: number[];
}

function findBreaks(text: string, start: number, end: number, locale: string | undefined): Breaks {
  const breaks: Breaks = { clause: [], space: [], word: [] };
  const words = new Intl.Segmenter(locale, { granularity: 'word' });
  for (const { index: b } of segmentWindowed(words, text, start, end)) {
    if (b === start) continue;
    const next = text.charCodeAt(b);
    const prev = text.charCodeAt(b - 1);
    if (isSpaceCode(prev)) continue; // the same break as the one before the space
    const spaceAfter = isSpaceCode(next);
    // "word, next": break before the space. "词，词" or "word—word": break right after the mark.
    if (clauseEnders.has(prev) && (spaceAfter || prev >= 0x3000 || dashes.has(prev))) breaks.clause.push(b);
    else if (spaceAfter) breaks.space.push(b);
    else if (!hyphens.has(next)) breaks.word.push(b);
  }
  return breaks;
}

/** The last value in the sorted list within (lo, hi], or -1. */
function lastIn(sorted: number[], lo: number, hi: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (sorted[mid]! <= hi) a = mid + 1;
    else b = mid;
  }
  const v = a > 0 ? sorted[a - 1]! : -1;
  return v > lo ? v : -1;
}

function splitLongSentence(
  text: string,
  start: number,
  end: number,
  maxChars: number,
  locale: string | undefined,
  push: (start: number, end: number) => void,
): void {
  const breaks = findBreaks(text, start, end, locale);
  let p = start;
  while (end - p > maxChars) {
    const limit = p + maxChars;
    let b = lastIn(breaks.clause, p + Math.floor(maxChars * MIN_CLAUSE_FRACTION), limit);
    if (b < 0) b = lastIn(breaks.space, p, limit);
    if (b < 0) b = lastIn(breaks.word, p, limit);
    if (b < 0) b = lastIn(breaks.clause, p, limit);
    if (b < 0) b = graphemeBreak(text, p, limit, end);
    let pieceEnd = b;
    while (pieceEnd > p && isSpaceCode(text.charCodeAt(pieceEnd - 1))) pieceEnd -= 1;
    push(p, pieceEnd);
    p = b;
    while (p < end && isSpaceCode(text.charCodeAt(p))) p += 1;
  }
  if (p < end) push(p, end);
}

/**
 * The last grapheme cluster boundary in (p, limit] for a window inside one long word. If a single
 * cluster is longer than the window (only pathological stacks of combining marks), breaks between code
 * points instead, so a surrogate pair is still never split.
 */
function graphemeBreak(text: string, p: number, limit: number, end: number): number {
  // One code point of look-ahead decides whether `limit` itself is a boundary.
  const sliceEnd = Math.min(end, limit + 2);
  let best = -1;
  for (const { index, segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(p, sliceEnd))) {
    const b = p + index + segment.length;
    if (b > limit) break;
    if (b === sliceEnd && sliceEnd !== end) break; // the slice's end is not a real boundary
    best = b;
  }
  if (best > p) return best;
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}
