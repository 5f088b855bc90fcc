// The items of the lists in a text, as a person reads them: each item a sentence of its own (a pause
// between items, not one run-on sentence), its bullet or number not read out (fit-to-hear.ts skips the
// markers when bullets are skipped). Found once per reading in the whole text, as only the whole text
// tells a numbered list ("1. Mix" followed by "2. Bake") from a line that starts with a number ("born
// in May\n12. He left").
//
// An item is a line that starts (after spaces) with a bullet (- * + • ◦ ▪ ‣ ⁃ ∙) or a number of up to
// three digits with "." or ")", then a space and some text. A numbered line is an item only beside
// another numbered line counting on from it or up to it.

export interface ListItems {
  /** Offsets of the markers' first characters in the original, ascending. */
  readonly markerStarts: Int32Array;
  /** Offsets where each item's text starts (just past its marker and the spaces after it). */
  readonly textStarts: Int32Array;
}

export const NO_LIST_ITEMS: ListItems = { markerStarts: new Int32Array(0), textStarts: new Int32Array(0) };

/** A bound on the work, as for page furniture: nothing this long is a document with lists to read. */
const MAX_TEXT = 20_000_000;

const MARKER = /^[ \t]*(?:([-*+•◦▪‣⁃∙])|(\d{1,3})([.)]))[ \t]+(?=[^\s])/gmu;

export function findListItems(original: string): ListItems {
  if (original.length > MAX_TEXT) return NO_LIST_ITEMS;
  const found: { marker: number; text: number; number?: number; style?: string }[] = [];
  for (const m of original.matchAll(MARKER)) {
    const marker = m.index + m[0].search(/\S/u);
    const text = m.index + m[0].length;
    found.push(m[1] !== undefined ? { marker, text } : { marker, text, number: Number(m[2]), style: m[3] });
  }
  // A numbered line is an item when the numbered line of its style ("1." or "1)") before it or after it counts with it.
  const counted = new Set<(typeof found)[number]>();
  for (const style of ['.', ')']) {
    const numbered = found.filter((f) => f.style === style);
    numbered.forEach((f, k) => {
      const next = numbered[k + 1];
      if (next && next.number === f.number! + 1) {
        counted.add(f);
        counted.add(next);
      }
    });
  }
  const items = found.filter((f) => f.number === undefined || counted.has(f));
  return { markerStarts: Int32Array.from(items, (f) => f.marker), textStarts: Int32Array.from(items, (f) => f.text) };
}

/** Whether a list item's marker starts at `offset` of the original. */
export function isListItemAt(items: ListItems, offset: number): boolean {
  return has(items.markerStarts, offset);
}

/** Whether a list item starts at `offset`: its marker, or its text when the marker is not read. */
export function startsListItem(items: ListItems, offset: number): boolean {
  return has(items.markerStarts, offset) || has(items.textStarts, offset);
}

/** Binary search of an ascending array. */
function has(starts: Int32Array, offset: number): boolean {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else if (starts[mid]! > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

/** The markers' ranges [marker, text) of the original: what is not read when bullets are skipped. */
export function markerRanges(items: ListItems): [number, number][] {
  return Array.from(items.markerStarts, (start, k) => [start, items.textStarts[k]!]);
}
