// Captions from the written words of a reading (written-words.ts): grouped into cues a person can read
// (at most two lines of about 42 characters, at most 6 s), written as SRT or WebVTT.
//
// A cue always ends at a sentence's end (and at a pause); a sentence too long for one cue is cut at a
// clause mark (a comma, a colon, a dash) where one leaves the cue well filled, else between words, and
// its two lines are parted after a clause mark where one fits. Nothing is ever cut inside a written word
// (a link, an address, a number): a word wider than a line gets a line of its own. Chinese and Japanese
// characters count twice, as they are drawn twice as wide. Times are whole milliseconds; each cue
// lasts at least 1 ms and ends before the next one starts.
import type { WrittenWord } from './written-words';

export interface Cue {
  startMs: number;
  endMs: number;
  /** One or two lines joined by '\n'. */
  text: string;
}

export interface CueOptions {
  maxLineChars?: number;
  maxDurationMs?: number;
  /** A silence this long between words starts a new cue. */
  pauseMs?: number;
}

/** A cut at a clause mark is taken when the cue before it holds at least this share of what would fit. */
const MIN_CLAUSE_SHARE = 0.4;

const WIDE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
const ZERO_WIDTH = /[\p{M}\u200b-\u200f\u2060\ufeff]/u;

/** How wide a text is drawn, in Latin characters. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

export function buildCues(words: readonly WrittenWord[], options: CueOptions = {}): Cue[] {
  const maxLine = options.maxLineChars ?? 42;
  const maxDuration = options.maxDurationMs ?? 6000;
  const pause = options.pauseMs ?? 700;
  const n = words.length;
  // Prefix sums: the width of words[i..j) on one line is widths[j] - widths[i] + the spaces between them.
  const widths = new Float64Array(n + 1);
  const spaces = new Float64Array(n + 1);
  words.forEach((w, k) => {
    widths[k + 1] = widths[k]! + width(w.text);
    spaces[k + 1] = spaces[k]! + (k > 0 && w.spaced ? 1 : 0);
  });
  const lineWidth = (i: number, j: number) => widths[j]! - widths[i]! + spaces[j]! - spaces[i + 1]!;
  const join = (i: number, j: number) => words.slice(i, j).map((w, k) => (k > 0 && w.spaced ? ` ${w.text}` : w.text)).join('');

  /** The lines of words[i..j), or undefined when they do not fit two lines. A word wider than a line takes one alone. */
  const layout = (i: number, j: number): string[] | undefined => {
    if (j - i === 1 || lineWidth(i, j) <= maxLine) return [join(i, j)];
    let best = -1;
    let bestScore = Infinity;
    for (let k = i + 1; k < j; k++) {
      const a = lineWidth(i, k);
      const b = lineWidth(k, j);
      if ((a > maxLine && k - i > 1) || (b > maxLine && j - k > 1)) continue;
      // After a clause mark first, then the most even pair.
      const score = Math.max(a, b) + (words[k - 1]!.breakAfter === 'word' ? 4 * maxLine : 0);
      if (score < bestScore) {
        bestScore = score;
        best = k;
      }
    }
    return best < 0 ? undefined : [join(i, best), join(best, j)];
  };
  const endOf = (i: number, j: number) => words.slice(i, j).reduce((a, w) => Math.max(a, w.endMs), 0);
  const mustEnd = (k: number) => words[k]!.breakAfter === 'sentence' || words[k + 1]!.startMs - words[k]!.endMs >= pause;
  const fits = (i: number, j: number) => (j - i <= 2 * maxLine) && endOf(i, j) - words[i]!.startMs <= maxDuration && layout(i, j) !== undefined;

  const groups: [number, number][] = [];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && !mustEnd(j - 1) && fits(i, j + 1)) j++;
    if (j < n && !mustEnd(j - 1)) {
      // Full before its sentence ended: end it at the last clause mark that leaves it well filled.
      const full = lineWidth(i, j);
      for (let k = j - 1; k > i; k--) {
        if (words[k - 1]!.breakAfter === 'clause' && lineWidth(i, k) >= MIN_CLAUSE_SHARE * full) {
          j = k;
          break;
        }
      }
    }
    groups.push([i, j]);
    i = j;
  }
  return timed(groups.map(([i, j]) => ({ startMs: words[i]!.startMs, endMs: endOf(i, j), text: layout(i, j)!.join('\n') })));
}

/** Whole milliseconds; every cue starts after the one before, ends by the next one's start, and lasts. */
function timed(cues: Cue[]): Cue[] {
  let previousStart = -1;
  const starts = cues.map((c) => (previousStart = Math.max(Math.round(c.startMs), previousStart + 1)));
  return cues.map((c, k) => {
    const start = starts[k]!;
    const end = Math.max(start + 1, Math.round(c.endMs));
    return { startMs: start, endMs: k + 1 < cues.length ? Math.min(end, starts[k + 1]!) : end, text: c.text };
  });
}

function timestamp(ms: number, sep: ',' | '.'): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(t % 1000, 3)}`;
}

// SRT has no escapes. Players read "<b", "<i", "</", "{\" as markup and a line with "-->" as a cue's
// times: a word joiner (invisible, U+2060) after the "<", "{" or "--" keeps them text.
const srtText = (s: string) => s.replace(/<(?=[\p{L}/])/gu, '<\u2060').replace(/\{(?=\\)/gu, '{\u2060').replaceAll('-->', '--\u2060>');
// WebVTT has escapes: "&", "<" and ">" (so "-->" too) are written as entities.
const vttText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function toSrt(cues: Cue[]): string {
  return cues.map((c, i) => `${i + 1}\n${timestamp(c.startMs, ',')} --> ${timestamp(c.endMs, ',')}\n${srtText(c.text)}\n`).join('\n');
}

export function toVtt(cues: Cue[]): string {
  return `WEBVTT\n\n${cues.map((c) => `${timestamp(c.startMs, '.')} --> ${timestamp(c.endMs, '.')}\n${vttText(c.text)}\n`).join('\n')}`;
}
