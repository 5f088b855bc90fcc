/** The rows a virtualized list renders: those in view plus `overscan` either side, as [start, end). */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 4): { start: number; end: number } {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}
