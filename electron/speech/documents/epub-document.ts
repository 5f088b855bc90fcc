// An EPUB (2 or 3): its chapters in spine order, titled from its table of contents (EPUB 3 nav or
// EPUB 2 NCX), with footnote markers left out. A book with DRM (encrypted content) is refused in a
// sentence; font obfuscation, which EPUB allows without DRM, is not DRM.
import { DOMParser, parseHTML } from 'linkedom';
import { DocumentError, joinParagraphs, type DocumentText } from './document-text';
import { htmlBlocks } from './html-blocks';
import { entryText, unzipEntries, type ZipEntries } from './zip-entries';

const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);

type XmlElement = { getAttribute(name: string): string | null; textContent: string | null; getElementsByTagName(name: string): ArrayLike<XmlElement> };

const xml = (text: string): XmlElement => new DOMParser().parseFromString(text, 'text/xml') as unknown as XmlElement;
const all = (root: XmlElement, ...names: string[]): XmlElement[] => names.flatMap((n) => Array.from(root.getElementsByTagName(n)));

/** `base` + a relative href, as a path inside the archive. */
function resolveHref(base: string, href: string): string {
  const parts = base.split('/').slice(0, -1);
  for (const part of decodeURIComponent(href.split('#')[0]!).split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

function refuseDrm(entries: ZipEntries): void {
  if (entries.has('META-INF/rights.xml')) throw new DocumentError('This book is protected by DRM, which Aloud cannot read; a DRM-free copy opens.');
  const encryption = entryText(entries, 'META-INF/encryption.xml');
  if (!encryption) return;
  const methods = all(xml(encryption), 'EncryptionMethod', 'enc:EncryptionMethod').map((m) => m.getAttribute('Algorithm') ?? '');
  if (methods.some((m) => !FONT_OBFUSCATION.has(m))) throw new DocumentError('This book is protected by DRM, which Aloud cannot read; a DRM-free copy opens.');
}

/** Chapter titles by file, from the EPUB 3 nav document or the EPUB 2 NCX. */
function tocTitles(entries: ZipEntries, opfPath: string, manifest: Map<string, { href: string; type: string; properties: string }>, ncxId: string | null): Map<string, string> {
  const titles = new Map<string, string>();
  const add = (file: string, title: string) => {
    const clean = title.replace(/\s+/g, ' ').trim();
    if (clean && !titles.has(file)) titles.set(file, clean);
  };
  const nav = [...manifest.values()].find((m) => /\bnav\b/.test(m.properties));
  if (nav) {
    const navPath = resolveHref(opfPath, nav.href);
    const { document } = parseHTML(entryText(entries, navPath) ?? '');
    const toc = Array.from(document.querySelectorAll('nav')).find((n) => /\btoc\b/.test(n.getAttribute('epub:type') ?? '')) ?? document.querySelector('nav');
    for (const a of Array.from(toc?.querySelectorAll('a[href]') ?? [])) add(resolveHref(navPath, a.getAttribute('href') ?? ''), a.textContent ?? '');
  }
  const ncx = ncxId ? manifest.get(ncxId) : undefined;
  if (ncx) {
    const ncxPath = resolveHref(opfPath, ncx.href);
    for (const point of all(xml(entryText(entries, ncxPath) ?? ''), 'navPoint')) {
      const label = all(point, 'text')[0]?.textContent ?? '';
      const src = all(point, 'content')[0]?.getAttribute('src');
      if (src) add(resolveHref(ncxPath, src), label);
    }
  }
  return titles;
}

export function readEpub(bytes: Uint8Array): DocumentText {
  const entries = unzipEntries(bytes, 'book');
  if (!entries.has('META-INF/container.xml')) throw new DocumentError('This is not an EPUB book: it has no container file.');
  refuseDrm(entries);
  const opfPath = all(xml(entryText(entries, 'META-INF/container.xml')!), 'rootfile')[0]?.getAttribute('full-path');
  const opfText = opfPath ? entryText(entries, opfPath) : null;
  if (!opfPath || !opfText) throw new DocumentError('This EPUB book is damaged: its list of contents is missing.');
  const opf = xml(opfText);
  const manifest = new Map<string, { href: string; type: string; properties: string }>();
  for (const item of all(opf, 'item', 'opf:item')) {
    const id = item.getAttribute('id');
    if (id) manifest.set(id, { href: item.getAttribute('href') ?? '', type: item.getAttribute('media-type') ?? '', properties: item.getAttribute('properties') ?? '' });
  }
  const spine = all(opf, 'spine', 'opf:spine')[0];
  const titles = tocTitles(entries, opfPath, manifest, spine?.getAttribute('toc') ?? null);
  const blocks: { text: string; chapter?: string }[] = [];
  for (const ref of spine ? all(spine, 'itemref', 'opf:itemref') : []) {
    if (ref.getAttribute('linear') === 'no') continue;
    const item = manifest.get(ref.getAttribute('idref') ?? '');
    if (!item || !/html/.test(item.type)) continue;
    const path = resolveHref(opfPath, item.href);
    const { document } = parseHTML(entryText(entries, path) ?? '');
    const found = htmlBlocks(document.body ?? document.documentElement);
    if (found.length === 0) continue;
    const title = titles.get(path) ?? found.find((b) => b.heading)?.text ?? null;
    found.forEach((b, i) => blocks.push(i === 0 && title !== null ? { text: b.text, chapter: title } : { text: b.text }));
  }
  const { text, chapters } = joinParagraphs(blocks);
  if (!text) throw new DocumentError('This EPUB book holds no text to read.');
  const meta = (name: string) => all(opf, `dc:${name}`)[0]?.textContent?.replace(/\s+/g, ' ').trim() || null;
  return { format: 'epub', title: meta('title') ?? 'Untitled book', author: meta('creator'), text, chapters, pages: [] };
}
