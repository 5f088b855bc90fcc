// npm start where Electron's program was never downloaded: one message and the command that fixes it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingElectronMessage } from '../../build/electron-binary.mjs';

describe("Electron's program", () => {
  it('is reported missing, with the one command that downloads it, when path.txt or the program is absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-electron-'));
    expect(missingElectronMessage(dir)).toMatch(/not installed.*\n.*node node_modules\/electron\/install\.js/);
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(missingElectronMessage(dir)).not.toBeNull();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(missingElectronMessage(dir)).toBeNull();
  });

  // Only where the program is missing (as on these machines): elsewhere the script would go on to build.
  const here = missingElectronMessage(join(__dirname, '../../node_modules/electron')) !== null;
  it.runIf(here)('npm start offline, where the program is missing: one sentence saying the download failed and why, no stack trace (issue 26, case 16)', () => {
    // Offline, made certain: a mirror on a port nothing listens on, and an empty download cache.
    const env = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: mkdtempSync(join(tmpdir(), 'aloud-electron-cache-')) };
    const r = spawnSync(process.execPath, [join(__dirname, '../../build/prepare-electron.mjs')], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Electron's program is not installed and could not be downloaded \(its download site could not be reached[^\n]*\): [^\n]*npm start again\.\n$/);
    expect(r.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
  });
});
