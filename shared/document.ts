// A document's text as Aloud reads and shows it (a PDF, a book, a Word file, a web article): paragraphs
// separated by a blank line, with the chapters and pages as offsets into that text, so the reader can
// move to them and the highlight, the library's place and a resume all point at the document's words.

export type DocumentFormat = 'pdf' | 'epub' | 'docx' | 'html' | 'markdown' | 'text';

export interface DocumentMark {
  /** What the table of contents shows: a chapter's title, or a page's label ("12"). */
  title: string;
  /** Where it starts in the document's text. */
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
