// A PDF, read with Mozilla's pdf.js: each page's positioned text laid out in reading order
// (pdf-layout.ts), chapters from the PDF's outline (or its headings when it has none), and a mark
// for every page. Refused in a sentence: a password-protected file, a scan with no text layer, a
// file that is not a PDF.
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DOCUMENT_LIMITS, DocumentError, type DocumentMark, type DocumentText } from './document-text';
import { dropRunningLines, pageLines, paragraphs, readingOrder, type PdfItem, type PdfPage } from './pdf-layout';

interface TextPiece {
  str?: string;
  transform?: number[];
  width?: number;
}

async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  try {
    // A plain copy: pdf.js takes the buffer over, and refuses a Node Buffer.
    return await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') throw new DocumentError('This PDF is protected by a password; Aloud cannot open it.');
    throw new DocumentError('This file is not a PDF Aloud can read: it is damaged or not a PDF.');
  }
}

async function readPage(pdf: PDFDocumentProxy, number: number): Promise<PdfPage> {
  const page = await pdf.getPage(number);
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const content = await page.getTextContent();
  const items: PdfItem[] = [];
  for (const piece of content.items as TextPiece[]) {
    if (!piece.str || !piece.transform) continue;
    const [a, b, , d, e, f] = piece.transform as [number, number, number, number, number, number];
    items.push({ text: piece.str, x: e - x0, y: f - y0, width: piece.width ?? 0, size: Math.hypot(a, b) || Math.abs(d) || 10 });
  }
  page.cleanup();
  return { width: x1 - x0, height: y1 - y0, items };
}

/** The outline's entries (two levels) as page numbers (0-based) with titles. */
async function outline(pdf: PDFDocumentProxy): Promise<{ title: string; page: number }[]> {
  const found: { title: string; page: number }[] = [];
  const visit = async (entries: Awaited<ReturnType<PDFDocumentProxy['getOutline']>> | undefined, depth: number) => {
    for (const entry of entries ?? []) {
      if (found.length >= 2000) return;
      try {
        const dest = typeof entry.dest === 'string' ? await pdf.getDestination(entry.dest) : entry.dest;
        const ref = dest?.[0];
        const page = typeof ref === 'number' ? ref : ref ? await pdf.getPageIndex(ref) : null;
        if (page !== null && entry.title.trim()) found.push({ title: entry.title.replace(/\s+/g, ' ').trim(), page });
      } catch {
        // An entry pointing nowhere is left out.
      }
      if (depth < 2) await visit(entry.items, depth + 1);
    }
  };
  try {
    await visit(await pdf.getOutline(), 1);
  } catch {
    return [];
  }
  return found;
}

export async function readPdf(bytes: Uint8Array, name: string): Promise<DocumentText> {
  const pdf = await openPdf(bytes);
  try {
    if (pdf.numPages > DOCUMENT_LIMITS.pages) throw new DocumentError(`This PDF has ${pdf.numPages.toLocaleString('en')} pages, more than the ${DOCUMENT_LIMITS.pages.toLocaleString('en')} Aloud reads from one document.`);
    const pages: { page: PdfPage; lines: ReturnType<typeof pageLines> }[] = [];
    let chars = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await readPage(pdf, n);
      const lines = pageLines(page);
      chars += lines.reduce((sum, l) => sum + l.text.length, 0);
      if (chars > DOCUMENT_LIMITS.chars) throw new DocumentError(`This PDF holds more than ${DOCUMENT_LIMITS.chars.toLocaleString('en')} characters of text, more than Aloud reads from one document.`);
      pages.push({ page, lines });
    }
    if (chars === 0) throw new DocumentError('This PDF has no text in it, only images (a scan): Aloud cannot read it without text recognition.');
    const paras = paragraphs(dropRunningLines(pages).map(readingOrder));
    let text = '';
    const pageMarks: DocumentMark[] = [];
    const headings: DocumentMark[] = [];
    const markPage = (page: number, at: number) => {
      while (pageMarks.length <= page) pageMarks.push({ title: String(pageMarks.length + 1), start: at });
    };
    for (const para of paras) {
      if (text) text += '\n\n';
      markPage(para.page, text.length);
      if (para.heading) headings.push({ title: para.text, start: text.length });
      for (const { page, at } of para.pageStarts) markPage(page, text.length + at);
      text += para.text;
    }
    markPage(pdf.numPages - 1, text.length);
    const fromOutline = (await outline(pdf)).map(({ title, page }) => ({ title, start: pageMarks[page]?.start ?? text.length }));
    const info = ((await pdf.getMetadata().catch(() => null))?.info ?? {}) as { Title?: string; Author?: string };
    const title = info.Title?.trim() || headings[0]?.title || name.replace(/^.*[\\/]/, '').replace(/\.pdf$/i, '') || 'Untitled PDF';
    return { format: 'pdf', title, author: info.Author?.trim() || null, text, chapters: fromOutline.length ? fromOutline : headings, pages: pageMarks };
  } finally {
    await pdf.destroy();
  }
}
