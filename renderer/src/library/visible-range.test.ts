import { rowOffsets, visibleRange } from './visible-range';

const even = (count: number, height: number) => rowOffsets(count, () => height);

describe('the rows a virtualized list renders', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    expect(visibleRange(even(100_000, 80), 0, 400, 4)).toEqual({ start: 0, end: 9 });
    expect(visibleRange(even(100_000, 80), 8000, 400, 4)).toEqual({ start: 96, end: 109 });
    expect(visibleRange(even(102, 80), 8000, 400, 4)).toEqual({ start: 96, end: 102 });
  });

  it('follows rows of different heights: a tall row keeps the rows below it further down', () => {
    // Rows 0-9 are 50 px, row 10 is 400 px (its text wrapped at 400% zoom), the rest 50 px.
    const tops = rowOffsets(30, (i) => (i === 10 ? 400 : 50));
    expect(tops[11]).toBe(900);
    expect(tops[30]).toBe(1850);
    // A viewport from 600 to 800 lies wholly inside row 10.
    expect(visibleRange(tops, 600, 200, 0)).toEqual({ start: 10, end: 11 });
    expect(visibleRange(tops, 880, 100, 0)).toEqual({ start: 10, end: 13 });
  });

  it('renders a bounded number of rows however long the list is', () => {
    const { start, end } = visibleRange(even(100_000, 80), 80 * 50_000, 700, 4);
    expect(end - start).toBeLessThanOrEqual(Math.ceil(700 / 80) + 1 + 8);
  });

  it('renders nothing for an empty list and never a negative start', () => {
    expect(visibleRange(even(0, 80), 0, 400)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(even(3, 80), -50, 400)).toEqual({ start: 0, end: 3 });
  });
});
