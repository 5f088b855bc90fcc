// Intl.Segmenter over long text, in linear time.
// V8 copies the whole input string into every segment object it hands out, so iterating a 50 KB
// paragraph word by word costs seconds and a 2 MB book never finishes. Segmenting bounded windows
// keeps each copy small. A window's last segments are not trusted (the rules look a few characters
// ahead), so each window keeps only the segments ending at least `margin` before its end and the next
// window starts at the last kept boundary; a single segment longer than the window widens it.
// Windows start small and grow, so the first segments come quickly.

export interface PlainSegment {
  /** Absolute offset in the text. */
  index: number;
  segment: string;
  isWordLike: boolean | undefined;
}

export function* segmentWindowed(
  segmenter: Intl.Segmenter,
  text: string,
  start = 0,
  end = text.length,
  window = 4096,
  margin = 256,
): Generator<PlainSegment> {
  let pos = start;
  const largest = Math.max(window, 2 * margin);
  let normal = 2 * margin;
  let size = normal;
  while (pos < end) {
    const windowEnd = Math.min(end, pos + size);
    const isLast = windowEnd === end;
    const safe = isLast ? Infinity : windowEnd - pos - margin;
    const kept: PlainSegment[] = [];
    for (const s of segmenter.segment(text.slice(pos, windowEnd))) {
      if (s.index + s.segment.length > safe) break;
      kept.push({ index: pos + s.index, segment: s.segment, isWordLike: s.isWordLike });
    }
    if (kept.length === 0) {
      size *= 2; // one segment longer than the window
      continue;
    }
    yield* kept;
    const last = kept[kept.length - 1]!;
    pos = last.index + last.segment.length;
    normal = Math.min(largest, normal * 2);
    size = normal;
  }
}
