// Text made fit to hear: what a reader shows but a listener does not want spelled out. Links are read
// as their site, e-mail addresses as name at site, thousands separators dropped, citation marks,
// bullets and box-drawing lines (a list item's marker, number included: list-items.ts), emoji, code
// blocks and page furniture (page numbers, headers repeated on every page) skipped, inline code read plainly. Each rule can be switched off (shared/hearing-rules.ts).
//
// Offsets are kept: every code unit of the text heard knows the offset it came from, so the highlight
// stays on what the user sees. A replacement's code units are spread over the range it replaces (the
// highlight sweeps across a link while "link to github.com" is heard); offsets never decrease.
//
// Two passes: the whole-text one (planHearing) finds what only the whole text shows, code fences, page
// furniture and list markers, once per reading; the local one (fitToHear) works on each cleaned piece of text the
// segmenter makes, skipping what the plan marked.
import type { HearingRules } from '../../shared/hearing-rules';
import { AloudError } from '../../shared/ipc-error';
import { compileRule, type PronunciationRule } from '../../shared/pronunciation';
import { markerRanges, NO_LIST_ITEMS, type ListItems } from './list-items';

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

/** Part of a replacement: text copied from the input at `from` (a regex group), or new text (`from` null). */
interface Piece {
  text: string;
  from: number | null;
}

interface Change {
  start: number;
  end: number;
  pieces: Piece[];
  /** Where two changes start together, the lower wins: the user's rules, in their order, then the built-in ones. */
  priority: number;
}

const FENCE = /^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gmu;
/** A line that is a page number alone: "12", "- 12 -", "Page 12", "12 of 40", "Page 3/10". */
const PAGE_NUMBER = /^[ \t]*(?:[-–—][ \t]*)?(?:page[ \t]+)?\d{1,4}(?:[ \t]*(?:of|\/)[ \t]*\d{1,4})?(?:[ \t]*[-–—])?[ \t]*$/iu;

