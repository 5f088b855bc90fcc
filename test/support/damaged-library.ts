// A library on disk with readings, then damaged as a bad disk or a copy cut short would: whole pages
// past the schema (the readings' indexes) overwritten.
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary } from '../../electron/history/library-store';

const PAGE = 4096;

/** A closed library file holding `n` complete readings (r0, r1, ...), its WAL checkpointed in. */
export function libraryWithReadings(n: number, dir = mkdtempSync(join(tmpdir(), 'aloud-damaged-'))): string {
  const path = join(dir, 'library.sqlite');
  const lib = openLibrary({ path });
  for (let i = 0; i < n; i++) {
    const rid = lib.beginReading({ id: `r${i}`, text: `Reading number ${i}. ${'Some words to fill the page. '.repeat(20)}`, provider: 'builtin', voice: 'en-us', synthRate: 1 });
    lib.setStatus(rid, 'complete');
  }
  lib.db.pragma('wal_checkpoint(TRUNCATE)');
  lib.close();
  return path;
}

/** Overwrites `pages` pages from page `first` (1-based) with junk. */
export function damagePages(path: string, first: number, pages: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(PAGE * pages, 0x5a), 0, PAGE * pages, PAGE * (first - 1));
  closeSync(fd);
}
