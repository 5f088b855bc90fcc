// `npm start` runs Electron, whose Node ABI differs from the Node that runs the tests and the CLI.
// `npm install` builds better-sqlite3 for Node; this builds a second copy for Electron, once per
// Electron version, under node_modules/.aloud-electron/, and the main process loads that copy when
// it runs unpackaged (electron/main/paths.ts). Packaging rebuilds the module for Electron itself.
// Needs the network the first time (Electron's headers), like Electron's own first start.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import console from 'node:console';
import process from 'node:process';
import { missingElectronMessage } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
if (missingElectronMessage(electronDir)) {
  console.log("Downloading Electron's program (once)...");
  const failure = downloadElectron(electronDir);
  if (failure) {
    console.error(failure);
    process.exit(1);
  }
}
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const electronVersion = readJson('node_modules/electron/package.json').version;
const sqliteVersion = readJson('node_modules/better-sqlite3/package.json').version;

const dir = join(root, 'node_modules', '.aloud-electron', electronVersion);
const binary = join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (existsSync(binary)) process.exit(0);

console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)...`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'node_modules'), { recursive: true });
cpSync(join(root, 'node_modules', 'better-sqlite3'), join(dir, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});
writeFileSync(
  join(dir, 'package.json'),
  JSON.stringify({ name: 'aloud-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }),
);

const { rebuild } = await import('@electron/rebuild');
try {
  await rebuild({ buildPath: dir, electronVersion, onlyModules: ['better-sqlite3'], force: true });
} catch (error) {
  rmSync(dir, { recursive: true, force: true });
  console.error(`Could not build better-sqlite3 for Electron: ${error instanceof Error ? error.message : error}`);
  console.error('Aloud will start, but without its library (history) until this succeeds.');
  process.exit(0);
}
if (!existsSync(binary)) console.error(`Expected ${binary} after the build; the library will be unavailable.`);

/**
 * Runs Electron's own download (its install.js, which npm install runs unless it was skipped or
 * failed); null once the program is there, else one sentence saying why not and what to do. Offline,
 * install.js itself ends in a stack trace ("TypeError: fetch failed").
 */
function downloadElectron(dir) {
  const run = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (run.status === 0 && !missingElectronMessage(dir)) return null;
  const first = (run.error?.message ?? run.stderr ?? '').trim().split('\n')[0] ?? '';
  const why = /fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENETUNREACH/.test(first)
    ? 'its download site could not be reached: offline, or a proxy or firewall in the way'
    : /HTTPError|status code \d+|\b[45]\d\d\b/.test(first)
      ? `its download site refused it: ${first.replace(/^\w*Error: /, '')}`
      : /checksum/i.test(first)
        ? 'the download was damaged: its checksum does not match'
        : first.replace(/^\w*Error: /, '') || `the download ended with code ${run.status}`;
  return `Electron's program is not installed and could not be downloaded (${why}): connect to the internet, or set ELECTRON_MIRROR to a mirror, and run npm start again.`;
}
