import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeColumnPdf, makeDocx, makeEpub, makeScannedPdf } from '../../../test/support/make-documents';
import { openDocument } from './open-document';

const paragraphsOf = (text: string) => text.split('\n\n');
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe('a PDF, read as a person reads it', () => {
  it('reads each column in turn, joins hyphenated words, and leaves out running headers, page numbers and footnote markers', async () => {
    const pdf = await makeColumnPdf(3);
    const doc = await openDocument(pdf.bytes, 'journal.pdf');
    expect(paragraphsOf(doc.text)).toEqual(pdf.heard);
    expect(doc).toMatchObject({ format: 'pdf', title: 'Listening to Long Documents', author: 'Ada Reader' });
    expect(doc.pages.map((p) => p.title)).toEqual(['1', '2', '3']);
    for (const page of doc.pages.slice(1)) expect(doc.text.slice(page.start)).toMatch(new RegExp(`^Page ${page.title} begins`));
  });

  it('has every word poppler’s pdftotext finds, less the header, the page numbers and the marker', async () => {
    const pdf = await makeColumnPdf(2);
    const dir = mkdtempSync(join(tmpdir(), 'aloud-pdf-'));
    writeFileSync(join(dir, 'j.pdf'), pdf.bytes);
    const theirs = execFileSync('pdftotext', [join(dir, 'j.pdf'), '-'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== pdf.header && !/^Page \d+$/.test(line.trim()))
      .join('\n')
      .replace(/-\n(\p{Ll})/gu, '$1')
      .replace(/ 1\n/, '\n'); // the raised footnote marker after "for"
    const ours = (await openDocument(pdf.bytes, 'j.pdf')).text;
    expect(words(ours).sort()).toEqual(words(theirs).sort());
  });

  it('says in a sentence when a PDF has a password, is a scan with no text, or is not a PDF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-pdf-'));
    writeFileSync(join(dir, 'open.pdf'), (await makeColumnPdf(1)).bytes);
    execFileSync('qpdf', ['--encrypt', 'secret', 'secret', '256', '--', join(dir, 'open.pdf'), join(dir, 'locked.pdf')]);
    await expect(openDocument(readFileSync(join(dir, 'locked.pdf')), 'locked.pdf')).rejects.toThrow('This PDF is protected by a password; Aloud cannot open it.');
    await expect(openDocument(await makeScannedPdf(), 'scan.pdf')).rejects.toThrow(/no text in it, only images \(a scan\)/);
    await expect(openDocument(strToU8('Just some words, not a PDF at all.'), 'report.pdf')).rejects.toThrow('This file is not what its name says: it is not a PDF file.');
    await expect(openDocument(strToU8('%PDF-1.7\nnothing else'), 'broken.pdf')).rejects.toThrow('This file is not a PDF Aloud can read: it is damaged or not a PDF.');
  });
});

