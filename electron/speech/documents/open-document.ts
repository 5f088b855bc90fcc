// Opens a document from its bytes: the format is told by what the file holds (its first bytes), its
// name only deciding between text and Markdown, so a file whose name lies is read as what it is, or
// refused in a sentence that says so.
import { DOCUMENT_LIMITS, DocumentError, type DocumentText } from './document-text';
import { readDocx } from './docx-document';
import { readEpub } from './epub-document';
import { readHtml } from './html-document';
import { readPdf } from './pdf-document';
import { decodeText, readMarkdown, readPlainText } from './plain-document';
import { isZip, unzipEntries } from './zip-entries';

const startsWith = (bytes: Uint8Array, text: string) => new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).trimStart().toLowerCase().startsWith(text);

/** Which ZIP-based format an archive is, by the files it holds. */
function zipFormat(bytes: Uint8Array): 'epub' | 'docx' | null {
  const names: string[] = [];
  unzipEntries(bytes, 'file', (n) => (names.push(n), false));
  if (names.includes('META-INF/container.xml') || names.includes('mimetype')) return 'epub';
  if (names.includes('word/document.xml')) return 'docx';
  return null;
}

export async function openDocument(bytes: Uint8Array, name: string): Promise<DocumentText> {
  if (bytes.length === 0) throw new DocumentError('This file is empty.');
  if (bytes.length > DOCUMENT_LIMITS.bytes) throw new DocumentError(`This file is larger than the ${DOCUMENT_LIMITS.bytes / 1024 / 1024} MB Aloud opens.`);
  if (startsWith(bytes, '%pdf-')) return readPdf(bytes, name);
  if (isZip(bytes)) {
    const format = zipFormat(bytes);
    if (format === 'epub') return readEpub(bytes);
    if (format === 'docx') return readDocx(bytes);
    throw new DocumentError('This file is an archive Aloud does not read (not an EPUB book or a Word document).');
  }
  if (/\.(docx|epub|pdf)$/i.test(name)) throw new DocumentError(`This file is not what its name says: it is not a ${name.replace(/^.*\./, '').toUpperCase()} file.`);
  if (/\.doc$/i.test(name) || (bytes[0] === 0xd0 && bytes[1] === 0xcf)) throw new DocumentError('This is an older Word document (.doc), which Aloud does not read; save it as .docx.');
  if (startsWith(bytes, '<!doctype html') || startsWith(bytes, '<html') || /\.x?html?$/i.test(name)) return readHtml(decodeText(bytes));
  if (/\.(md|markdown)$/i.test(name)) return readMarkdown(bytes, name);
  return readPlainText(bytes, name);
}
