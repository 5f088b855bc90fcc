import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devSqliteBinding } from './paths';

describe('devSqliteBinding', () => {
  it('finds the Electron build of better-sqlite3 made for this Electron version, and only that one', () => {
    const root = mkdtempSync(join(tmpdir(), 'aloud-paths-'));
    try {
      expect(devSqliteBinding(root, '45.4.1')).toBeUndefined();
      const release = join(root, 'node_modules/.aloud-electron/45.4.1/node_modules/better-sqlite3/build/Release');
      mkdirSync(release, { recursive: true });
      writeFileSync(join(release, 'better_sqlite3.node'), '');
      expect(devSqliteBinding(root, '45.4.1')).toBe(join(release, 'better_sqlite3.node'));
      expect(devSqliteBinding(root, '46.0.0')).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
