import { visibleRange } from './visible-range';

describe('the rows a virtualized list renders', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    expect(visibleRange(0, 400, 80, 100_000, 4)).toEqual({ start: 0, end: 9 });
    expect(visibleRange(8000, 400, 80, 100_000, 4)).toEqual({ start: 96, end: 109 });
    expect(visibleRange(8000, 400, 80, 102, 4)).toEqual({ start: 96, end: 102 });
  });

  it('renders a bounded number of rows however long the list is', () => {
    const { start, end } = visibleRange(80 * 50_000, 700, 80, 100_000, 4);
    expect(end - start).toBeLessThanOrEqual(Math.ceil(700 / 80) + 1 + 8);
  });

  it('renders nothing for an empty list and never a negative start', () => {
    expect(visibleRange(0, 400, 80, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(-50, 400, 80, 3)).toEqual({ start: 0, end: 3 });
  });
});
