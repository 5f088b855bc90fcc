// Real documents for the tests, made the way publishing tools make them: PDFs drawn with pdf-lib
// (two columns, running headers and footers, page numbers, words hyphenated at line ends, footnote
// markers), Word files written by the `docx` package, EPUBs zipped by hand as the EPUB 3 spec lays
// them out. Each comes with the text a person would hear from it.
import { Document, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

/** Splits a paragraph into lines of at most `width` characters, hyphenating a long word at the line's end. */
export function wrapWithHyphens(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = width - line.length - (line ? 1 : 0);
    if (word.length <= room) line += (line ? ' ' : '') + word;
    else if (word.length >= 6 && room >= 3 && /^\p{Ll}+[.,]?$/u.test(word)) {
      // Hyphenate: the first part ends this line with a hyphen, the rest (lowercase) starts the next.
      lines.push(`${line ? `${line} ` : ''}${word.slice(0, room - 1)}-`);
      line = word.slice(room - 1);
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface ColumnPdf {
  bytes: Uint8Array;
  /** The paragraphs a person hears, in order (headers, footers, page numbers and markers left out). */
  heard: string[];
  header: string;
}

const LEFT_X = 50;
const RIGHT_X = 320;
const COLUMN_CHARS = 48;
const LINE = 13;

function drawColumn(page: PDFPage, font: PDFFont, x: number, top: number, paragraphs: string[]): void {
  let y = top;
  for (const para of paragraphs) {
    for (const line of wrapWithHyphens(para, COLUMN_CHARS)) {
      page.drawText(line, { x, y, size: 10, font });
      y -= LINE;
    }
    y -= LINE; // a blank line between paragraphs
  }
}

/**
 * A journal-style PDF: a title across the page, then two columns per page; a running header and a
 * "Page N" footer on every page; words hyphenated at line ends; on page 1 a raised footnote marker
 * after "listening" and the footnote itself in small type at the bottom.
 */
export async function makeColumnPdf(pageCount = 3): Promise<ColumnPdf> {
  const doc = await PDFDocument.create();
  doc.setTitle('Listening to Long Documents');
  doc.setAuthor('Ada Reader');
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const header = 'Journal of Listening · Volume 3';
  const heard: string[] = [];
  for (let n = 1; n <= pageCount; n++) {
    const page = doc.addPage([612, 792]);
    page.drawText(header, { x: 230, y: 760, size: 9, font });
    page.drawText(`Page ${n}`, { x: 290, y: 30, size: 9, font });
    let top = 700;
    if (n === 1) {
      page.drawText('Listening to Long Documents', { x: 150, y: 720, size: 20, font: bold });
      heard.push('Listening to Long Documents');
      top = 680;
    }
    const left = [
      `Page ${n} begins with considerable enthusiasm for comprehensive listening, which people prefer over reading.`,
      `The second paragraph of page ${n} continues explaining extraordinary circumstances surrounding documentation.`,
    ];
    const right = [
      `On the right of page ${n} the narrative demonstrates remarkable understanding of typographical conventions.`,
      `Finally page ${n} concludes with unquestionable determination and a sentence that ends here.`,
    ];
    drawColumn(page, font, LEFT_X, top, left);
    drawColumn(page, font, RIGHT_X, top, right);
    heard.push(...left, ...right);
    if (n === 1) {
      // A footnote marker raised after the first line's last word, and the note in small type.
      const firstLine = wrapWithHyphens(left[0]!, COLUMN_CHARS)[0]!;
      page.drawText('1', { x: LEFT_X + font.widthOfTextAtSize(firstLine, 10) + 1, y: top + 4, size: 6, font });
      page.drawText('1 A note set in small type at the foot of the page.', { x: LEFT_X, y: 80, size: 7, font });
      heard.push('1 A note set in small type at the foot of the page.');
    }
  }
  return { bytes: await doc.save(), heard, header };
}

/** A PDF whose pages hold only a drawn image-like shape: what a scanner makes. */
export async function makeScannedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawRectangle({ x: 50, y: 50, width: 500, height: 700, borderWidth: 2 });
  return doc.save();
}

export interface EpubChapter {
  title: string;
  paragraphs: string[];
}

/** An EPUB 3 book; `footnote` puts a noteref in chapter 1 and the note in an aside. */
export function makeEpub(chapters: EpubChapter[], options: { title?: string; author?: string; spineOrder?: number[]; drm?: boolean } = {}): Uint8Array {
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = { mimetype: [strToU8('application/epub+zip'), { level: 0 }] };
  files['META-INF/container.xml'] = strToU8(
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
  );
  if (options.drm) files['META-INF/encryption.xml'] = strToU8('<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>');
  const order = options.spineOrder ?? chapters.map((_, i) => i);
  chapters.forEach((ch, i) => {
    const body = ch.paragraphs.map((p) => `<p>${p}</p>`).join('');
    files[`OEBPS/ch${i + 1}.xhtml`] = strToU8(
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${ch.title}</title></head><body><section><h1>${ch.title}</h1>${body}</section></body></html>`,
    );
  });
  files['OEBPS/nav.xhtml'] = strToU8(
    `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><ol>${order.map((i) => `<li><a href="ch${i + 1}.xhtml">${chapters[i]!.title}</a></li>`).join('')}</ol></nav></body></html>`,
  );
  files['OEBPS/content.opf'] = strToU8(
    `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>${options.title ?? 'A Test Book'}</dc:title><dc:creator>${options.author ?? 'Ada Reader'}</dc:creator><dc:language>en</dc:language></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>${chapters.map((_, i) => `<item id="c${i + 1}" href="ch${i + 1}.xhtml" media-type="application/xhtml+xml"/>`).join('')}</manifest><spine>${order.map((i) => `<itemref idref="c${i + 1}"/>`).join('')}</spine></package>`,
  );
  return zipSync(files as Parameters<typeof zipSync>[0]);
}

/** A Word document with a title heading, two sections and a footnote. */
export async function makeDocx(): Promise<{ bytes: Uint8Array; heard: string[]; chapters: string[] }> {
  const doc = new Document({
    title: 'Quarterly Notes',
    creator: 'Ada Reader',
    footnotes: { 1: { children: [new Paragraph('The note explains the figure.')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Introduction', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('The figures rose this quarter.'), new FootnoteReferenceRun(1), new TextRun(' They fell the next.')] }),
          new Paragraph({ text: 'Results', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('Listening saved time for everyone.'),
        ],
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  return {
    bytes,
    heard: ['Introduction', 'The figures rose this quarter. They fell the next.', 'Results', 'Listening saved time for everyone.', 'The note explains the figure.'],
    chapters: ['Introduction', 'Results'],
  };
}
