// Splits text into the segments a voice speaks one request at a time: one sentence per segment (so the
// first audio comes fast and sentence navigation works), a sentence longer than maxChars split at a
// clause boundary, else between words, else (one "word" longer than maxChars: a URL, a CJK run) between
// grapheme clusters. Nothing is lost: every character of the cleaned text but the spaces between
// segments is in exactly one segment, in order, and each segment knows its range in the original text.
import type { HearingRules } from '../../shared/hearing-rules';
import { ruleProblem, type PronunciationRule } from '../../shared/pronunciation';
import { cleanText, isSpaceCode, isWordJoiningHyphen, nextCleanCut } from './clean-text';
import { fitToHear, isSkipped, planHearing, type HearingPlan } from './fit-to-hear';
import { findListItems, isListItemAt, startsListItem, type ListItems } from './list-items';
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
  /** Set on a list item (list-items.ts): a listener wants a pause before and after it. */
  listItem?: true;
}

export interface SegmentOptions {
  /** Longest segment, in UTF-16 code units (what String.length counts). At least 2. */
  maxChars: number;
  /** BCP-47 locale for sentence rules; the runtime default when absent or unknown. */
  locale?: string;
  /** Segment the text from this offset on (a seek); offsets still point into the whole text. */
  from?: number;
  /**
   * Make the text fit to hear by these rules (fit-to-hear.ts): segments then hold the text as it will be
   * spoken, each code unit still mapped to its offset in the original.
   */
  hearing?: HearingRules;
  /** The user's pronunciation rules, applied first (the ones for this reading's voice and language). */
  pronunciation?: readonly PronunciationRule[];
}

/** A clause break this far into the window or later is preferred over a later word break. */
const MIN_CLAUSE_FRACTION = 0.4;

export function segmentText(original: string, options: SegmentOptions): TextSegment[] {
  return [...iterateSegments(original, options)];
}

/**
 * The same segments, made as they are taken: the first comes after cleaning and segmenting only the
 * first few KB, so a reading of a book starts as fast as one of a sentence. Pieces are cut at a
 * paragraph break, else after a sentence's end, else (a paragraph with no full stop) between words.
 * Options are checked at the call, not at the first next().
 */
export function iterateSegments(original: string, options: SegmentOptions): Generator<TextSegment, void, undefined> {
  const { maxChars } = options;
  if (!Number.isInteger(maxChars) || maxChars < 2) throw new RangeError(`maxChars must be an integer >= 2, got ${maxChars}`);
  const from = options.from ?? 0;
  if (!Number.isInteger(from) || from < 0 || from > original.length) throw new RangeError(`from must be an offset within the text, got ${from}`);
  const lists = findListItems(original);
  return generateSegments(original, from, maxChars, supportedLocale(options.locale), lists, textRules(original, lists, options));
}

/** Text is cleaned and segmented in pieces of at least this many characters, cut by nextCleanCut... */
const BLOCK_CHARS = 1024;
/** ...at a sentence's end within this many more, if there is one. */
const CUT_REACH = 4096;
/**
 * A text with no white space to cut at (a 200 KB line of one "word") is cut anyway at about this
 * length, between two characters: cleaning and fitting a 200 KB block at once held the main
 * process 55-86 ms, a block this size takes a few.
 */
const MAX_BLOCK_CHARS = 16_384;

function* generateSegments(
  original: string,
  from: number,
  maxChars: number,
  locale: string | undefined,
  lists: ListItems,
  rules: TextRules | null,
): Generator<TextSegment, void, undefined> {
  const sentences = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const words = new Intl.Segmenter(locale, { granularity: 'word' });
  let index = 0;
  for (let blockStart = from; blockStart < original.length; ) {
    // Looked for within the longest block only (a sliced string costs nothing): no scan to the end of a book.
    const window = original.length - blockStart > MAX_BLOCK_CHARS ? original.slice(0, blockStart + MAX_BLOCK_CHARS) : original;
    let blockEnd = nextCleanCut(window, Math.min(window.length, blockStart + BLOCK_CHARS), CUT_REACH);
    if (blockEnd === window.length && window.length < original.length) blockEnd = characterCut(original, window.length);
    for (const segment of segmentBlock(original.slice(blockStart, blockEnd), blockStart, maxChars, sentences, words, lists, rules)) {
      yield { index: index++, ...segment };
    }
    blockStart = blockEnd;
  }
}

