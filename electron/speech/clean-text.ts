// Cleans text for speech and keeps, for every cleaned character, where it came from in the original,
// so each word timing can point into the text the user sees.
//
// What cleaning does:
// - Whitespace runs collapse to one space; a run holding a blank line (two or more line breaks, a form
//   feed or U+2029) becomes one U+2029 PARAGRAPH SEPARATOR, so paragraphs still end sentences while
//   hard-wrapped lines do not, and cleaning cleaned text changes nothing. So does a line break before a
//   list item (list-items.ts): each item is a sentence of its own. Leading and trailing whitespace is
//   dropped.
// - A word hyphenated across a line break is joined ("exam-\nple" -> "example") when a letter comes
//   before the hyphen and a lowercase letter after the break; otherwise the hyphen stays and only the
//   break goes ("Franco-\nPrussian" -> "Franco-Prussian"). Hyphens within a line ("well-known") stay.
// - Control characters (Unicode Cc other than line breaks and tabs), soft hyphens and lone surrogates
//   are dropped. Format characters such as ZWJ stay: emoji sequences and some scripts need them.
// - Terminal escape sequences (colours, cursor moves, window titles: text piped from a terminal
//   program) are dropped whole, so "ESC[31mred" reads "red", not "31mred".
// Cleaning is local: cleaning any slice of the original that starts and ends on a kept, non-space
// character, and does not start on a hyphen after a letter or digit (isWordJoiningHyphen: whether it
// joins a wrapped word depends on that letter), gives exactly the matching slice of the cleaned text,
// given the same list items. Segments rely on this.

export interface CleanedText {
  text: string;
  /**
   * sourceIndex[i] is the offset in the original of cleaned code unit i (a collapsed space maps to the
   * first character of its run). sourceIndex[text.length] is the offset just past the last kept
   * character, so the original range of cleaned [a, b) with b > a is [sourceIndex[a], sourceIndex[b - 1] + 1).
   */
  sourceIndex: Int32Array;
}

const SOFT_HYPHEN = 0x00ad;
const ESC = 0x1b;
const BEL = 0x07;

/**
 * Where the terminal escape sequence starting at `at` (an ESC) ends (ECMA-48): a CSI (ESC [ params
 * intermediates final), an OSC or other string (ESC ] ... ending at BEL or ESC \\), or ESC and one
 * more character (0x30-0x5f). An unfinished sequence ends the text.
 */
function afterEscapeSequence(s: string, at: number): number {
  const n = s.length;
  const kind = at + 1 < n ? s.charCodeAt(at + 1) : -1;
  if (kind === 0x5b) {
    // CSI: parameter bytes 0x30-0x3f, intermediate bytes 0x20-0x2f, one final byte 0x40-0x7e.
    let j = at + 2;
    while (j < n && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x3f) j++;
    while (j < n && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
    return j < n && s.charCodeAt(j) >= 0x40 && s.charCodeAt(j) <= 0x7e ? j + 1 : j;
  }
  if (kind === 0x5d || kind === 0x50 || kind === 0x5f || kind === 0x5e) {
    // OSC, DCS, APC, PM: a string up to BEL or the string terminator ESC \.
    for (let j = at + 2; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === BEL) return j + 1;
      if (c === ESC) return j + 1 < n && s.charCodeAt(j + 1) === 0x5c ? j + 2 : j;
    }
    return n;
  }
  // ESC and one character of 0x30-0x5f (save/restore cursor, keypad modes, C1 controls); before
  // anything else an ESC is dropped alone, as any control character is.
  return kind >= 0x30 && kind <= 0x5f ? at + 2 : at + 1;
}
/** What a paragraph break becomes: one character that sentence segmentation ends a sentence on. */
export const PARAGRAPH = 0x2029;

/** JavaScript's \s set plus NEL, which JavaScript counts as a control character. */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** How many line breaks a whitespace character counts for; a paragraph break counts as two. */
function lineBreakWeight(c: number, next: number): number {
  if (c === 0x0a || c === 0x0b || c === 0x85 || c === 0x2028) return 1;
  if (c === 0x0d) return next === 0x0a ? 0 : 1; // CR LF counts once, at the LF
  if (c === 0x0c || c === 0x2029) return 2;
  return 0;
}

