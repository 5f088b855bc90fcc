// Where a document comes from: a file on this machine, or a web address. Both are bounded (the
// file's size before it is read; the page's bytes, the time to its first and next bytes, and the
// whole download) and every failure is one sentence.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DOCUMENT_LIMITS, DocumentError, type DocumentText } from '../speech/documents/document-text';
import { readHtml } from '../speech/documents/html-document';
import { openDocument } from '../speech/documents/open-document';
import { decodeText } from '../speech/documents/plain-document';
import { fileReadErrorSentence } from './file-errors';

/** Opens the document in the file at `path`. */
export async function openDocumentFile(path: string): Promise<DocumentText> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new DocumentError(`${path} is a folder: give a file.`);
    if (info.size > DOCUMENT_LIMITS.bytes) throw new DocumentError(`${path} is larger than the ${DOCUMENT_LIMITS.bytes / 1024 / 1024} MB Aloud opens.`);
    bytes = await readFile(path);
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError(fileReadErrorSentence(err, path) ?? `${path} cannot be read.`);
  }
  return openDocument(bytes, basename(path));
}

export interface WebLimits {
  /** The page's size at most. */
  bytes: number;
  /** No byte for this long ends the download. */
  stallMs: number;
  /** The whole download at most. */
  deadlineMs: number;
}

export const WEB_LIMITS: WebLimits = { bytes: 50 * 1024 * 1024, stallMs: 20_000, deadlineMs: 120_000 };

/** Whether `text` is a web address Aloud opens as a page (http or https). */
export function isWebAddress(text: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(text.trim());
}

/** Fetches the page at `address` and opens it: an article, or a PDF, EPUB or Word file served there. */
export async function openWebPage(address: string, limits: WebLimits = WEB_LIMITS): Promise<DocumentText> {
  const url = new URL(address);
  const host = url.host;
  const controller = new AbortController();
  let why = '';
  const stop = (reason: string) => {
    why ||= reason;
    controller.abort();
  };
  const deadline = setTimeout(() => stop(`${host} took longer than ${limits.deadlineMs / 1000} s to send the page.`), limits.deadlineMs);
  let stall: ReturnType<typeof setTimeout> | undefined;
  const waiting = () => {
    clearTimeout(stall);
    stall = setTimeout(() => stop(`${host} stopped sending the page for ${limits.stallMs / 1000} s.`), limits.stallMs);
  };
  try {
    waiting();
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow', headers: { accept: 'text/html,application/xhtml+xml,application/pdf,application/epub+zip,*/*;q=0.5' } });
    if (!response.ok) throw new DocumentError(`${host} answered ${response.status}${response.statusText ? ` (${response.statusText})` : ''}: the page could not be fetched.`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limits.bytes) throw new DocumentError(`The page at ${host} is larger than the ${limits.bytes / 1024 / 1024} MB Aloud opens.`);
    const parts: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      waiting();
      const next = reader ? await reader.read() : null;
      if (!next || next.done) break;
      const value = next.value;
      size += value.length;
      if (size > limits.bytes) {
        await reader!.cancel().catch(() => {});
        throw new DocumentError(`The page at ${host} is larger than the ${limits.bytes / 1024 / 1024} MB Aloud opens.`);
      }
      parts.push(value);
    }
    // Downloaded: what follows is this machine's own work, not the server's.
    clearTimeout(stall);
    clearTimeout(deadline);
    const bytes = Buffer.concat(parts);
    const type = response.headers.get('content-type') ?? '';
    const name = decodeURIComponent(url.pathname.split('/').pop() || host);
    if (/html|xml/.test(type) && !/epub/.test(type)) return readHtml(decodeText(bytes), address);
    return openDocument(bytes, name);
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    if (why) throw new DocumentError(why);
    throw new DocumentError(`Could not reach ${host}: check the address and your connection.`);
  } finally {
    clearTimeout(deadline);
    clearTimeout(stall);
  }
}
