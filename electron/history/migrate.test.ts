import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FutureLibraryError, latestVersion, migrate, schemaVersion } from './migrate';
import { migrations } from './migrations';
import { SEARCHED_CHARS } from './migrations/004-texts-apart';
import { openLibrary } from './library-store';

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('version 1 on :memory: creates strict tables, FTS5 and the version', () => {
    const db = new Database(':memory:');
    expect(migrate(db, migrations.slice(0, 1))).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table'`).all() as { name: string; strict: number }[];
    for (const t of ['readings', 'chunks', 'audio_streams', 'audio_blocks']) expect(tables.find((x) => x.name === t)?.strict).toBe(1);
    db.prepare(`INSERT INTO readings (id, created_at, updated_at, text, provider, voice, rate, cache_key, status)
      VALUES ('a', 1, 1, 'hello searchable world', 'builtin', 'en-us', 1, 'k', 'complete')`).run();
    expect(db.prepare(`SELECT rowid FROM readings_fts WHERE readings_fts MATCH 'searchable'`).all()).toHaveLength(1);
    // STRICT: a wrong type is refused, not coerced.
    expect(() => db.prepare(`UPDATE readings SET rate = 'fast'`).run()).toThrow(/cannot store TEXT value in REAL column/);
    db.close();
  });

  it('version 2 on :memory: indexes 2-4 character prefixes, rebuilt from the readings saved under version 1, and the triggers keep it current', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 1));
    const add = db.prepare(`INSERT INTO readings (id, created_at, updated_at, text, provider, voice, rate, cache_key, status)
      VALUES (?, 1, 1, ?, 'builtin', 'en-us', 1, 'k', 'complete')`);
    add.run('old', 'Saved before the upgrade: lanterns over the harbour.');
    expect(migrate(db, migrations.slice(0, 2))).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect((db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'readings_fts'`).get() as { sql: string }).sql).toMatch(/prefix = '2 3 4'/);
    add.run('new', 'Saved after it: a lantern by the harbor.');
    const match = (q: string) => (db.prepare(`SELECT r.id FROM readings_fts JOIN readings r ON r.rid = readings_fts.rowid WHERE readings_fts MATCH ? ORDER BY r.id`).all(q) as { id: string }[]).map((r) => r.id);
    expect(match('"la"*')).toEqual(['new', 'old']);
    expect(match('"lant"*')).toEqual(['new', 'old']);
    expect(match('"lanterns"')).toEqual(['old']);
    expect(match('"harbo"*')).toEqual(['new', 'old']);
    db.prepare(`UPDATE readings SET text = 'Rewritten: nothing here.' WHERE id = 'old'`).run();
    db.prepare(`DELETE FROM readings WHERE id = 'new'`).run();
    expect(match('"harbo"*')).toEqual([]);
    expect(match('"rewr"*')).toEqual(['old']);
    expect(() => db.prepare(`INSERT INTO readings_fts (readings_fts) VALUES ('integrity-check')`).run()).not.toThrow();
    db.close();
  });

  it('version 3 adds the writer start time, null for rows written before it (judged by PID alone)', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 2));
    db.prepare(`INSERT INTO readings (id, created_at, updated_at, text, provider, voice, rate, cache_key, status, writer_pid)
      VALUES ('old', 1, 1, 'written by version 2', 'builtin', 'en-us', 1, 'k', 'recording', 42)`).run();
    expect(migrate(db, migrations.slice(0, 3))).toEqual([3]);
    expect(db.prepare(`SELECT writer_pid, writer_started FROM readings WHERE id = 'old'`).get()).toEqual({ writer_pid: 42, writer_started: null });
    db.close();
  });

  it('version 4 moves each text to a table of its own (length and preview beside the row), searchable by its first 200,000 characters', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 3));
    const long = `early ${'filler words here. '.repeat(10_600)}beyondthecap`;
    expect(long.length).toBeGreaterThan(SEARCHED_CHARS);
    db.prepare(`INSERT INTO readings (id, created_at, updated_at, text, provider, voice, rate, cache_key, status)
      VALUES (?, 1, 1, ?, 'builtin', 'en-us', 1, 'k', 'complete')`).run('old-long', long);
    expect(migrate(db, migrations.slice(0, 4))).toEqual([4]);
    expect(db.prepare(`SELECT chars, preview FROM readings WHERE id = 'old-long'`).get()).toEqual({ chars: long.length, preview: long.slice(0, 160) });
    expect((db.prepare(`SELECT text FROM reading_texts`).get() as { text: string }).text).toBe(long);
    expect((db.pragma('table_info(readings)') as { name: string }[]).map((c) => c.name)).not.toContain('text');
    const rid = Number(db.prepare(`INSERT INTO readings (id, created_at, updated_at, provider, voice, rate, cache_key, status) VALUES ('new-long', 2, 2, 'builtin', 'en-us', 1, 'k', 'complete')`).run().lastInsertRowid);
    db.prepare(`INSERT INTO reading_texts (rid, text) VALUES (?, ?)`).run(rid, long);
    const match = (q: string) => (db.prepare(`SELECT r.id FROM readings_fts JOIN readings r ON r.rid = readings_fts.rowid WHERE readings_fts MATCH ? ORDER BY r.id`).all(q) as { id: string }[]).map((r) => r.id);
    expect(match('early')).toEqual(['new-long', 'old-long']);
    expect(match('"ear"*')).toEqual(['new-long', 'old-long']);
    expect(match('beyondthecap')).toEqual([]);
    // Deleting a reading takes its text with it, and the index is handed what it indexed: nothing stale matches.
    db.prepare(`DELETE FROM readings WHERE id = 'old-long'`).run();
    expect(match('early')).toEqual(['new-long']);
    expect(db.prepare(`SELECT count(*) AS n FROM reading_texts`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('is a no-op on an up-to-date database', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(migrate(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(latestVersion());
  });

  it('rolls back every step of a failing migration, leaving the version as it was', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations,
      { version: latestVersion() + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x INTEGER) STRICT; SELECT nonsense FROM nowhere;') },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get()).toEqual({ n: 0 });
  });

  it('refuses a database from a newer version on :memory:', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${latestVersion() + 1}`);
    expect(() => migrate(db)).toThrow(FutureLibraryError);
    expect(schemaVersion(db)).toBe(latestVersion() + 1);
  });

  it('openLibrary refuses a future file with a clear message and leaves its bytes untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-future-'));
    try {
      const path = join(dir, 'library.sqlite');
      const db = new Database(path);
      db.exec('CREATE TABLE from_the_future (x INTEGER)');
      db.pragma(`user_version = ${latestVersion() + 5}`);
      db.close();
      copyFileSync(path, `${path}.before`);
      expect(() => openLibrary({ path })).toThrow(/newer version of Aloud .*left untouched/);
      expect(readFileSync(path).equals(readFileSync(`${path}.before`))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('openLibrary turns on WAL and foreign keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-open-'));
    try {
      const lib = openLibrary({ path: join(dir, 'library.sqlite') });
      expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
      lib.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
