// A real read-only disk: a folder bind-mounted read-only for the test, so writes fail with the
// kernel's own EROFS even for root (who ignores file permissions). Needs root and mount rights (CI
// here has both); null elsewhere.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReadOnlyFolder {
  /** `source` as seen through the read-only mount. */
  path: string;
  unmount(): void;
}

export function mountReadOnly(source: string): ReadOnlyFolder | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const path = mkdtempSync(join(tmpdir(), 'aloud-read-only-'));
  try {
    execFileSync('mount', ['--bind', source, path], { stdio: 'ignore' });
  } catch {
    rmSync(path, { recursive: true, force: true });
    return null;
  }
  const unmount = () => {
    execFileSync('umount', [path], { stdio: 'ignore' });
    rmSync(path, { recursive: true, force: true });
  };
  try {
    execFileSync('mount', ['-o', 'remount,bind,ro', path], { stdio: 'ignore' });
  } catch {
    unmount();
    return null;
  }
  return { path, unmount };
}
