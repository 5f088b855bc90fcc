// The synthesizer contract hands on a word only with (or after) the part holding its audio. Some
// providers send timings ahead of the audio they describe; this holds such words back until
// enough audio has been handed on, and releases the rest at the end of the request.
import type { WordTiming } from '../../shared/chunk';

export interface WordGate {
  /** Adds words as they arrive. */
  add(words: readonly WordTiming[]): void;
  /** Words whose audio has begun within `audioMs` of audio handed on so far. */
  release(audioMs: number): WordTiming[];
  /** Whatever is left, at the end of the request. */
  flush(): WordTiming[];
}

export function createWordGate(): WordGate {
  let held: WordTiming[] = [];
  return {
    add(words) {
      held.push(...words);
    },
    release(audioMs) {
      const out = held.filter((w) => w.startMs <= audioMs);
      if (out.length > 0) held = held.filter((w) => w.startMs > audioMs);
      return out;
    },
    flush() {
      const out = held;
      held = [];
      return out;
    },
  };
}
