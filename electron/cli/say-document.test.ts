import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeColumnPdf, makeEpub } from '../../test/support/make-documents';
import { createBuiltinVoice } from '../engine/builtin-voice';
import { runCli } from './main';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>Served</title></head><body><nav>Home · About</nav><article><h1>Served</h1><p>${'The served article has this sentence in it, long enough to keep. '.repeat(5)}</p></article></body></html>`),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((done) => server.close(done)));

async function showText(arg: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    ['say', arg, '--show-text', '--no-history'],
    { stdin: new PassThrough(), stdout: new Writable({ write: (c: Buffer, _e, done) => ((out += c.toString()), done()) }), stderr: new Writable({ write: (c: Buffer, _e, done) => ((err += c.toString()), done()) }) },
    { createVoice: () => createBuiltinVoice(), version: 'test' },
  );
  return { code, out, err };
}

describe('aloud say FILE and aloud say URL', () => {
  it('reads a PDF as a person reads it: no running header, no page numbers, the columns in turn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-say-doc-'));
    const pdf = await makeColumnPdf(2);
    writeFileSync(join(dir, 'journal.pdf'), pdf.bytes);
    const { code, out } = await showText(join(dir, 'journal.pdf'));
    expect(code).toBe(0);
    expect(out).not.toContain('Journal of Listening');
    expect(out).not.toMatch(/^Page \d+$/m);
    const heard = out.replace(/\s+/g, ' ');
    expect(heard.indexOf('Page 1 begins')).toBeLessThan(heard.indexOf('On the right of page 1'));
    expect(heard.indexOf('On the right of page 1')).toBeLessThan(heard.indexOf('Page 2 begins'));
  });

  it('reads an EPUB in spine order, and the article a web address serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-say-doc-'));
    writeFileSync(join(dir, 'book.epub'), makeEpub([{ title: 'First', paragraphs: ['Alpha comes first.'] }, { title: 'Second', paragraphs: ['Omega comes last.'] }], { spineOrder: [1, 0] }));
    const book = await showText(join(dir, 'book.epub'));
    expect(book.code).toBe(0);
    expect(book.out.indexOf('Omega')).toBeLessThan(book.out.indexOf('Alpha'));
    const page = await showText(`${base}/article`);
    expect(page.code).toBe(0);
    expect(page.out).toContain('The served article');
    expect(page.out).not.toContain('Home · About');
  });

  it('says in one sentence why a document cannot be read, and reads text that names no file as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-say-doc-'));
    writeFileSync(join(dir, 'fake.pdf'), 'Not a PDF at all.');
    const fake = await showText(join(dir, 'fake.pdf'));
    expect(fake).toMatchObject({ code: 1, err: 'aloud: This file is not what its name says: it is not a PDF file.\n' });
    const plain = await showText('no-such-file.pdf is just words here');
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('no-such-file.pdf is just words here');
    // Longer than any path can be: text, not a name the system refuses.
    const long = await showText('A long text to read as it is. '.repeat(300));
    expect(long.code).toBe(0);
  });
});
