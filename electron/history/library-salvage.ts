// Rebuilds a damaged library from what can still be read: every table scanned in its own b-tree
// (NOT INDEXED, so a damaged index does not stand in the way), each readable row copied into a fresh
// library with the current schema, where the indexes and the search index are built anew. Rows on
// damaged table pages are lost; rows that point at a lost reading are dropped with it.
import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { migrate, schemaVersion } from './migrate';
import { migrations } from './migrations';

/** Parents first; a table the source's schema lacks is skipped. */
const TABLES = ['readings', 'reading_texts', 'audio_streams', 'audio_blocks', 'chunks', 'voice_samples', 'documents'] as const;

export interface SalvageResult {
  /** Readings in the rebuilt library. */
  readings: number;
  /** Tables whose scan stopped at a damaged page (rows past it could not be read). */
  cutShort: string[];
}

/**
 * Copies what `source` can still read into a new library at `path`.tmp, then puts it in place of
 * `path` (whose damaged original the caller has copied aside). `source` is closed.
 */
export function salvageLibrary(source: Db, path: string, nativeBinding?: string): SalvageResult {
  const tmp = `${path}.salvage`;
  rmSync(tmp, { force: true });
  const target = new Database(tmp, nativeBinding ? { nativeBinding } : {});
  const cutShort: string[] = [];
  try {
    target.pragma('auto_vacuum = INCREMENTAL');
    // The rows are copied into the schema they were written in, then brought up to date as any
    // library is: the migrations know how each version's rows move.
    const version = schemaVersion(source);
    migrate(target, migrations.filter((m) => m.version <= version));
    const tables = new Set((target.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name));
    target.transaction(() => {
      for (const table of TABLES) if (tables.has(table) && !copyTable(source, target, table)) cutShort.push(table);
    })();
    migrate(target);
    target.transaction(() => {
      // What lost its parent (a reading on a damaged page) has nothing to belong to, and a reading
      // whose text was lost cannot be shown.
      target.exec(`
        DELETE FROM reading_texts WHERE rid NOT IN (SELECT rid FROM readings);
        DELETE FROM readings WHERE rid NOT IN (SELECT rid FROM reading_texts);
        DELETE FROM audio_streams WHERE reading_rid NOT IN (SELECT rid FROM readings);
        DELETE FROM audio_blocks WHERE NOT EXISTS (SELECT 1 FROM audio_streams s WHERE s.reading_rid = audio_blocks.reading_rid AND s.stream_no = audio_blocks.stream_no);
        DELETE FROM chunks WHERE reading_rid NOT IN (SELECT rid FROM readings);
        -- A reading that lost chunks is no longer whole; it plays as far as what is left.
        UPDATE readings SET status = 'partial' WHERE status = 'complete' AND chunk_count != (SELECT count(*) FROM chunks WHERE reading_rid = readings.rid);
      `);
    })();
    const readings = (target.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n;
    target.close();
    source.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    renameSync(tmp, path);
    return { readings, cutShort };
  } catch (err) {
    if (target.open) target.close();
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Copies the readable rows of one table; false when a damaged page cut the scan short. */
function copyTable(source: Db, target: Db, table: string): boolean {
  let columns: string[];
  try {
    const have = new Set((target.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    columns = (source.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).filter((c) => have.has(c));
  } catch {
    return false;
  }
  if (columns.length === 0) return false;
  const list = columns.join(', ');
  const insert = target.prepare(`INSERT OR IGNORE INTO ${table} (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
  try {
    for (const row of source.prepare(`SELECT ${list} FROM ${table} NOT INDEXED`).raw().iterate() as IterableIterator<unknown[]>) {
      try {
        insert.run(...row);
      } catch {
        // A row whose own bytes are garbled (a broken CHECK, a NULL) is lost alone.
      }
    }
    return true;
  } catch {
    return false;
  }
}