/** Whether a character belongs with the one before it (a mark, a joiner, a variation selector, a skin tone, a tag): no cut goes before it. */
function joinsBefore(cp: number): boolean {
  return cp === 0x200d || cp === 0xfe0e || cp === 0xfe0f || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f) || /\p{M}/u.test(String.fromCodePoint(cp));
}

/**
 * A cut at or just before `at` that keeps every character whole: never between the halves of a
 * surrogate pair, before a combining mark, a joiner, a variation selector or a skin tone, or after a joiner.
 */
function characterCut(text: string, at: number): number {
  for (let cut = at; cut > at - 64 && cut > 0; cut--) {
    const code = text.charCodeAt(cut);
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    if (joinsBefore(text.codePointAt(cut)!) || text.charCodeAt(cut - 1) === 0x200d) continue;
    return cut;
  }
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

/** The segments of `block`, a piece of the original starting at `offset`, without their index. */
function* segmentBlock(
  block: string,
  offset: number,
  maxChars: number,
  sentences: Intl.Segmenter,
  words: Intl.Segmenter,
  lists: ListItems,
  rules: TextRules | null,
): Generator<Omit<TextSegment, 'index'>> {
  const { text, sourceIndex } = fitted(cleanText(block, (i) => isListItemAt(lists, i + offset)), offset, rules);
  const make = (start: number, end: number): Omit<TextSegment, 'index'> => {
    const local = new Int32Array(end - start + 1);
    for (let i = start; i < end; i++) local[i - start] = sourceIndex[i]! + offset;
    local[end - start] = local[end - start - 1]! + 1;
    const segment = { text: text.slice(start, end), charStart: local[0]!, charEnd: local[end - start]!, sourceIndex: local };
    return startsListItem(lists, segment.charStart) ? { ...segment, listItem: true } : segment;
  };

  let from = 0;
  for (const sentence of segmentWindowed(sentences, text)) {
    const to = sentence.index + sentence.segment.length;
    // The sentence and word rules of UAX #29 can disagree ("U.S.A.ꀀ" is one word but two
    // sentences): a sentence end inside a word is not an end.
    if (to < text.length && !isWordBoundary(words, text, to)) continue;
    // Nor is the full stop of a list item's number ("1. Preheat", read as written).
    if (to < text.length && isItemNumber(text, from, to, (i) => isListItemAt(lists, sourceIndex[i]! + offset))) continue;
    let start = from;
    let end = to;
    from = to;
    while (start < end && isSpaceCode(text.charCodeAt(start))) start += 1;
    while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end -= 1;
    if (start === end) continue;
    if (end - start <= maxChars) yield make(start, end);
    else for (const [a, b] of splitLongSentence(words, text, start, end, maxChars)) yield make(a, b);
  }
}

/** Whether text[from, to) is, but for white space, the number of a list item ("1." or "1)"). */
function isItemNumber(text: string, from: number, to: number, listItemAt: (index: number) => boolean): boolean {
  if (to - from > 16) return false;
  const piece = text.slice(from, to);
  const lead = piece.length - piece.trimStart().length;
  return /^\d{1,3}[.)]$/u.test(piece.trim()) && listItemAt(from + lead);
}

/** The rules a text is read by: the whole-text plan of the rules that make it fit to hear, and the user's. */
interface TextRules {
  plan: HearingPlan | null;
  pronunciation: readonly PronunciationRule[];
}

function textRules(original: string, lists: ListItems, options: SegmentOptions): TextRules | null {
  // A rule that cannot be used (one that could backtrack without end, say) is never run.
  const pronunciation = (options.pronunciation ?? []).filter((r) => ruleProblem(r) === null);
  if (!options.hearing && pronunciation.length === 0) return null;
  return { plan: options.hearing ? planHearing(original, options.hearing, lists) : null, pronunciation };
}

