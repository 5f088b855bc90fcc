// Text made fit to hear: what a reader shows but a listener does not want spelled out. Links are read
// as their site, e-mail addresses as name at site, thousands separators dropped, citation marks,
// bullets and box-drawing lines, emoji, code blocks and page furniture (page numbers, headers repeated on
// every page) skipped, inline code read plainly. Each rule can be switched off (shared/hearing-rules.ts).
//
// Offsets are kept: every code unit of the text heard knows the offset it came from, so the highlight
// stays on what the user sees. A replacement's code units are spread over the range it replaces (the
// highlight sweeps across a link while "link to github.com" is heard); offsets never decrease.
//
// Two passes: the whole-text one (planHearing) finds what only the whole text shows, code fences and
// page furniture, once per reading; the local one (fitToHear) works on each cleaned piece of text the
// segmenter makes, skipping what the plan marked.
import type { HearingRules } from '../../shared/hearing-rules';

export interface HeardText {
  text: string;
  /** sourceIndex[i]: the offset in the input of text[i]; sourceIndex[text.length]: the input's length. */
  sourceIndex: Int32Array;
}

/** Ranges of the original text to skip, sorted, as [start, end) pairs. */
export interface HearingPlan {
  rules: HearingRules;
  skipped: readonly (readonly [number, number])[];
}

interface Change {
  start: number;
  end: number;
  replacement: string;
}

const FENCE = /^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gmu;
/** A line that is a page number alone: "12", "- 12 -", "Page 12", "12 of 40", "Page 3/10". */
const PAGE_NUMBER = /^[ \t]*(?:[-–—][ \t]*)?(?:page[ \t]+)?\d{1,4}(?:[ \t]*(?:of|\/)[ \t]*\d{1,4})?(?:[ \t]*[-–—])?[ \t]*$/iu;

/** Finds, in the whole text, what the local rules cannot see: code fences and page furniture. */
export function planHearing(original: string, rules: HearingRules): HearingPlan {
  const skipped: [number, number][] = [];
  if (rules.code) for (const m of original.matchAll(FENCE)) skipped.push([m.index, m.index + m[0].length]);
  if (rules.pages) skipped.push(...pageFurniture(original));
  skipped.sort((a, b) => a[0] - b[0]);
  // Merged, so a binary search finds any offset (a page number inside a code block, say).
  const merged: [number, number][] = [];
  for (const r of skipped) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return { rules, skipped: merged };
}

/**
 * Lines that are page numbers, and short lines repeated at regular intervals (a running header or
 * footer: at least three times, a similar number of lines apart, at most 120 lines apart on average).
 * Headings repeated irregularly (chapter titles) stay.
 */
