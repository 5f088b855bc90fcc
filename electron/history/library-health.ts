// A library file that cannot be trusted is met before anything writes to it: one that is not a
// database at all is refused untouched, with its path and what to do; one that SQLite's quick_check
// finds damaged is copied aside first (with its write-ahead log), so whatever Aloud or the user does
// next, the file as it was can still be recovered.
import { copyFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { messageOf } from '../../shared/ipc-error';

/** SQLite's codes for a file that is not a database or whose pages cannot be read. */
const UNREADABLE_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

export function isUnreadableDatabase(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNREADABLE_CODES.has(code);
}

export class UnreadableLibraryError extends Error {
  override readonly name = 'UnreadableLibraryError';
  constructor(readonly path: string) {
    super(
      `The library file ${path} is not a database Aloud can read (it was damaged or replaced). Aloud left it untouched ` +
        'and will not save readings. To start a new library, quit Aloud, move that file somewhere else (keep it: it may be recoverable), and start Aloud again.',
    );
  }
}

/** Why the library could not be opened, for the person: our own errors say it already; others get a frame. */
export function libraryProblemSentence(err: unknown): string {
  if (err instanceof UnreadableLibraryError || (err instanceof Error && err.name === 'FutureLibraryError')) return err.message;
  const why = messageOf(err);
  return `The library could not be opened (${why}), so readings are not being saved. Restart Aloud; if this keeps happening, reinstall it.`;
}

/**
 * A failed library write told as the person can act on it, or null for a failure that is ours (a
 * bug, reported as such elsewhere). Readings already saved are safe in every case: SQLite rolls the
 * failed transaction back.
 */
export function libraryWriteProblem(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL') return 'The disk holding the library is full, so readings are not being saved. Free some space; readings already saved are safe.';
  if (code.startsWith('SQLITE_READONLY'))
    return 'The library cannot be written (its file or folder became read-only), so readings are not being saved. Readings already saved are safe; restart Aloud once the file is writable again.';
  if (code.startsWith('SQLITE_IOERR')) return 'The disk holding the library reported an error, so readings are not being saved. Readings already saved are kept; check the disk.';
  return null;
}

export interface LibraryDamage {
  /** The copy kept before anything was written. */
  backupPath: string;
  /** What quick_check reported (its first few lines). */
  problems: string[];
  /** One sentence for the person: what happened, where the copy is, what to do. */
  message: string;
  /** Whether the library in use was rebuilt from what could still be read (else the damaged file is used as it is). */
  rebuilt: boolean;
}

/**
 * Runs PRAGMA quick_check on an open library; if it finds damage, copies the file (and its WAL) beside
 * it before returning. Null when the library is sound.
 */
export function checkLibraryHealth(db: Database, path: string, now: () => number = Date.now): LibraryDamage | null {
  let problems: string[];
  try {
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
  } catch (err) {
    // Damage bad enough that the check itself cannot read a page.
    if (!isUnreadableDatabase(err)) throw err;
    problems = [(err as Error).message];
  }
  if (problems.length === 0) return null;
  const backupPath = damagedCopyPath(path, now());
  copyFileSync(path, backupPath);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${backupPath}-wal`);
  return {
    backupPath,
    problems,
    rebuilt: false,
    message:
      `Aloud found damage in its library (${path}) and kept a copy as it was at ${backupPath} before changing anything. ` +
      'Readings that can still be read are listed; if playing or saving fails, quit Aloud, move the library file away, and start Aloud again for a new one.',
  };
}

/** library.sqlite → library.damaged-2026-12-05T05-41-35.sqlite, beside it. */
export function damagedCopyPath(path: string, at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 19).replaceAll(':', '-');
  const name = basename(path).replace(/(\.sqlite)?$/, `.damaged-${stamp}$1`);
  let candidate = join(dirname(path), name);
  for (let n = 2; existsSync(candidate); n++) candidate = join(dirname(path), name.replace(`${stamp}`, `${stamp}-${n}`));
  return candidate;
}
