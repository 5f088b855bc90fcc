// Turns eSpeak's word events into one WordTiming per spoken word of the request text.
//
// eSpeak's events are exact in time but loose in place: a number gets one event per spoken part
// ("1999" -> "nineteen", "ninety", "nine", the later ones pointing inside the number), a word
// after a full stop may be reported one character early, a one-letter word one character late,
// "well-known" gets a single event for both halves, and a run of CJK text one event per syllable
// all pointing at the run's start. So the text is first cut into spoken units (Intl.Segmenter
// words, plus symbols such as & % $ and emoji that eSpeak reads out; never bare punctuation), and
// each event is snapped to the nearest unit at or after the one being spoken. A unit's timing
// starts at its first event and ends where the next timed unit starts (or at the end of the
// audio). Words that got no event of their own are folded into the timed unit before them: eSpeak
// speaks some phrases as one word ("of a", "this one", "déjà vu", French "tout le monde") and
// reports one event for them. So every word of the text lies in exactly one timing, and the
// timings never overlap.
import type { WordTiming } from '../../shared/chunk';

export interface TextUnit {
  start: number;
  end: number;
  /** Letters or digits (not a symbol or emoji): folded into a neighbour's timing if not timed itself. */
  wordLike: boolean;
}

/** Punctuation that eSpeak pauses on but does not say. */
const SILENT = /^[\s\p{P}]*$/u;
/** Punctuation-class characters eSpeak does say ("and", "percent", "at", ...). */
const SPOKEN_PUNCTUATION = /[&%#@*§¶†‡‰‱]/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The spoken units of `text`, in order, as UTF-16 ranges. */
export function spokenUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  for (const { segment, index, isWordLike } of segmenter.segment(text)) {
    if (SILENT.test(segment) && !SPOKEN_PUNCTUATION.test(segment)) continue;
    units.push({ start: index, end: index + segment.length, wordLike: isWordLike === true });
  }
  return units;
}

/** Distance from a text offset to a unit, in characters (0 inside it). */
function distance(unit: TextUnit, offset: number): number {
  if (offset < unit.start) return unit.start - offset;
  if (offset >= unit.end) return offset - unit.end + 1;
  return 0;
}

export class EspeakWordTimings {
  private readonly units: TextUnit[];
  /** Index of the unit being spoken, -1 before the first event. */
  private current = -1;
  private currentStartMs = 0;
  /** First unit not yet covered by an emitted timing. */
  private covered = 0;
  private settled: WordTiming[] = [];
  private lastMs = 0;

  constructor(private readonly text: string) {
    this.units = spokenUnits(text);
  }

  /** A word event: the UTF-16 offset eSpeak pointed at and the time, ms from the request start. */
  word(offset: number, ms: number): void {
    if (this.units.length === 0) return;
    const time = Math.max(ms, this.lastMs);
    this.lastMs = time;
    const unit = this.nearestUnitFrom(Math.max(this.current, 0), offset);
    if (unit <= this.current) return; // another event for the word being spoken
    if (this.current >= 0) this.emit(unit, time);
    this.current = unit;
    this.currentStartMs = time;
  }

  /**
   * Timings whose end is known by now (the next word has started), each returned once, clipped to
   * `audioMs`, the length of the audio made so far.
   */
  takeSettled(audioMs: number): WordTiming[] {
    const out = this.settled.map((w) => ({ ...w, startMs: Math.min(w.startMs, audioMs), endMs: Math.min(w.endMs, audioMs) }));
    this.settled = [];
    return out;
  }

  /** The remaining timings once the audio is complete; `totalMs` is the request's audio length. */
  finish(totalMs: number): WordTiming[] {
    if (this.current >= 0) {
      this.emit(this.units.length, totalMs);
      this.current = this.units.length;
    }
    return this.takeSettled(totalMs);
  }

  /**
   * Emits the current word, covering the words between the last timing and `nextUnit` that got no
   * event of their own. Untimed symbols are left out: eSpeak skips some (a < before a word), and
   * highlighting them with the word before would be wrong.
   */
  private emit(nextUnit: number, endMs: number): void {
    const { units, current } = this;
    let from = this.covered;
    while (from < current && !units[from]!.wordLike) from++;
    let to = nextUnit - 1;
    while (to > current && !units[to]!.wordLike) to--;
    const first = units[from]!;
    const last = units[to]!;
    this.settled.push({
      text: this.text.slice(first.start, last.end),
      charStart: first.start,
      charEnd: last.end,
      startMs: this.currentStartMs,
      endMs: Math.max(endMs, this.currentStartMs),
    });
    this.covered = nextUnit;
  }

  /** The unit nearest `offset` among units[from..]; on a tie, the later one (not yet spoken). */
  private nearestUnitFrom(from: number, offset: number): number {
    const { units } = this;
    // Binary search for the first unit that ends after offset.
    let lo = from;
    let hi = units.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (units[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= units.length) return units.length - 1;
    if (lo > from && distance(units[lo - 1]!, offset) < distance(units[lo]!, offset)) return lo - 1;
    return lo;
  }
}
