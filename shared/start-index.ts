/**
 * Index of the span holding `char` among spans given by their sorted start offsets (sentences,
 * words): the last one starting at or before it; 0 before the first and for none.
 */
export function startIndexAt(starts: readonly number[], char: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= char) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
