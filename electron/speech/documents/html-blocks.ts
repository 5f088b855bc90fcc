// The paragraphs of an HTML body (an EPUB chapter, a DOCX converted by mammoth, a web article):
// each block element's words, headings marked as chapters, footnote markers left out (a reference
// such as "¹" or "[1]" is not read), and footnotes themselves kept after the text they belong to.

/** A block of text; `heading`: its level (1-6) when it is a heading. */
export interface HtmlBlock {
  text: string;
  heading?: number;
}

const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'DD', 'DT', 'FIGCAPTION', 'CAPTION', 'TD', 'TH', 'DIV', 'SECTION', 'ARTICLE', 'ASIDE', 'HEADER', 'FOOTER', 'MAIN', 'TABLE', 'TR', 'UL', 'OL', 'DL', 'FIGURE', 'BODY', 'NAV', 'HR', 'BR']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'HEAD', 'IFRAME', 'OBJECT', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA']);

type Node = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<Node> };
type Element = Node & { getAttribute(name: string): string | null };

const typeOf = (el: Element) => `${el.getAttribute('epub:type') ?? ''} ${el.getAttribute('role') ?? ''}`.toLowerCase();

/** A footnote marker: a link to a note (EPUB noteref, DOCX's [1], a superscript number). */
function isNoteMarker(el: Element): boolean {
  const type = typeOf(el);
  if (/\bnoteref\b|doc-noteref/.test(type)) return true;
  if (el.nodeName === 'SUP') {
    const text = (el.textContent ?? '').trim();
    return /^[[(]?[\d*†‡§a-z]{1,4}[\])]?$/i.test(text);
  }
  return false;
}

/** A footnote or endnote body: read after the text, not inside its sentence. */
function isNote(el: Element): boolean {
  return /\b(footnote|endnote|rearnote|note)\b|doc-footnote|doc-endnote/.test(typeOf(el));
}

export function htmlBlocks(root: Node): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  const notes: HtmlBlock[] = [];
  let words = '';
  let heading: number | undefined;
  const flush = (into: HtmlBlock[] = blocks) => {
    const text = words.replace(/\s+/g, ' ').trim();
    if (text) into.push(heading ? { text, heading } : { text });
    words = '';
    heading = undefined;
  };
  const walk = (node: Node, into: HtmlBlock[]) => {
    if (node.nodeType === 3) {
      words += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const name = el.nodeName.toUpperCase();
    if (SKIPPED.has(name) || el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') return;
    if (isNoteMarker(el)) return;
    if (isNote(el) && into === blocks) {
      flush(into);
      for (const child of Array.from(el.childNodes)) walk(child, notes);
      flush(notes);
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flush(into);
    if (/^H[1-6]$/.test(name)) heading = Number(name[1]);
    for (const child of Array.from(el.childNodes)) walk(child, into);
    if (block) flush(into);
    else if (name === 'IMG' && el.getAttribute('alt')) words += ` ${el.getAttribute('alt')} `;
  };
  walk(root, blocks);
  flush();
  return [...blocks, ...notes];
}
