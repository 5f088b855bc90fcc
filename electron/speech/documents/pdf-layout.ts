// A PDF page's text in reading order, as a person reads the page: the lines of each column, left
// column before right; running headers and footers, page numbers and footnote markers left out;
// words hyphenated across lines joined. Works on the positioned pieces of text pdf.js gives
// (pdf-document.ts), in PDF units, y growing upwards.

export interface PdfItem {
  text: string;
  x: number;
  /** The baseline. */
  y: number;
  width: number;
  /** The font size (the text matrix's scale). */
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

export interface PdfLine {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** 0 left, 1 right, 2 across the page (a one-column page, a title over two columns). */
  column: 0 | 1 | 2;
}

/** Where a page splits into two columns (the middle of the empty band), or null for one column. */
export function columnGap(page: PdfPage): number | null {
  const body = page.items.filter((i) => i.text.trim() && i.y > page.height * 0.08 && i.y < page.height * 0.92);
  if (body.length < 6) return null;
  const from = Math.floor(page.width * 0.3);
  const to = Math.ceil(page.width * 0.7);
  const crossing = new Array<number>(to - from).fill(0);
  for (const item of body) {
    for (let x = Math.max(from, Math.floor(item.x)); x < Math.min(to, Math.ceil(item.x + item.width)); x++) crossing[x - from]!++;
  }
  // The widest band crossed by almost nothing.
  const allowed = Math.max(1, body.length * 0.1);
  let best: [number, number] | null = null;
  let start = -1;
  for (let i = 0; i <= crossing.length; i++) {
    const open = i < crossing.length && crossing[i]! <= allowed;
    if (open && start < 0) start = i;
    if (!open && start >= 0) {
      if (!best || i - start > best[1] - best[0]) best = [start, i];
      start = -1;
    }
  }
  if (!best || best[1] - best[0] < 8) return null;
  const gap = from + (best[0] + best[1]) / 2;
  const left = body.filter((i) => i.x + i.width <= gap).length;
  const right = body.filter((i) => i.x >= gap).length;
  return left >= 3 && right >= 3 ? gap : null;
}

const MARKER = /^[\d*†‡§]{1,3}$/;

/** The page's lines, top to bottom; footnote markers (small raised numbers) left out. */
export function pageLines(page: PdfPage): PdfLine[] {
  const gap = columnGap(page);
  const columnOf = (i: PdfItem): 0 | 1 | 2 => (gap === null ? 2 : i.x + i.width <= gap + 1 ? 0 : i.x >= gap - 1 ? 1 : 2);
  const items = page.items.filter((i) => i.text.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: (PdfLine & { items: PdfItem[] })[] = [];
  for (const item of items) {
    const column = columnOf(item);
    const line = lines.find((l) => (l.column === column || column === 2 || l.column === 2) && Math.abs(l.y - item.y) < Math.max(l.size, item.size) * 0.5);
    if (line) {
      line.items.push(item);
      if (item.size > line.size) [line.y, line.size] = [item.y, item.size];
      if (column !== line.column) line.column = 2;
    } else lines.push({ text: '', x: item.x, right: item.x + item.width, y: item.y, size: item.size, column, items: [item] });
  }
  for (const line of lines) {
    line.items.sort((a, b) => a.x - b.x);
    // A footnote marker: a small number raised above the line's baseline.
    const kept = line.items.filter((i) => !(MARKER.test(i.text.trim()) && i.size < line.size * 0.85 && i.y > line.y + line.size * 0.15));
    let text = '';
    let right = -Infinity;
    for (const item of kept) {
      const spaced = text === '' || /\s$/.test(text) || /^\s/.test(item.text) || item.x - right < line.size * 0.12 ? '' : ' ';
      text += spaced + item.text;
      right = Math.max(right, item.x + item.width);
    }
    line.text = text.replace(/\s+/g, ' ').trim();
    line.x = kept[0]?.x ?? line.x;
    line.right = right;
  }
  // A raised marker on a line of its own (it did not share the baseline) goes too.
  const real = lines.filter((l) => l.text && !(MARKER.test(l.text) && lines.some((o) => o !== l && o.size > l.size * 1.15 && l.y > o.y && l.y - o.y < o.size * 0.8)));
  return real.map(({ items: _items, ...line }) => line).sort((a, b) => b.y - a.y || a.x - b.x);
}

/** The size most of the page's text is set in. */
function bodySize(lines: readonly PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) chars.set(Math.round(l.size * 10) / 10, (chars.get(Math.round(l.size * 10) / 10) ?? 0) + l.text.length);
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

/**
 * A page's lines (running headers and footers gone) as read: top to bottom; where the page has two
 * columns, each run of column lines left before right. Notes in small type below all the body text
 * (footnotes) come last, after both columns.
 */
export function readingOrder(lines: PdfLine[]): PdfLine[] {
  const body = bodySize(lines);
  const lowestBody = Math.min(...lines.filter((l) => l.size >= body * 0.85).map((l) => l.y));
  if (lines.length === 0) return [];
  const isNote = (l: PdfLine) => l.size < body * 0.85 && l.y < lowestBody;
  const notes = lines.filter(isNote).sort((a, b) => b.y - a.y || a.x - b.x);
  const sorted = lines.filter((l) => !isNote(l)).sort((a, b) => b.y - a.y || a.x - b.x);
  const out: PdfLine[] = [];
  let run: PdfLine[] = [];
  const flush = () => {
    out.push(...run.filter((l) => l.column === 0), ...run.filter((l) => l.column === 1));
    run = [];
  };
  for (const line of sorted) {
    if (line.column === 2) {
      flush();
      out.push(line);
    } else run.push(line);
  }
  flush();
  return [...out, ...notes];
}

const PAGE_NUMBER = /^(page\s+)?([\divxlcdm]{1,7})(\s*(of|\/)\s*\d+)?$|^[-–—]\s*\d+\s*[-–—]$/i;
const keyOf = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
/** Lines this near the top or bottom edge may be running headers, footers or page numbers. */
const EDGE = 0.1;

/**
 * Drops running headers and footers (the same line, numbers aside, near the same edge on many
 * pages) and page numbers from every page.
 */
export function dropRunningLines(pages: { page: PdfPage; lines: PdfLine[] }[]): PdfLine[][] {
  const edgeOf = (page: PdfPage, line: PdfLine) => (line.y > page.height * (1 - EDGE) ? 'top' : line.y < page.height * EDGE ? 'bottom' : null);
  const seen = new Map<string, number>();
  for (const { page, lines } of pages) {
    const keys = new Set(lines.map((l) => (edgeOf(page, l) ? `${edgeOf(page, l)} ${keyOf(l.text)}` : '')).filter(Boolean));
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const repeated = Math.max(2, Math.ceil(pages.length * 0.4));
  return pages.map(({ page, lines }) =>
    lines.filter((l) => {
      const edge = edgeOf(page, l);
      if (!edge) return true;
      if (PAGE_NUMBER.test(l.text.trim())) return false;
      return pages.length < 2 || (seen.get(`${edge} ${keyOf(l.text)}`) ?? 0) < repeated;
    }),
  );
}

const SENTENCE_END = /[.!?:;"”’)\]]$/;
const HYPHENATED = /\p{L}[-\u2010]$/u;

/** Joins a line to the text before it: a word hyphenated across the break is one word again. */
export function joinLine(before: string, line: string): string {
  if (!before) return line;
  if (HYPHENATED.test(before) && /^\p{Ll}/u.test(line)) return before.slice(0, -1) + line;
  return `${before} ${line}`;
}

export interface PdfParagraph {
  text: string;
  /** The page its first line is on (0-based). */
  page: number;
  /** Pages on which later lines start, with the offset in `text` where each does. */
  pageStarts: { page: number; at: number }[];
  /** A line in a larger type than the page's body, on its own (a heading). */
  heading: boolean;
}

/** The pages' lines as paragraphs; a paragraph cut by a page break is joined again. */
export function paragraphs(pages: PdfLine[][]): PdfParagraph[] {
  const sizes = pages.flat().map((l) => Math.round(l.size * 10) / 10);
  const counts = new Map<number, number>();
  for (const s of sizes) counts.set(s, (counts.get(s) ?? 0) + 1);
  const body = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
  const out: PdfParagraph[] = [];
  let current: PdfParagraph | null = null;
  let prev: PdfLine | null = null;
  pages.forEach((lines, page) => {
    lines.forEach((line, i) => {
      const heading = line.size > body * 1.2 && line.text.length < 120;
      let breaks = !current || !prev || heading || current.heading;
      if (!breaks) {
        const gap = prev!.y - line.y;
        // A new page, or up to the next column: the paragraph goes on when its sentence did not end
        // and the next line starts small.
        if (i === 0 || gap < -line.size * 0.5) breaks = SENTENCE_END.test(current!.text) || !/^\p{Ll}/u.test(line.text);
        else breaks = gap > line.size * 1.75 || Math.abs(line.size - prev!.size) > prev!.size * 0.15 || (line.x > prev!.x + line.size * 1.2 && SENTENCE_END.test(prev!.text));
      }
      if (breaks) {
        current = { text: line.text, page, pageStarts: [], heading };
        out.push(current);
      } else {
        const joined = joinLine(current!.text, line.text);
        if (i === 0) current!.pageStarts.push({ page, at: joined.length - line.text.length });
        current!.text = joined;
      }
      prev = line;
    });
  });
  return out;
}