/** Finds, in the whole text, what the local rules cannot see: code fences, page furniture, the markers of `lists`' items. */
export function planHearing(original: string, rules: HearingRules, lists: ListItems = NO_LIST_ITEMS): HearingPlan {
  const skipped: [number, number][] = [];
  if (rules.glyphs) for (const r of markerRanges(lists)) skipped.push(r); // not push(...): a list may have a million items
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

/** The pronunciation rules may make a text this many times as long as written, and RULE_GROWTH_ALLOWANCE more. */
export const MAX_RULE_GROWTH = 10;
const RULE_GROWTH_ALLOWANCE = 1000;

/** A pronunciation rule that would blow the text up: the reading is refused, in one sentence. */
export class RuleGrowthError extends AloudError {
  override readonly name = 'RuleGrowthError';
  constructor(rule: PronunciationRule) {
    const find = rule.find.length > 40 ? `${rule.find.slice(0, 40)}…` : rule.find;
    super('invalid-input', `The pronunciation rule for “${find}” would make the text more than ${MAX_RULE_GROWTH} times as long as written: shorten what it puts in, or turn it off.`);
  }
}

/**
 * Applies the user's pronunciation rules, then the local rules, to `text` (cleaned), dropping each code
 * unit for which `skip(i)` holds (the plan's ranges); returns the text heard with each code unit's offset
 * in `text`. Where a pronunciation rule and a built-in one claim the same text, the first to start wins,
 * and the user's rule at the same start.
 */
export function fitToHear(
  text: string,
  rules: HearingRules | null,
  skip: (index: number) => boolean = () => false,
  pronunciation: readonly PronunciationRule[] = [],
): HeardText {
  const changes: Change[] = [];
  let priority = 0;
  // What the pronunciation rules put in is bounded, counted as it is found: a rule replacing "a" with
  // 500 characters once made a 2 MB text half a gigabyte.
  const limit = MAX_RULE_GROWTH * text.length + RULE_GROWTH_ALLOWANCE;
  let heardLength = text.length;
  const addPieces = (re: RegExp, replace: (m: RegExpMatchArray) => Piece[] | null, rule?: PronunciationRule) => {
    for (const m of text.matchAll(re)) {
      const pieces = replace(m);
      if (pieces === null || m[0].length === 0) continue;
      changes.push({ start: m.index!, end: m.index! + m[0].length, pieces, priority });
      if (!rule) continue;
      for (const p of pieces) heardLength += p.text.length;
      heardLength -= m[0].length;
      if (heardLength > limit) throw new RuleGrowthError(rule);
    }
    priority++;
  };
  const add = (re: RegExp, replace: (m: RegExpMatchArray) => string | null) =>
    addPieces(re, (m) => {
      const replacement = replace(m);
      return replacement === null ? null : [{ text: replacement, from: null }];
    });
  for (const rule of pronunciation) {
    // A regular expression's $1-style groups keep their place: the highlight stays on the digits of "21°C" while "21 degrees" is heard.
    if (rule.regex) addPieces(compileRule(rule, true), (m) => templatePieces(rule.replace, m), rule);
    else addPieces(compileRule(rule), () => [{ text: rule.replace, from: null }], rule);
  }
  if (!rules) return applyChanges(text, changes, skip);
  if (rules.emails) {
    // The name and the site keep their own offsets; "at" lights the "@" (not a share of both sides).
    addPieces(EMAIL_RE, (m) => {
      const at = m[0].indexOf('@');
      return [{ text: m[0].slice(0, at), from: m.index! }, { text: ' at ', from: null }, { text: m[0].slice(at + 1), from: m.index! + at + 1 }];
    });
  }
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
  return applyChanges(text, changes, skip);
}

function applyChanges(text: string, changes: Change[], skip: (index: number) => boolean): HeardText {
  // Where two changes claim the same text, the one starting first wins (then by priority, then the longer).
  changes.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);

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
      // Copied text keeps its own offsets (when they follow on); new text spreads over what lies between
      // the copied parts, the first to the match's first code unit, the last to its last, so the words
      // heard cover the whole of what they replace.
      const copied = (p: Piece | undefined) => p !== undefined && p.from !== null && p.from >= (index.at(-1) ?? 0);
      for (let p = 0; p < c.pieces.length; p++) {
        const piece = c.pieces[p]!;
        if (copied(piece)) {
          for (let k = 0; k < piece.text.length; k++) {
            out.push(piece.text[k]!);
            index.push(piece.from! + k);
          }
          continue;
        }
        const before = c.pieces[p - 1];
        const after = c.pieces[p + 1];
        const lo = Math.max(p > 0 && before?.from != null ? before.from + before.text.length : c.start, index.at(-1) ?? 0);
        const hi = Math.max(lo, after && after.from !== null ? after.from - 1 : c.end - 1);
        for (let k = 0; k < piece.text.length; k++) {
          out.push(piece.text[k]!);
          index.push(lo + Math.floor((k * (hi - lo)) / Math.max(1, piece.text.length - 1)));
        }
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

/**
 * A regular expression's replacement template ($$, $&, $1-$99, $<name>) as pieces: group text copied
 * with its offset, the rest as new text.
 */
function templatePieces(template: string, m: RegExpMatchArray): Piece[] {
  const pieces: Piece[] = [];
  const indices = (m as RegExpMatchArray & { indices?: ([number, number] | undefined)[] & { groups?: Record<string, [number, number] | undefined> } }).indices;
  const literal = (s: string) => {
    const last = pieces.at(-1);
    if (last && last.from === null) last.text += s;
    else if (s) pieces.push({ text: s, from: null });
  };
  const group = (value: string | undefined, at: [number, number] | undefined) => {
    if (value === undefined || value === '') return;
    pieces.push({ text: value, from: at ? at[0] : null });
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    const next = template[i + 1];
    if (c !== '$' || next === undefined) {
      literal(c);
      continue;
    }
    if (next === '$') {
      literal('$');
      i++;
    } else if (next === '&') {
      group(m[0], [m.index!, m.index! + m[0].length]);
      i++;
    } else if (next === '<') {
      const close = template.indexOf('>', i);
      const name = close > 0 ? template.slice(i + 2, close) : '';
      if (close > 0 && m.groups && name in m.groups) {
        group(m.groups[name], indices?.groups?.[name]);
        i = close;
      } else literal('$');
    } else if (/\d/u.test(next)) {
      const two = Number(template.slice(i + 1, i + 3));
      const n = /^\d\d$/u.test(template.slice(i + 1, i + 3)) && two > 0 && two < m.length ? two : Number(next);
      if (n > 0 && n < m.length) {
        group(m[n], indices?.[n]);
        i += String(n).length === 2 && n === two ? 2 : 1;
      } else literal('$');
    } else literal('$');
  }
  return pieces;
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
