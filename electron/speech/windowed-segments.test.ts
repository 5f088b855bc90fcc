import fc from 'fast-check';
import { multilingualTextOf } from '../../test/support/multilingual-text';
import { segmentWindowed } from './windowed-segments';

function plain(segmenter: Intl.Segmenter, text: string) {
  return [...segmenter.segment(text)].map(({ index, segment, isWordLike }) => ({ index, segment, isWordLike }));
}

describe('segmentWindowed', () => {
  it.each(['sentence', 'word', 'grapheme'] as const)('gives exactly what Intl.Segmenter gives, by %s, across many small windows', (granularity) => {
    const segmenter = new Intl.Segmenter('en', { granularity });
    fc.assert(
      fc.property(multilingualTextOf(200), fc.integer({ min: 16, max: 200 }), (text, window) => {
        expect([...segmentWindowed(segmenter, text, 0, text.length, window, 16)]).toEqual(plain(segmenter, text));
      }),
      { numRuns: Number(process.env.ALOUD_FC_RUNS ?? 200) },
    );
  });

  it('covers a sub-range with absolute offsets', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
    const text = 'skip this. Take these words only. And not these.';
    const start = text.indexOf('Take');
    const end = text.indexOf(' And');
    const got = [...segmentWindowed(segmenter, text, start, end, 8, 4)];
    expect(got.map((s) => s.segment).join('')).toBe('Take these words only.');
    expect(got.every((s) => text.slice(s.index, s.index + s.segment.length) === s.segment)).toBe(true);
  });

  it('widens the window for a segment longer than it', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    const text = `${'word '.repeat(500)}end. Short one.`;
    expect([...segmentWindowed(segmenter, text, 0, text.length, 64, 16)].map((s) => s.segment)).toEqual([`${'word '.repeat(500)}end. `, 'Short one.']);
  });

  it('stays linear on a long paragraph where plain iteration is quadratic', () => {
    // Counted in work done, not time: each window's text is copied once per segment it yields.
    const text = 'lorem ipsum, dolor sit amet '.repeat(4000); // 112 KB
    const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
    let copied = 0;
    const counting = {
      segment: (s: string) => {
        const it = segmenter.segment(s);
        return {
          *[Symbol.iterator]() {
            for (const seg of it) {
              copied += s.length;
              yield seg;
            }
          },
        };
      },
    } as unknown as Intl.Segmenter;
    let count = 0;
    for (const _ of segmentWindowed(counting, text)) count += 1;
    expect(count).toBe(4000 * 11);
    expect(copied).toBeLessThan(text.length * 2000); // plain iteration: text.length * 44,000
  });
});
