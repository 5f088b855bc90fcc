// Captions from word timings: words grouped into readable cues (at most two lines of ~42 characters,
// at most 6 s, broken at sentence ends and pauses), written as SRT or WebVTT.
import type { WordTiming } from '../../../shared/chunk';

export interface Cue {
  startMs: number;
  endMs: number;
  /** One or two lines joined by '\n'. */
  text: string;
  /** The words in this cue, in order. */
  words: WordTiming[];
}

export interface CueOptions {
  maxLineChars?: number;
  maxLines?: number;
  maxDurationMs?: number;
  /** A silence this long between words starts a new cue. */
  pauseMs?: number;
}

export function buildCues(words: WordTiming[], options: CueOptions = {}): Cue[] {
  const maxLine = options.maxLineChars ?? 42;
  const maxChars = maxLine * (options.maxLines ?? 2);
  const maxDuration = options.maxDurationMs ?? 6000;
  const pause = options.pauseMs ?? 700;
  const sorted = [...words].filter((w) => w.text.trim()).sort((a, b) => a.startMs - b.startMs);
  const groups: WordTiming[][] = [];
  let current: WordTiming[] = [];
  for (const w of sorted) {
    const prev = current.at(-1);
    if (prev) {
      const chars = current.reduce((a, x) => a + x.text.length + 1, 0) + w.text.length;
      const sentenceEnded = /[.!?…。！？]["'”’)]*$/.test(prev.text);
      if (chars > maxChars || w.endMs - current[0]!.startMs > maxDuration || w.startMs - prev.endMs >= pause || sentenceEnded) {
        groups.push(current);
        current = [];
      }
    }
    current.push(w);
  }
  if (current.length) groups.push(current);
  return groups.map((g, i) => {
    const next = groups[i + 1]?.[0];
    const end = Math.max(g.at(-1)!.endMs, g[0]!.startMs + 1);
    return { startMs: g[0]!.startMs, endMs: next ? Math.min(end, next.startMs) : end, text: lines(g.map((w) => w.text.replace(/\s+/g, ' ').trim()), maxLine), words: g };
  });
}

/** Breaks words into lines near the middle, keeping each line within maxLine where possible. */
function lines(words: string[], maxLine: number): string {
  const one = words.join(' ');
  if (one.length <= maxLine) return one;
  let best = 1;
  let bestScore = Infinity;
  for (let i = 1; i < words.length; i++) {
    const a = words.slice(0, i).join(' ').length;
    const b = words.slice(i).join(' ').length;
    const score = Math.max(a, b);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return `${words.slice(0, best).join(' ')}\n${words.slice(best).join(' ')}`;
}

function timestamp(ms: number, sep: ',' | '.'): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(t % 1000, 3)}`;
}

export function toSrt(cues: Cue[]): string {
  return cues.map((c, i) => `${i + 1}\n${timestamp(c.startMs, ',')} --> ${timestamp(c.endMs, ',')}\n${c.text}\n`).join('\n');
}

export function toVtt(cues: Cue[]): string {
  // '-->' cannot appear in a cue's text; a stray one is written with an arrow instead.
  const safe = (s: string) => s.replaceAll('-->', '→').replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  return `WEBVTT\n\n${cues.map((c) => `${timestamp(c.startMs, '.')} --> ${timestamp(c.endMs, '.')}\n${safe(c.text)}\n`).join('\n')}`;
}