function pageFurniture(original: string): [number, number][] {
  const found: [number, number][] = [];
  if (original.length > 20_000_000) return found; // a bound on the work; nothing this long is a document copied from a viewer
  const seen = new Map<string, { lines: number[]; ranges: [number, number][] }>();
  let line = 0;
  for (let start = 0; start <= original.length; line++) {
    let end = original.indexOf('\n', start);
    if (end < 0) end = original.length;
    const text = original.slice(start, end);
    if (PAGE_NUMBER.test(text)) found.push([start, end]);
    else {
      const key = text.trim().replace(/\d+/gu, '#');
      if (key.length >= 3 && key.length <= 80 && /\p{L}/u.test(key) && !/[.!?:;,]$/u.test(key)) {
        const entry = seen.get(key) ?? { lines: [], ranges: [] };
        entry.lines.push(line);
        entry.ranges.push([start, end]);
        seen.set(key, entry);
      }
    }
    start = end + 1;
  }
  for (const { lines, ranges } of seen.values()) {
    if (lines.length < 3) continue;
    const gaps = lines.slice(1).map((l, i) => l - lines[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const spread = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    if (mean >= 3 && mean <= 120 && spread <= 0.35 * mean) found.push(...ranges);
  }
  return found;
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`()[\]{}]+/giu;
const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;
const THOUSANDS_RE = /(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])/gu;
/** [12], [12, 14], [3–5], [a], [citation needed], [note 3], [clarification needed]. */
const CITATION_RE = /\[(?:\d{1,4}(?:\s*[,–-]\s*\d{1,4})*|[a-z]|note \d{1,4}|[\p{L} ]{1,30} needed)\]/giu;
/** Superscript digits after a word of three letters or more, or after punctuation (km² and x² stay). */
const SUPERSCRIPT_RE = /(?<=\p{L}{3}|[.,;:!?"”’)])[⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu;
const INLINE_CODE_RE = /`+([^`]+?)`+/gu;
const GLYPHS_RE = /[•◦▪▫■□●○►▸‣⁃∙\u2500-\u259F]+/gu;
/** Pictographs from U+2600 on (not ©, ®, ™ or arrows), with their skin tones, variation selectors and ZWJ sequences; flags. */
const EMOJI_RE = /(?:(?=[\u{2600}-\u{10FFFF}])\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)*(?:\u200D\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)*)*|[\u{1F1E6}-\u{1F1FF}]{2})/gu;

/** The site of a link: its host, without www. or a port. */
function siteOf(url: string): string {
  const host = url.replace(/^https?:\/\//iu, '').split(/[/?#]/u)[0]!.replace(/:\d+$/u, '');
  return host.replace(/^www\./iu, '');
}

/**
 * Applies the local rules to `text` (cleaned), dropping each code unit for which `skip(i)` holds (the
 * plan's ranges); returns the text heard with each code unit's offset in `text`.
 */
export function fitToHear(text: string, rules: HearingRules, skip: (index: number) => boolean = () => false): HeardText {
  const changes: Change[] = [];
  const add = (re: RegExp, replace: (m: RegExpMatchArray) => string | null) => {
    for (const m of text.matchAll(re)) {
      const replacement = replace(m);
      if (replacement !== null) changes.push({ start: m.index!, end: m.index! + m[0].length, replacement });
    }
  };
  if (rules.emails) add(EMAIL_RE, (m) => m[0].replace('@', ' at '));
  if (rules.links) {
    add(URL_RE, (m) => {
      // Sentence punctuation after a link is not part of it.
      const trimmed = m[0].replace(/[.,;:!?]+$/u, '');
      m[0] = trimmed; // the change ends where the link does
      const site = siteOf(trimmed);
      return site ? `link to ${site}` : null;
    });
  }
  if (rules.numbers) add(THOUSANDS_RE, (m) => m[0].replaceAll(',', ''));
  if (rules.citations) {
    add(CITATION_RE, () => '');
    add(SUPERSCRIPT_RE, () => '');
  }
  if (rules.code) add(INLINE_CODE_RE, (m) => m[1]!);
  if (rules.glyphs) add(GLYPHS_RE, () => ' ');
  if (rules.emoji) add(EMOJI_RE, () => '');
  // Where two rules claim the same text, the one starting first wins (the longer at the same start).
  changes.sort((a, b) => a.start - b.start || b.end - a.end);

  const out: string[] = [];
  const index: number[] = [];
  let at = 0;
  const keep = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (skip(i)) continue;
      out.push(text[i]!);
      index.push(i);
    }
  };
  for (const c of changes) {
    if (c.start < at) continue; // overlaps a change already made
    keep(at, c.start);
    if (!skip(c.start)) {
      const span = c.end - c.start;
      for (let k = 0; k < c.replacement.length; k++) {
        out.push(c.replacement[k]!);
        // First to first, last to last: the words heard cover the whole of what they replace.
        index.push(c.start + Math.floor((k * (span - 1)) / Math.max(1, c.replacement.length - 1)));
      }
    }
    at = c.end;
  }
  keep(at, text.length);
  const sourceIndex = new Int32Array(index.length + 1);
  sourceIndex.set(index);
  sourceIndex[index.length] = text.length;
  return { text: out.join(''), sourceIndex };
}

/** Whether `offset` of the original falls in one of the plan's skipped ranges (binary search). */
export function isSkipped(plan: HearingPlan, offset: number): boolean {
  const ranges = plan.skipped;
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ranges[mid]!;
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return true;
  }
  return false;
}
