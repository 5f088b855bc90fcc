// A web page (saved, or fetched from an address): the article, as Mozilla's Readability finds it
// (Firefox's Reader View), without navigation, ads and comments. A page Readability finds no article
// in is read whole, less its navigation, headers and footers.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { DocumentError, joinParagraphs, type DocumentText } from './document-text';
import { htmlBlocks } from './html-blocks';

export function readHtml(html: string, address?: string): DocumentText {
  const { document } = parseHTML(html);
  const pageTitle = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null;
  let article: ReturnType<Readability['parse']>;
  try {
    article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  } catch {
    article = null; // a page Readability cannot parse is read whole, below
  }
  let root;
  if (article?.content) root = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body;
  else {
    const whole = parseHTML(html).document;
    for (const el of Array.from(whole.querySelectorAll('nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo]'))) el.remove();
    root = whole.body;
  }
  const found = root ? htmlBlocks(root) : [];
  const { text, chapters } = joinParagraphs(found.map((b) => (b.heading ? { text: b.text, chapter: b.text } : { text: b.text })));
  if (!text) throw new DocumentError(address ? `The page at ${address} holds no text to read.` : 'This page holds no text to read.');
  const title = article?.title?.trim() || pageTitle || address || 'Untitled page';
  return { format: 'html', title, author: article?.byline?.trim() || null, text, chapters, pages: [] };
}
