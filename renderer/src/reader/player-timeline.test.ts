import fc from 'fast-check';
import type { WordTiming } from '../../../shared/chunk';
import { PlayerTimeline } from './player-timeline';

const word = (text: string, charStart: number, startMs: number): WordTiming => ({
  text,
  charStart,
  charEnd: charStart + text.length,
  startMs,
  endMs: startMs + 100,
});

describe('PlayerTimeline', () => {
  it('places words from the frame where their chunk starts in the queue, not from startMs alone', () => {
    const t = new PlayerTimeline();
    // The chunk claims to start at 1000 ms, but its audio starts at frame 30000 of the queue.
    t.addChunk({ segment: 0, startMs: 1000, words: [word('Hello', 0, 1000), word('there', 6, 1250)] }, 30000, 24000);
    expect(t.words.map((w) => w.frame)).toEqual([30000, 36000]);
  });

  it('answers with the last word that has started, and -1 before the first', () => {
    const t = new PlayerTimeline();
    t.addChunk({ segment: 0, startMs: 0, words: [word('a', 0, 100), word('b', 2, 300), word('c', 4, 600)] }, 0, 1000);
    expect([0, 99, 100, 299, 300, 599, 600, 10_000].map((f) => t.wordAt(f))).toEqual([-1, -1, 0, 0, 1, 1, 2, 2]);
  });

  it('keeps a word once when a later chunk of the same request repeats it', () => {
    const t = new PlayerTimeline();
    t.addChunk({ segment: 0, startMs: 0, words: [word('one', 0, 0)] }, 0, 1000);
    t.addChunk({ segment: 0, startMs: 500, words: [word('one', 0, 0), word('two', 4, 600)] }, 500, 1000);
    expect(t.words.map((w) => [w.text, w.index, w.frame])).toEqual([
      ['one', 0, 0],
      ['two', 1, 600],
    ]);
  });

  it('never places a word before the previous one, so the highlight only moves forward', () => {
    const t = new PlayerTimeline();
    t.addChunk({ segment: 0, startMs: 0, words: [word('x', 0, 400), word('y', 2, 300)] }, 0, 1000);
    expect(t.words.map((w) => w.frame)).toEqual([400, 400]);
  });

  it('records where each new segment starts', () => {
    const t = new PlayerTimeline();
    t.addChunk({ segment: 0, startMs: 0, words: [] }, 0, 1000);
    t.addChunk({ segment: 0, startMs: 100, words: [] }, 100, 1000);
    t.addChunk({ segment: 1, startMs: 200, words: [] }, 200, 1000);
    expect(t.segments).toEqual([
      { segment: 0, frame: 0 },
      { segment: 1, frame: 200 },
    ]);
    expect([0, 199, 200].map((f) => t.segmentIndexAt(f))).toEqual([0, 0, 1]);
  });

  it('finds the same word from any hint as a plain scan does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: -10, max: 2000 }), { minLength: 1, maxLength: 30 }),
        (gaps, probes) => {
          const t = new PlayerTimeline();
          let ms = 0;
          const words = gaps.map((g, i) => word('w', i * 2, (ms += g)));
          t.addChunk({ segment: 0, startMs: 0, words }, 0, 1000);
          let hint = -1;
          for (const f of probes) {
            let expected = -1;
            t.words.forEach((w, i) => {
              if (w.frame <= f) expected = i;
            });
            hint = t.wordAt(f, hint);
            expect(hint).toBe(expected);
          }
        },
      ),
    );
  });
});
