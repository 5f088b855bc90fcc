// Which rows a virtualized list renders when its rows are of different heights (a row is as tall as
// its wrapped text at the window's width and zoom): each row's top from the heights measured so far
// (an estimate for the rest), and the rows in view found by binary search over those tops.

/** The top of each row and, last, the list's whole height: `count + 1` numbers. */
export function rowOffsets(count: number, heightOf: (index: number) => number): number[] {
  const tops = new Array<number>(count + 1);
  tops[0] = 0;
  for (let i = 0; i < count; i++) tops[i + 1] = tops[i]! + Math.max(0, heightOf(i));
  return tops;
}

/** The first row whose bottom lies below `y` (binary search over the tops). */
function rowAt(tops: readonly number[], y: number): number {
  let lo = 0;
  let hi = tops.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid + 1]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows a virtualized list renders: those in view plus `overscan` either side, as [start, end). */
export function visibleRange(tops: readonly number[], scrollTop: number, viewportHeight: number, overscan = 4): { start: number; end: number } {
  const count = tops.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = rowAt(tops, top);
  const bottom = top + Math.max(0, viewportHeight);
  let last = rowAt(tops, bottom);
  // A row that starts exactly at the bottom edge is not in view.
  if (last > first && tops[last]! >= bottom) last--;
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan) };
}
