// Whether Electron's program is installed: `npm install` downloads it from outside the npm registry,
// which an offline machine, a proxy or ELECTRON_SKIP_BINARY_DOWNLOAD leaves undone. Electron's own
// start then fails with a stack trace ("Error: Electron uninstall"); `npm start` says this instead.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A sentence saying what is missing and the one command that fixes it, or null when Electron is there. */
export function missingElectronMessage(electronDir) {
  let executable = null;
  try {
    executable = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    // Never downloaded.
  }
  if (executable && existsSync(join(electronDir, 'dist', executable))) return null;
  return [
    "Electron's program is not installed: its download was skipped or failed during npm install (offline, a proxy, or ELECTRON_SKIP_BINARY_DOWNLOAD).",
    'Download it with:  node node_modules/electron/install.js',
    'then run npm start again.',
  ].join('\n');
}
