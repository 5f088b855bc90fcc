import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARS_PER_SECOND, formatClock, positionTimes, spokenClock, wordIndexAt, wordStarts } from './reading-position';

describe('the position bar', () => {
  it('moves a word at a time: every position is a word start, punctuation and spaces are not', () => {
    const text = 'Hello, world! It’s 42 o’clock.';
    const starts = wordStarts(text);
    expect(starts.map((s) => text.slice(s).match(/^[\p{L}\p{N}’]+/u)![0])).toEqual(['Hello', 'world', 'It’s', '42', 'o’clock']);
    expect(wordIndexAt(starts, 0)).toBe(0);
    expect(wordIndexAt(starts, 9)).toBe(1); // inside "world"
    expect(wordIndexAt(starts, 12)).toBe(1); // the "!" after it
    expect(wordIndexAt(starts, text.length)).toBe(4);
    expect(wordIndexAt([], 5)).toBe(0);
  });

  it('tells time heard and left at the pace heard, or at a default pace that follows the speed before any', () => {
    expect(positionTimes(300, 1200, 0.05, 1)).toEqual({ heard: 15, left: 45 });
    const fresh = positionTimes(0, 1500, null, 2);
    expect(fresh.heard).toBe(0);
    expect(fresh.left).toBeCloseTo(1500 / (DEFAULT_CHARS_PER_SECOND * 2), 9);
  });

  it('prints clocks for the eye and says them for the ear', () => {
    expect([formatClock(0), formatClock(75), formatClock(3725), formatClock(59.6)]).toEqual(['0:00', '1:15', '1:02:05', '1:00']);
    expect([spokenClock(0), spokenClock(61), spokenClock(3600)]).toEqual(['0 seconds', '1 minute 1 second', '1 hour']);
  });
});
