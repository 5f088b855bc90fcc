// The library opened to read what it holds, whatever the disk under it allows: saved readings stay
// listable, searchable and playable on a read-only disk or a full one. SQLite's usual read-write
// connection first (it settles readings a crash cut off); where the disk refuses that, a read-only
// one; where even that needs a file the disk cannot hold (SQLite's shared-memory index), the file
// read as it is (immutable).
import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { openLibrary, type LibraryStore } from './library-store';

export interface ReadableLibrary {
  library: LibraryStore;
  /** Why the library cannot be changed now ("its disk is read-only"), or null when it can. */
  unwritable: string | null;
}

/** Opens the library at `path` (which must exist) for reading; throws only what no way of opening could get past. */
export function openLibraryForReading(path: string, options: { nativeBinding?: string } = {}): ReadableLibrary {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  let refused: unknown;
  try {
    return { library: openLibrary({ path, ...binding }), unwritable: null };
  } catch (err) {
    refused = err;
  }
  const unwritable = whyUnwritable(path, refused);
  // Damage, a library from a newer Aloud, a file that is not a database: said as they are.
  if (unwritable === null) throw refused;
  try {
    return { library: openLibrary({ path, readonly: true, ...binding }), unwritable };
  } catch {
    return { library: openLibrary({ path, immutable: true, ...binding }), unwritable };
  }
}

/**
 * Why the library at `path` cannot be written, in words that end a sentence ("the library cannot be
 * changed: …"), or null when `err` is not about writing. The disk itself is asked first: SQLite reports
 * a full disk as an I/O error when its index file cannot grow.
 */
export function whyUnwritable(path: string, err: unknown): string | null {
  const folder = dirname(path);
  try {
    accessSync(folder, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return 'its disk is read-only';
    if (code === 'EACCES' || code === 'EPERM') return 'you do not have permission to change its folder';
  }
  try {
    if (statfsSync(folder).bavail === 0) return 'the disk is full';
  } catch {
    // Not a question this system answers: the error's own code decides.
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return 'the disk is full';
  if (code === 'EDQUOT') return 'your disk quota is used up';
  if (code === 'EROFS') return 'its disk is read-only';
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM') return 'you do not have permission to change it';
  if (code === 'SQLITE_CANTOPEN') return 'SQLite cannot open it for writing';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'its disk reported an error';
  return null;
}