function isControlCode(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

function isHyphenCode(c: number): boolean {
  return c === 0x2d || c === 0x2010 || c === SOFT_HYPHEN;
}

const letter = /^\p{L}$/u;
const lowercase = /^\p{Ll}$/u;
const letterOrDigit = /^[\p{L}\p{N}]$/u;

function codePointBefore(s: string, end: number): string {
  if (end <= 0) return '';
  const c = s.charCodeAt(end - 1);
  if (c >= 0xdc00 && c <= 0xdfff && end >= 2) {
    const h = s.charCodeAt(end - 2);
    if (h >= 0xd800 && h <= 0xdbff) return s.slice(end - 2, end);
  }
  return s.slice(end - 1, end);
}

/**
 * Whether the hyphen at `at` follows a letter or digit. Cleaning decides from that letter whether it
 * joins a hard-wrapped word ("Franco-\nPrussian"), so no slice cleaned on its own may start at it.
 */
export function isWordJoiningHyphen(s: string, at: number): boolean {
  return isHyphenCode(s.charCodeAt(at)) && letterOrDigit.test(codePointBefore(s, at));
}

function codePointAt(s: string, i: number): string {
  const cp = s.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/**
 * `listItemAt(i)`: whether a list item's marker starts at offset i of `original` (a line break before it
 * then ends a sentence).
 */
export function cleanText(original: string, listItemAt: (index: number) => boolean = () => false): CleanedText {
  const n = original.length;
  const codes = new Uint16Array(n);
  const map = new Int32Array(n + 1);
  let len = 0;
  // A whitespace run seen but not yet written: it is written only if a kept character follows.
  let runStart = -1;
  let runBreaks = 0;

  const emit = (code: number, at: number): void => {
    if (runStart >= 0) {
      if (len > 0) {
        codes[len] = runBreaks >= 2 || (runBreaks === 1 && listItemAt(at)) ? PARAGRAPH : 0x20;
        map[len++] = runStart;
      }
      runStart = -1;
      runBreaks = 0;
    }
    codes[len] = code;
    map[len++] = at;
  };

  let i = 0;
  while (i < n) {
    const c = original.charCodeAt(i);
    // The common case first: a printable ASCII character that needs no thought.
    if (c > 0x20 && c < 0x7f && c !== 0x2d && runStart < 0) {
      codes[len] = c;
      map[len++] = i++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? original.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        emit(c, i);
        emit(d, i + 1);
        i += 2;
      } else {
        i += 1; // a lone surrogate
      }
      continue;
    }
    if (isSpaceCode(c)) {
      if (runStart < 0) {
        runStart = i;
        runBreaks = 0;
      }
      runBreaks += lineBreakWeight(c, i + 1 < n ? original.charCodeAt(i + 1) : 0);
      i += 1;
      continue;
    }
    if (c === ESC) {
      i = afterEscapeSequence(original, i);
      continue;
    }
    if (isControlCode(c)) {
      i += 1;
      continue;
    }
    if (isHyphenCode(c)) {
      const joined = joinAcrossLineBreak(original, i, runStart < 0 && len > 0);
      if (joined) {
        if (joined.keepHyphen) emit(c, i);
        i = joined.next;
        continue;
      }
      if (c === SOFT_HYPHEN) {
        i += 1;
        continue;
      }
    }
    emit(c, i);
    i += 1;
  }
  map[len] = len > 0 ? map[len - 1]! + 1 : 0;
  return { text: decode(codes, len), sourceIndex: len === n ? map : map.slice(0, len + 1) };
}

/**
 * Looks at the hyphen at `at`: if it ends a line right after a letter or digit and a word continues on
 * the next line, says where that word starts and whether the hyphen is kept.
 */
function joinAcrossLineBreak(
  s: string,
  at: number,
  touchesKeptText: boolean,
): { next: number; keepHyphen: boolean } | undefined {
  if (!touchesKeptText) return undefined;
  const before = codePointBefore(s, at);
  if (!letterOrDigit.test(before)) return undefined;
  let j = at + 1;
  let breaks = 0;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (isSpaceCode(c)) breaks += lineBreakWeight(c, j + 1 < s.length ? s.charCodeAt(j + 1) : 0);
    else if (!isControlCode(c)) break;
    j += 1;
  }
  if (breaks !== 1) return undefined; // no line break, or a paragraph break: not a wrapped word
  const after = codePointAt(s, j);
  if (!letterOrDigit.test(after)) return undefined;
  const isSoft = s.charCodeAt(at) === SOFT_HYPHEN;
  const join = isSoft || (letter.test(before) && lowercase.test(after));
  return { next: j, keepHyphen: !join };
}

const terminators = new Set([...'.!?。！？…'].map((ch) => ch.charCodeAt(0)));
const closers = new Set([...'"\')]’”»」'].map((ch) => ch.charCodeAt(0)));

/**
 * Where the text may be cut so that its pieces, cleaned and segmented apart, give sound segments:
 * the start of the first kept character after a whitespace run at or after `from`, the run not
 * following a hyphen or a control character (so no hyphenated word is split and cleaning stays
 * local). Within `reach` characters it prefers a paragraph break, which ends a sentence anyway,
 * then a run after a sentence terminator; beyond that it takes the first safe run. The text's length
 * when there is none.
 */
export function nextCleanCut(original: string, from: number, reach: number): number {
  const n = original.length;
  let afterTerminator = -1;
  let anyRun = -1;
  let runStart = -1;
  let breaks = 0;
  for (let i = from; i < n; i++) {
    const c = original.charCodeAt(i);
    if (isSpaceCode(c)) {
      if (runStart < 0) {
        runStart = i;
        breaks = 0;
      }
      breaks += lineBreakWeight(c, i + 1 < n ? original.charCodeAt(i + 1) : 0);
      continue;
    }
    if (isControlCode(c)) continue; // dropped inside a run, as cleanText does
    if (runStart > from) {
      const before = original.charCodeAt(runStart - 1);
      const safe = !isHyphenCode(before) && !isControlCode(before);
      if (safe) {
        if (breaks >= 2) return i;
        // "e.g. this" goes on; "end. This" ends, as the sentence rules of UAX #29 have it.
        const ends =
          (terminators.has(before) || (closers.has(before) && terminators.has(original.charCodeAt(runStart - 2)))) &&
          !lowercase.test(codePointAt(original, i));
        if (ends && afterTerminator < 0) afterTerminator = i;
        if (anyRun < 0) anyRun = i;
        if (i - from >= reach && (afterTerminator >= 0 || anyRun >= 0)) return afterTerminator >= 0 ? afterTerminator : anyRun;
      }
    }
    runStart = -1;
  }
  return n;
}

// Exact here: lone surrogates were dropped, so every code unit decodes to itself.
const utf16 = new TextDecoder('utf-16le');

function decode(codes: Uint16Array, len: number): string {
  return utf16.decode(codes.subarray(0, len));
}

/** The original range of the cleaned range [start, end). An empty range maps to an empty range. */
export function originalRange(sourceIndex: Int32Array, start: number, end: number): { charStart: number; charEnd: number } {
  const charStart = sourceIndex[start]!;
  if (end <= start) return { charStart, charEnd: charStart };
  return { charStart, charEnd: sourceIndex[end - 1]! + 1 };
}
