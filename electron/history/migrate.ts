// Brings a library database to the current schema: each pending migration in one transaction,
// the version kept in PRAGMA user_version. A database written by a newer Aloud is refused untouched.
import type { Database } from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations';

export class FutureLibraryError extends Error {
  override readonly name = 'FutureLibraryError';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This library was written by a newer version of Aloud (schema ${found}; this version knows up to ${supported}). ` +
        'Update Aloud to open it; the file was left untouched.',
    );
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: readonly Migration[] = allMigrations): number {
  return migrations.at(-1)?.version ?? 0;
}

/** Returns the versions applied. Throws FutureLibraryError before writing anything if the file is newer. */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): number[] {
  const latest = latestVersion(migrations);
  const current = schemaVersion(db);
  if (current > latest) throw new FutureLibraryError(current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return pending.map((m) => m.version);
}
