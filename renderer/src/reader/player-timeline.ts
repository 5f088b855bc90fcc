// Where each word and each segment of a reading starts on the player's timeline, in output frames.
// Frames are placed from the frame a chunk's audio actually starts at in the queue (not from the
// chunk's startMs), so the highlight follows the audio even if a synthesizer's clock drifts.
import type { Chunk } from '../../../shared/chunk';

export interface TimedWord {
  /** Position in the reading, from 0. */
  index: number;
  text: string;
  /** Range in the reading's original text. */
  charStart: number;
  charEnd: number;
  /** Output frame at which the word starts. */
  frame: number;
}

export interface SegmentStart {
  segment: number;
  frame: number;
}

export class PlayerTimeline {
  readonly words: TimedWord[] = [];
  readonly segments: SegmentStart[] = [];
  private readonly seen = new Set<string>();

  /**
   * Registers a chunk's words and segment, given the output frame where its audio starts and the
   * output sample rate. A word repeated by a later chunk of the same request is kept once.
   */
  addChunk(chunk: Pick<Chunk, 'segment' | 'startMs' | 'words'>, startFrame: number, sampleRate: number): void {
    const lastSegment = this.segments.at(-1);
    if (!lastSegment || chunk.segment > lastSegment.segment) {
      this.segments.push({ segment: chunk.segment, frame: startFrame });
    }
    for (const w of chunk.words) {
      const key = `${w.charStart}:${w.charEnd}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const offset = Math.round(((w.startMs - chunk.startMs) * sampleRate) / 1000);
      // Never before the previous word: the highlight only moves forward.
      const frame = Math.max(startFrame + offset, this.words.at(-1)?.frame ?? 0, 0);
      this.words.push({ index: this.words.length, text: w.text, charStart: w.charStart, charEnd: w.charEnd, frame });
    }
  }

  /** The last word that has started by `frame`, or -1. `hint` (the previous answer) makes forward steps O(1). */
  wordAt(frame: number, hint = -1): number {
    return lastAtOrBefore(this.words, frame, hint);
  }

  /** Index into `segments` of the segment playing at `frame`, or -1 before the first. */
  segmentIndexAt(frame: number, hint = -1): number {
    return lastAtOrBefore(this.segments, frame, hint);
  }
}

function lastAtOrBefore(items: readonly { frame: number }[], frame: number, hint: number): number {
  let i = Math.min(Math.max(hint, -1), items.length - 1);
  if (i >= 0 && items[i]!.frame > frame) {
    // Moved backwards (rare): binary search.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid]!.frame <= frame) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
  while (i + 1 < items.length && items[i + 1]!.frame <= frame) i++;
  return i;
}
