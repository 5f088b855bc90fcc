// Packaging cannot run here (no Electron download), so this proves what can be proved offline: the
// config is valid for electron-builder's own schema and everything it points at exists.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const require = createRequire(import.meta.url);
// electron-builder's own dependencies: its schema, and the validator and YAML reader it uses.
const Ajv = require('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] | null } };
const yaml = require('js-yaml') as { load(s: string): unknown };
const schema = require('app-builder-lib/scheme.json') as object;

interface Config {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  linux: { target: string[]; icon: string; category: string; desktop: { entry: { Categories: string } } };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string; entitlements: string };
  electronFuses: Record<string, boolean>;
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the app and builds AppImage and deb, NSIS and DMG', () => {
    expect(config.productName).toBe('Aloud');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('AudioVideo');
    expect(config.linux.desktop.entry.Categories).toContain('Accessibility');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('points at icons and entitlements that exist, in the sizes each platform needs', () => {
    for (const p of [config.win.icon, config.mac.icon, config.mac.entitlements]) expect(existsSync(join(root, p)), p).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(existsSync(join(root, config.linux.icon, `${size}x${size}.png`))).toBe(true);
    for (const f of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) expect(existsSync(join(root, 'build/tray', f))).toBe(true);
  });

  it('ships the bundles and tray icons, and unpacks the native module and the engine data', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'build/tray/**']));
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3/build/Release/*.node',
        'node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.data',
      ]),
    );
    expect(existsSync(join(root, 'node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.data'))).toBe(true);
  });

  it('flips the Electron fuses that close the ways in to the packaged app', () => {
    expect(config.electronFuses).toEqual({
      // No ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect: the binary cannot be turned into a Node shell.
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      // Cookies encrypted at rest with the OS key store.
      enableCookieEncryption: true,
      // The app's code comes only from its asar archive, checked against the hash in the binary (macOS, Windows).
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      // file:// pages get no more than any other origin.
      grantFileProtocolExtraPrivileges: false,
    });
    // The command line must not need Electron-as-Node, or runAsNode: false would break it.
    expect(readFileSync(join(root, 'bin/aloud.mjs'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node/);
  });
});
