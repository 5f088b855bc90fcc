import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../electron/history/library-store';
import { createReadingWriter, type ReadingWriter } from '../../electron/history/reading-writer';
import { startReadingWriterThread } from '../support/reading-writer-thread';

let writer: ReadingWriter | null = null;
afterEach(async () => {
  await writer?.close();
  writer = null;
});

describe('the library writer thread', () => {
  it('writes a reading of two million characters off the main thread, the app’s own connection reading it at once, search included', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aloud-writer-')), 'library.sqlite');
    const library = openLibrary({ path });
    writer = createReadingWriter({ path, startThread: startReadingWriterThread });
    const text = `Opening words with zanzibar in them. ${'The quick brown fox jumps over the lazy dog. '.repeat(44_444)}`.slice(0, 2_000_000);
    const rid = await writer.begin({ id: 'long', text, provider: 'builtin', voice: 'en-us', synthRate: 1 });
    expect(writer.lastThread).not.toBe(0);
    expect(writer.lastThread).not.toBeNull();
    expect(library.ridOf('long')).toBe(rid);
    expect(library.get('long')).toMatchObject({ status: 'recording', chars: 2_000_000 });
    expect(library.search('zanzibar').map((r) => r.id)).toEqual(['long']);
    // The main connection goes on writing the reading: its chunks and status.
    library.setStatus(rid, 'complete');
    expect(library.get('long')!.status).toBe('complete');
    library.close();
  });

  it('rejects, with the error’s code kept, when the library cannot be written (its folder is gone)', async () => {
    writer = createReadingWriter({ path: join(mkdtempSync(join(tmpdir(), 'aloud-writer-')), 'no-such-folder', 'library.sqlite'), startThread: startReadingWriterThread });
    const failed = (await writer.begin({ id: 'x', text: 'words', provider: 'builtin', voice: 'en-us', synthRate: 1 }).then(
      () => null,
      (err: unknown) => err,
    )) as (Error & { code?: string }) | null;
    expect(failed).toBeInstanceOf(Error);
    expect(failed!.code).toBe('ENOENT');
    expect(failed!.message).toMatch(/no-such-folder/);
  });
});
