// Where the listener is in a text, for the position bar: its words' starts (the bar moves a word at
// a time and a seek always lands on a word start), and the time heard and left at the pace heard so
// far. Time is an estimate: a streamed reading's length is known only once it is all synthesized.
import { startIndexAt } from '../../../shared/start-index';

const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The start offset of every word of `text`, in order. */
export function wordStarts(text: string): number[] {
  const starts: number[] = [];
  for (const { index, isWordLike } of words.segment(text)) if (isWordLike) starts.push(index);
  return starts;
}

/** Index of the word that holds `char` (the last word starting at or before it; 0 before the first). */
export function wordIndexAt(starts: readonly number[], char: number): number {
  return startIndexAt(starts, char);
}

/** A pace to start from before any of the text has been heard: 15 characters a second at 1x. */
export const DEFAULT_CHARS_PER_SECOND = 15;

export interface PositionTimes {
  /** Seconds of listening up to `char`, and from it to the end, at the pace heard (or the default at `speed`). */
  heard: number;
  left: number;
}

export function positionTimes(char: number, length: number, secondsPerChar: number | null, speed: number): PositionTimes {
  const pace = secondsPerChar ?? 1 / (DEFAULT_CHARS_PER_SECOND * speed);
  return { heard: Math.max(0, char) * pace, left: Math.max(0, length - char) * pace };
}

/** 75 -> 1:15; 3725 -> 1:02:05. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The same for a screen reader: "1 minute 15 seconds". */
export function spokenClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const parts: [number, string][] = [
    [Math.floor(s / 3600), 'hour'],
    [Math.floor((s % 3600) / 60), 'minute'],
    [s % 60, 'second'],
  ];
  const said = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
  return said.length > 0 ? said.join(' ') : '0 seconds';
}