describe('an EPUB book', () => {
  const chapters = [
    { title: 'The Beginning', paragraphs: ['It started on a Monday.', 'A note<a epub:type="noteref" href="#n1">1</a> follows here.<aside epub:type="footnote" id="n1">The note itself.</aside>'] },
    { title: 'The Middle', paragraphs: ['Things happened.'] },
    { title: 'The End', paragraphs: ['It ended well.'] },
  ];

  it('reads the chapters in spine order, titled from its table of contents, a note after its chapter and its marker not read', async () => {
    const doc = await openDocument(makeEpub(chapters, { spineOrder: [2, 0, 1] }), 'book.epub');
    expect(doc).toMatchObject({ format: 'epub', title: 'A Test Book', author: 'Ada Reader' });
    expect(doc.chapters.map((c) => c.title)).toEqual(['The End', 'The Beginning', 'The Middle']);
    for (const c of doc.chapters) expect(doc.text.slice(c.start)).toMatch(new RegExp(`^${c.title}`));
    expect(paragraphsOf(doc.text)).toEqual(['The End', 'It ended well.', 'The Beginning', 'It started on a Monday.', 'A note follows here.', 'The note itself.', 'The Middle', 'Things happened.']);
  });

  it('refuses a book with DRM in a sentence', async () => {
    await expect(openDocument(makeEpub(chapters, { drm: true }), 'locked.epub')).rejects.toThrow('This book is protected by DRM, which Aloud cannot read; a DRM-free copy opens.');
  });

  it('refuses an archive that claims to unpack to gigabytes before unpacking it', async () => {
    const zip = zipSync({ 'META-INF/container.xml': strToU8('<container/>'), 'OEBPS/big.xhtml': strToU8('x'.repeat(100)) });
    // The central directory's "uncompressed size" of the last entry: claim 3 GB.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let at = zip.length - 22;
    at = view.getUint32(at + 16, true); // start of the central directory
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true); // second entry
    view.setUint32(at + 24, 3_000_000_000, true);
    await expect(openDocument(zip, 'bomb.epub')).rejects.toThrow(/unpacks to more than Aloud reads from one document/);
  });
});

describe('a Word document and a web page', () => {
  it('reads a .docx with its headings as chapters, the footnote after the text and its reference not read', async () => {
    const docx = await makeDocx();
    const doc = await openDocument(docx.bytes, 'notes.docx');
    expect(paragraphsOf(doc.text)).toEqual(docx.heard);
    expect(doc.chapters.map((c) => c.title)).toEqual(docx.chapters);
    expect(doc).toMatchObject({ format: 'docx', title: 'Quarterly Notes', author: 'Ada Reader' });
  });

  it('reads a saved article without its navigation, advertising and comments', async () => {
    const long = 'This paragraph carries the article’s real content, long enough for a reader view to keep it. '.repeat(3);
    const html = `<!doctype html><html><head><title>Listening Beats Reading - The Daily Page</title></head><body>
      <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
      <div class="ad-banner">Buy our premium plan today!</div>
      <article><h1>Listening Beats Reading</h1><p>${long}</p><p>${long}</p></article>
      <section id="comments"><h2>Comments</h2><p>First!</p></section>
      <footer>© The Daily Page</footer></body></html>`;
    const doc = await openDocument(strToU8(html), 'article.html');
    expect(doc.text).toContain('real content');
    for (const gone of ['Home', 'premium plan', 'First!', '© The Daily Page']) expect(doc.text).not.toContain(gone);
    expect(doc.title).toMatch(/^Listening Beats Reading/);
  });
});

describe('text and Markdown files, and files that are not what they say', () => {
  it('reads Markdown as what it says: headings as chapters, no link or emphasis marks', async () => {
    const md = '# Getting Started\n\nRead the **manual** and [the guide](https://example.com/guide).\n\n## Next Steps\n\nThen *listen*.\n';
    const doc = await openDocument(strToU8(md), 'notes.md');
    expect(paragraphsOf(doc.text)).toEqual(['Getting Started', 'Read the manual and the guide.', 'Next Steps', 'Then listen.']);
    expect(doc.chapters.map((c) => c.title)).toEqual(['Getting Started', 'Next Steps']);
  });

  it('reads a plain text file by its paragraphs, and refuses binary data, an empty file and an old .doc in a sentence', async () => {
    const doc = await openDocument(strToU8('First line\nwraps here.\n\nSecond paragraph.'), 'notes.txt');
    expect(paragraphsOf(doc.text)).toEqual(['First line wraps here.', 'Second paragraph.']);
    await expect(openDocument(new Uint8Array([1, 2, 0, 4]), 'data.txt')).rejects.toThrow('This file is not text: it holds binary data.');
    await expect(openDocument(new Uint8Array(), 'empty.txt')).rejects.toThrow('This file is empty.');
    await expect(openDocument(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'old.doc')).rejects.toThrow(/older Word document \(\.doc\)/);
  });
});
