import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { damagedCopyPath, UnreadableLibraryError } from './library-health';
import { openLibrary } from './library-store';
import { damagePages, libraryWithReadings } from '../../test/support/damaged-library';

describe('opening a damaged library', () => {
  it('keeps a copy of the file as it was before anything writes, rebuilds the library from what can be read, and says so with both paths', () => {
    const path = libraryWithReadings(200);
    damagePages(path, 5, 3);
    const before = readFileSync(path);
    const lib = openLibrary({ path, now: () => Date.UTC(2026, 11, 5, 6, 30, 0) });
    try {
      expect(lib.damage).not.toBeNull();
      expect(lib.damage!.backupPath).toBe(join(path, '..', 'library.damaged-2026-12-05T06-30-00.sqlite'));
      expect(readFileSync(lib.damage!.backupPath).equals(before)).toBe(true);
      expect(lib.damage!.problems.join('\n')).toMatch(/page|index/);
      // Only index pages were hit: every reading is kept, and the rebuilt file is sound and searchable.
      expect(lib.damage!.rebuilt).toBe(true);
      expect(lib.damage!.message).toBe(
        `Aloud found damage in its library (${path}) and rebuilt it from what could still be read: 200 readings kept. The damaged file is kept unchanged at ${lib.damage!.backupPath}.`,
      );
      expect(lib.count()).toBe(200);
      expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(lib.search('number').length).toBeGreaterThan(0);
      expect(lib.list({ limit: 1 })[0]!.id).toBe('r199');
      const rid = lib.beginReading({ id: 'after', text: 'written after the rebuild', provider: 'builtin', voice: 'en-us', synthRate: 1 });
      lib.setStatus(rid, 'complete');
      expect(lib.get('after')!.status).toBe('complete');
    } finally {
      lib.close();
    }
    // The next start finds nothing wrong.
    const again = openLibrary({ path });
    expect(again.damage).toBeNull();
    expect(again.count()).toBe(201);
    again.close();
  });

  it('when rows stood on a damaged page of the readings table, keeps the rest and says some could not be kept', () => {
    const path = libraryWithReadings(300);
    const probe = new Database(path, { readonly: true });
    const leaves = (probe.prepare(`SELECT pageno FROM dbstat WHERE name = 'readings' AND pagetype = 'leaf' ORDER BY pageno`).all() as { pageno: number }[]).map((r) => r.pageno);
    probe.close();
    expect(leaves.length).toBeGreaterThan(3);
    damagePages(path, leaves[1]!, 1);
    const lib = openLibrary({ path });
    try {
      expect(lib.damage!.rebuilt).toBe(true);
      const kept = lib.count();
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(300);
      expect(lib.damage!.message).toMatch(new RegExp(`${kept} readings kept\\. Some readings or their audio stood on damaged parts`));
      expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      lib.close();
    }
  });

  it('a sound library opens with no copy made', () => {
    const path = libraryWithReadings(20);
    const lib = openLibrary({ path });
    expect(lib.damage).toBeNull();
    lib.close();
    expect(readdirSync(join(path, '..')).filter((f) => f.includes('damaged'))).toEqual([]);
  });

  it('a file that is not a database is refused untouched, naming the file and what to do', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aloud-health-')), 'library.sqlite');
    writeFileSync(path, 'These are my notes, not a database. '.repeat(200));
    const before = readFileSync(path);
    let error: unknown;
    try {
      openLibrary({ path });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnreadableLibraryError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/move that file somewhere else/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('a library whose first page is destroyed is refused the same way', () => {
    const path = libraryWithReadings(5);
    damagePages(path, 1, 1);
    expect(() => openLibrary({ path })).toThrow(UnreadableLibraryError);
  });

  it('read-only opening (the CLI listing) does not run the check or copy', () => {
    const path = libraryWithReadings(200);
    damagePages(path, 5, 3);
    const lib = openLibrary({ path, readonly: true });
    expect(lib.damage).toBeNull();
    lib.close();
    expect(readdirSync(join(path, '..')).filter((f) => f.includes('damaged'))).toEqual([]);
    // The database itself is untouched by the read-only open.
    const db = new Database(path, { readonly: true });
    expect((db.pragma('quick_check') as unknown[]).length).toBeGreaterThan(0);
    db.close();
  });
});

describe('damagedCopyPath', () => {
  it('names the copy with the time and never overwrites an earlier copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-health-'));
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    const first = damagedCopyPath(join(dir, 'library.sqlite'), at);
    expect(first).toBe(join(dir, 'library.damaged-2026-01-02T03-04-05.sqlite'));
    writeFileSync(first, 'x');
    expect(damagedCopyPath(join(dir, 'library.sqlite'), at)).toBe(join(dir, 'library.damaged-2026-01-02T03-04-05-2.sqlite'));
  });
});
