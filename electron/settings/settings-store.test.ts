import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, openSettingsStore } from './settings-store';

const fresh = () => mkdtempSync(join(tmpdir(), 'aloud-settings-'));
const at = () => new Date('2026-11-21T19:00:00.000Z');

describe('settings store', () => {
  it('starts from the defaults when there is no file, and writes nothing until asked', () => {
    const dir = fresh();
    const store = openSettingsStore(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(store.problem).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves a file from a newer version untouched: defaults in use, nothing saved over its providers and keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-settings-newer-'));
    const newer = `${JSON.stringify({ version: 2, providers: [{ id: 'inworld', kind: 'inworld', name: 'Inworld', sealedKey: 'djEw...' }], voiceProfiles: {} }, null, 2)}\n`;
    writeFileSync(join(dir, 'settings.json'), newer);
    const store = openSettingsStore(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(store.problem).toMatch(/newer version of Aloud.*left as they are.*Update Aloud/);
    expect(() => store.update((s) => void (s.fallbackToBuiltin = false))).toThrow(/newer version of Aloud/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(newer);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it("makes the data folder its owner's alone, and the file too", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'aloud-settings-perm-')), 'data');
    const store = openSettingsStore(dir);
    store.update((s) => void (s.fallbackToBuiltin = false));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('writes changes atomically (no temp file left) and reads them back', () => {
    const dir = fresh();
    openSettingsStore(dir).update((s) => {
      s.fallbackToBuiltin = false;
      s.providers.push({ id: 'openai', kind: 'openai', name: 'Local Kokoro', baseUrl: 'http://localhost:8880/v1', options: { streamFormat: 'sse' } });
    });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    const again = openSettingsStore(dir);
    expect(again.get().fallbackToBuiltin).toBe(false);
    expect(again.get().providers[0]).toMatchObject({ name: 'Local Kokoro', options: { streamFormat: 'sse' } });
  });

  it('refuses an invalid change and leaves the file as it was', () => {
    const dir = fresh();
    const store = openSettingsStore(dir);
    store.update((s) => void (s.defaultVoice = 'builtin/en-us'));
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(() => store.update((s) => void s.providers.push({ id: '', kind: 'openai', name: 'x', options: {} }))).toThrow();
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(store.get().providers).toEqual([]);
  });

  for (const [what, content] of [
    ['broken JSON', '{"version": 1, "providers": ['],
    ['JSON that is not settings', '{"version": 1, "providers": "many"}'],
  ] as const) {
    it(`a file with ${what}: defaults, a clear message, and the file kept aside unchanged`, () => {
      const dir = fresh();
      writeFileSync(join(dir, 'settings.json'), content);
      const store = openSettingsStore(dir, 'settings.json', at);
      expect(store.get()).toEqual(defaultSettings());
      const aside = 'settings.json.bad-2026-11-21T19-00-00-000Z';
      expect(store.problem).toMatch(/^The settings file could not be used \(.+\); defaults are in use and the old file was kept as .+bad-2026/u);
      expect(readdirSync(dir)).toEqual([aside]);
      expect(readFileSync(join(dir, aside), 'utf8')).toBe(content);
      // Saving again writes a good file beside the kept one.
      store.update((s) => void (s.fallbackToBuiltin = false));
      expect(readdirSync(dir).sort()).toEqual(['settings.json', aside]);
    });
  }

  it('an unreadable settings path is reported, not thrown', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'settings.json'));
    const store = openSettingsStore(dir);
    expect(store.problem).toMatch(/Could not read the settings/u);
    expect(store.get()).toEqual(defaultSettings());
  });
});

describe('stopped readings setting', () => {
  it('a settings file from before the setting loads, finishing stopped readings by default; a choice is kept', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, providers: [], fallbackToBuiltin: false, rate: 1.5 }));
    const store = openSettingsStore(dir);
    expect(store.problem).toBeUndefined();
    expect(store.get()).toMatchObject({ fallbackToBuiltin: false, rate: 1.5, stoppedReadings: 'complete' });
    store.update((s) => void (s.stoppedReadings = 'discard'));
    expect(openSettingsStore(dir).get().stoppedReadings).toBe('discard');
    expect(() => store.update((s) => void ((s as { stoppedReadings: string }).stoppedReadings = 'later'))).toThrow();
  });
});
