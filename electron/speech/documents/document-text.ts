// A document's text as Aloud reads and shows it: paragraphs separated by a blank line, with the
// chapters and pages as offsets into that text, so the reader can move to them and the highlight,
// the library's position and a resume all point at the document's own words.

export type DocumentFormat = 'pdf' | 'epub' | 'docx' | 'html' | 'markdown' | 'text';

export interface DocumentMark {
  /** What the table of contents shows: a chapter's title, or a page's label ("12", "iv"). */
  title: string;
  /** Where it starts in `text`. */
  start: number;
}

export interface DocumentText {
  format: DocumentFormat;
  title: string;
  author: string | null;
  text: string;
  chapters: DocumentMark[];
  /** A PDF's pages; empty for formats without pages. */
  pages: DocumentMark[];
}

/** Why a document cannot be read, in one sentence a person understands. */
export class DocumentError extends Error {
  override readonly name = 'DocumentError';
}

/** Bounds on what a document may make Aloud do (hostile files included). */
export const DOCUMENT_LIMITS = {
  /** The file itself. */
  bytes: 200 * 1024 * 1024,
  /** The text extracted (a 500,000-word book is about 3 M characters). */
  chars: 20_000_000,
  pages: 10_000,
  /** Files in an EPUB or DOCX, and their size once unpacked (zip bombs). */
  zipEntries: 20_000,
  unzippedBytes: 1024 * 1024 * 1024,
};

/** Paragraphs to a document's text, chapters pointing at the paragraph each starts with. */
export function joinParagraphs(blocks: readonly { text: string; chapter?: string }[]): { text: string; chapters: DocumentMark[] } {
  let text = '';
  const chapters: DocumentMark[] = [];
  for (const block of blocks) {
    const words = block.text.replace(/\s+/g, ' ').trim();
    if (!words && block.chapter === undefined) continue;
    if (text && words) text += '\n\n';
    if (block.chapter !== undefined) chapters.push({ title: block.chapter.replace(/\s+/g, ' ').trim() || `Part ${chapters.length + 1}`, start: text.length });
    text += words;
    if (text.length > DOCUMENT_LIMITS.chars) throw new DocumentError(`It holds more than ${DOCUMENT_LIMITS.chars.toLocaleString('en')} characters of text, more than Aloud reads from one document.`);
  }
  return { text, chapters };
}
