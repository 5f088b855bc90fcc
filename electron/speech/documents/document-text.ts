// Reading documents: why one cannot be read, the bounds on what one may make Aloud do, and the
// joining of its paragraphs into the one text (shared/document.ts) the reader shows.
import type { DocumentMark } from '../../../shared/document';

export type { DocumentFormat, DocumentMark, DocumentText } from '../../../shared/document';

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