/** The cleaned block made fit to hear by the rules, its offsets still into the block. */
function fitted(cleaned: { text: string; sourceIndex: Int32Array }, offset: number, rules: TextRules | null): { text: string; sourceIndex: Int32Array } {
  if (!rules) return cleaned;
  const { plan } = rules;
  const skip = plan ? (i: number) => isSkipped(plan, cleaned.sourceIndex[i]! + offset) : undefined;
  const heard = fitToHear(cleaned.text, plan?.rules ?? null, skip, rules.pronunciation);
  const sourceIndex = new Int32Array(heard.text.length + 1);
  for (let i = 0; i <= heard.text.length; i++) sourceIndex[i] = cleaned.sourceIndex[heard.sourceIndex[i]!]!;
  return { text: heard.text, sourceIndex };
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

/** Break positions inside one window of a sentence, by preference. Positions are absolute. */
interface Breaks {
  clause: number[];
  space: number[];
  word: number[];
}

/** Word boundaries decided by this many characters of text after them. */
const LOOKAHEAD_CHARS = 64;

/** The breaks in (p, limit] of the sentence ending at `end`; p must be a word boundary. */
function findBreaks(words: Intl.Segmenter, text: string, p: number, limit: number, end: number): Breaks {
  const breaks: Breaks = { clause: [], space: [], word: [] };
  for (const { index } of words.segment(text.slice(p, Math.min(end, limit + LOOKAHEAD_CHARS)))) {
    const b = p + index;
    if (b === p) continue;
    if (b > limit) break;
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

const last = (xs: number[]): number => (xs.length > 0 ? xs[xs.length - 1]! : -1);

/**
 * The pieces [start, end) of a sentence longer than maxChars: each ends at the last clause break
 * in its window if that keeps at least MIN_CLAUSE_FRACTION of it, else the last break before a space,
 * else the last word boundary, else any clause break, else between grapheme clusters.
 */
function* splitLongSentence(words: Intl.Segmenter, text: string, start: number, end: number, maxChars: number): Generator<[number, number]> {
  let p = start;
  while (end - p > maxChars) {
    const limit = p + maxChars;
    const breaks = findBreaks(words, text, p, limit, end);
    const lateClause = last(breaks.clause.filter((c) => c >= p + maxChars * MIN_CLAUSE_FRACTION));
    let b = lateClause;
    if (b < 0) b = last(breaks.space);
    if (b < 0) b = last(breaks.word);
    if (b < 0) b = last(breaks.clause);
    if (b < 0) b = graphemeBreak(text, p, limit, end);
    let pieceEnd = b;
    while (pieceEnd > p && isSpaceCode(text.charCodeAt(pieceEnd - 1))) pieceEnd -= 1;
    yield [p, pieceEnd];
    p = b;
    while (p < end && isSpaceCode(text.charCodeAt(p))) p += 1;
  }
  if (p < end) yield [p, end];
}

/**
 * The last grapheme cluster boundary in (p, limit] for a window inside one long word, not one right
 * before a hyphen that may join a wrapped word (the next segment would clean differently on its own).
 * If a single cluster is longer than the window (only pathological stacks of combining marks), breaks
 * between code points instead, so a surrogate pair is still never split.
 */
function graphemeBreak(text: string, p: number, limit: number, end: number): number {
  // One code point of look-ahead decides whether `limit` itself is a boundary.
  const sliceEnd = Math.min(end, limit + 2);
  let best = -1;
  let beforeHyphen = -1;
  for (const { index, segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(p, sliceEnd))) {
    const b = p + index + segment.length;
    if (b > limit) break;
    if (b === sliceEnd && sliceEnd !== end) break; // the slice's end is not a real boundary
    if (isWordJoiningHyphen(text, b)) beforeHyphen = b;
    else best = b;
  }
  if (best > p) return best;
  if (beforeHyphen > p) return beforeHyphen; // a one-cluster window: maxChars wins
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}
