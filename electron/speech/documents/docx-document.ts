// A Word document (.docx), converted by mammoth to HTML and read as its paragraphs: headings become
// chapters, footnote and endnote references are not read, the notes come after the text.
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import { DocumentError, joinParagraphs, type DocumentText } from './document-text';
import { htmlBlocks } from './html-blocks';
import { checkZipBounds, entryText, unzipEntries } from './zip-entries';

export async function readDocx(bytes: Uint8Array): Promise<DocumentText> {
  checkZipBounds(bytes, 'Word document');
  const parts = unzipEntries(bytes, 'Word document', (name) => name === 'word/document.xml' || name === 'docProps/core.xml');
  if (!parts.has('word/document.xml')) throw new DocumentError('This is not a Word document: it has no document body.');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch {
    throw new DocumentError('This Word document is damaged: its text cannot be read.');
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  // mammoth writes each note reference as <sup><a href="#footnote-1">[1]</a></sup>, the notes as a list.
  for (const li of Array.from(document.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]'))) li.setAttribute('role', 'doc-footnote');
  for (const a of Array.from(document.querySelectorAll('li[id^="footnote-"] a[href^="#footnote-ref"], li[id^="endnote-"] a[href^="#endnote-ref"]'))) a.remove();
  const found = htmlBlocks(document.body);
  const { text, chapters } = joinParagraphs(found.map((b) => (b.heading ? { text: b.text, chapter: b.text } : { text: b.text })));
  if (!text) throw new DocumentError('This Word document holds no text to read.');
  const core = entryText(parts, 'docProps/core.xml') ?? '';
  const field = (tag: string) => core.match(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`))?.[1]?.trim() || null;
  const title = field('dc:title') ?? found.find((b) => b.heading)?.text ?? null;
  return { format: 'docx', title: title ?? 'Untitled document', author: field('dc:creator'), text, chapters, pages: [] };
}
