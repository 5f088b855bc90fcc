// Plain text and Markdown files. Markdown is read as what it says: headings become chapters, and the
// marks around words (emphasis, links, images, block quotes) are not read.
import { DocumentError, joinParagraphs, type DocumentText } from './document-text';

/** UTF-8 (with or without a byte-order mark), else Windows-1252, which decodes any byte. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new DocumentError('This file is not text: it holds binary data.');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const titleOf = (name: string) => name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'Untitled text';

export function readPlainText(bytes: Uint8Array, name: string): DocumentText {
  const text = decodeText(bytes).replace(/\r\n?/g, '\n');
  const { text: joined } = joinParagraphs(text.split(/\n\s*\n/).map((p) => ({ text: p })));
  if (!joined) throw new DocumentError('This file holds no text to read.');
  return { format: 'text', title: titleOf(name), author: null, text: joined, chapters: [], pages: [] };
}

/** One Markdown line's words, without the marks around them. */
function markdownWords(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__|\*|_|~~|`)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/^\s{0,3}>\s?/, '');
}

export function readMarkdown(bytes: Uint8Array, name: string): DocumentText {
  const lines = decodeText(bytes).replace(/\r\n?/g, '\n').split('\n');
  const blocks: { text: string; chapter?: string }[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ text: paragraph.join(' ') });
    paragraph = [];
  };
  let fenced = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      flush();
      continue;
    }
    const heading = fenced ? null : line.match(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/);
    if (heading) {
      flush();
      const words = markdownWords(heading[1]!);
      blocks.push({ text: words, chapter: words });
    } else if (!line.trim() || (!fenced && /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line))) flush();
    else if (/^\s*([-*+•]|\d+[.)])\s+/.test(line) && !fenced) {
      flush();
      paragraph.push(markdownWords(line));
    } else paragraph.push(fenced ? line : markdownWords(line));
  }
  flush();
  const { text, chapters } = joinParagraphs(blocks);
  if (!text) throw new DocumentError('This file holds no text to read.');
  return { format: 'markdown', title: chapters[0]?.title ?? titleOf(name), author: null, text, chapters, pages: [] };
}
