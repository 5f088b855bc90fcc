import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeColumnPdf } from '../../test/support/make-documents';
import { isWebAddress, openDocumentFile, openWebPage } from './document-source';

const article = `<!doctype html><html><head><title>Slow News</title></head><body><nav>Home · World · Sport</nav>
  <article><h1>Slow News</h1><p>${'A calm paragraph of the article that a reader view keeps as content. '.repeat(4)}</p></article>
  <div class="comments">Nice one!</div></body></html>`;

let server: Server;
let base = '';
const open = new Set<ServerResponse>();

beforeAll(async () => {
  const pdf = (await makeColumnPdf(2)).bytes;
  server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    if (req.url === '/article') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article);
    else if (req.url === '/paper') res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(pdf));
    else if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    } else if (req.url === '/stall') res.writeHead(200, { 'content-type': 'text/html' }).write('<html><body><p>Then nothing');
    else res.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise((done) => server.close(done));
});

// A stall is found within 2 s; a busy machine can keep a healthy page waiting longer than that, so
// the pages that must open get the app's own limits but for their size.
const small = { bytes: 1024 * 1024, stallMs: 2_000, deadlineMs: 120_000 };
const patient = { ...small, stallMs: 60_000 };

describe('a web address', () => {
  it('is told from text to read', () => {
    expect(isWebAddress('https://example.com/a')).toBe(true);
    expect(isWebAddress('http://127.0.0.1:8080/')).toBe(true);
    expect(isWebAddress('Read https://example.com/a please')).toBe(false);
    expect(isWebAddress('ftp://example.com/a')).toBe(false);
  });

  it('opens the article served there, without its navigation and comments', async () => {
    const doc = await openWebPage(`${base}/article`, patient);
    expect(doc.title).toBe('Slow News');
    expect(doc.text).toContain('A calm paragraph');
    expect(doc.text).not.toMatch(/Home · World|Nice one/);
  });

  it('opens a PDF served there by what it is', async () => {
    const doc = await openWebPage(`${base}/paper`, patient);
    expect(doc.format).toBe('pdf');
    expect(doc.text).toMatch(/^Listening to Long Documents/);
  });

  it('stops a page that never ends at the size limit, one that stalls, a 404 and a closed port, each in a sentence', async () => {
        await expect(openWebPage(`${base}/endless`, patient)).rejects.toThrow(/^The page at 127\.0\.0\.1:\d+ is larger than the 1 MB Aloud opens\.$/);
    await expect(openWebPage(`${base}/stall`, small)).rejects.toThrow(/stopped sending the page for 2 s/);
    await expect(openWebPage(`${base}/missing`, small)).rejects.toThrow(/answered 404 \(Not Found\): the page could not be fetched/);
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    await expect(openWebPage(`http://127.0.0.1:${port}/x`, small)).rejects.toThrow(`Could not reach 127.0.0.1:${port}: check the address and your connection.`);
  });
});

describe('a document file', () => {
  it('says in a sentence when it is missing, a folder, or too large, before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-doc-'));
    await expect(openDocumentFile(join(dir, 'nope.pdf'))).rejects.toThrow(`${join(dir, 'nope.pdf')} does not exist.`);
    await expect(openDocumentFile(dir)).rejects.toThrow(`${dir} is a folder: give a file.`);
    const huge = join(dir, 'huge.pdf');
    writeFileSync(huge, '');
    truncateSync(huge, 300 * 1024 * 1024); // sparse: no disk used
    await expect(openDocumentFile(huge)).rejects.toThrow(/is larger than the 200 MB Aloud opens/);
  });
});
