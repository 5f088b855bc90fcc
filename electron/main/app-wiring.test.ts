// Main wired to the whole core (createAloudCore through startMainApp's createCore), with the fake
// electron module: every library and settings channel answered over ipcMain from the reader's frame
// only, keys sealed with safeStorage and refused when it is unavailable, export through the folder dialog.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fake from '../../test/fakes/electron';
import { callMain, sentTo } from '../../test/support/call-main';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { invokeChannelNames } from '../../shared/ipc';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { createAloudCore, type AloudCore } from '../service/aloud-core';
import { openProviderSettings } from '../settings/provider-settings';
import { startMainApp, type MainApp } from './main-app';
import { safeStorageCipher } from './safe-storage-cipher';

const KEY = 'sk-wiring-SECRET-91';
let running: MainApp | null = null;
let core: AloudCore | null = null;
let store: LibraryStore;
let dir: string;

async function launch() {
  dir = mkdtempSync(join(tmpdir(), 'aloud-wiring-'));
  store = openLibrary({ path: ':memory:' });
  const builtin = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050 });
  const started = startMainApp({
    platform: 'linux',
    argv: ['/usr/lib/aloud/aloud', '--hidden'],
    mainDir: '/app/out/main',
    appRoot: '/app',
    createCore: ({ chooseFolder }) => {
      const cipher = safeStorageCipher(fake.safeStorage as never);
      core = createAloudCore({
        builtin: { synthesizer: builtin, voice: 'en-us' },
        store,
        settings: openProviderSettings({ dataDir: dir, cipher }),
        keyStorageAvailable: cipher.available,
        chooseExportFolder: () => chooseFolder('Export to folder'),
      });
      return core;
    },
  });
  fake.app.fireReady();
  running = await started;
  return { window: fake.BrowserWindow.instances[0]! };
}

const call = (channel: string, args: unknown) => callMain(fake.rendererFrame, channel, args);

beforeEach(() => {
  fake.resetFakeElectron();
  fake.rendererFrame.url = 'file:///app/out/renderer/index.html';
});
afterEach(async () => {
  await running?.core.close();
  store.close();
  running = null;
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('main wired to the library and settings', () => {
  it('answers every channel of the contract, reading, library and settings, from the reader frame only', async () => {
    await launch();
    for (const channel of invokeChannelNames) await expect(call(channel, 'not an object')).rejects.toThrow(`Invalid arguments for '${channel}'`);
    expect(await call('library:list', {})).toEqual({ items: [], next: null });
    expect(await call('settings:get', {})).toMatchObject({ voice: 'builtin/en-us', fallbackToBuiltin: true, keyStorage: { available: true } });
    await expect(callMain({ url: 'https://evil.example/', parent: null }, 'settings:get', {})).rejects.toThrow(/Refused 'settings:get'/);
    await expect(call('library:search', { query: 42 })).rejects.toThrow(/Invalid arguments for 'library:search'/);
  });

  it('seals a key with safeStorage, never sends it to the reader, and refuses keys when safeStorage is unavailable', async () => {
    const { window } = await launch();
    const added = await call('settings:add-provider', { input: { kind: 'openai', name: 'Local', baseUrl: 'http://127.0.0.1:9/v1' }, key: KEY });
    expect(added).toMatchObject({ id: 'openai', hasKey: true });
    expect(JSON.stringify(added)).not.toContain(KEY);
    const onDisk = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(onDisk).not.toContain(KEY);
    const sealed = (JSON.parse(onDisk) as { providers: { sealedKey: string }[] }).providers[0]!.sealedKey;
    expect(fake.safeStorage.decryptString(Buffer.from(sealed, 'base64'))).toBe(KEY);
    expect(JSON.stringify(window.webContents.sent)).not.toContain(KEY);

    fake.safeStorage.available = false;
    expect(await call('settings:get', {})).toMatchObject({ keyStorage: { available: false } });
    await expect(call('settings:update-provider', { id: 'openai', patch: {}, key: 'another' })).rejects.toThrow(/Secure storage is not available/);
  });

  it('exports into the folder the user picks in the dialog over the reader; a cancelled dialog writes nothing', async () => {
    const { window } = await launch();
    const { readingId } = (await call('reading:start', { text: 'Export me, please.' })) as { readingId: string };
    await vi.waitFor(() => expect(sentTo(window, 'reading:ended').length > 0).toBe(true), { timeout: 60_000 });
    await core!.recorder!.idle();
    expect(await call('library:export', { ids: [readingId], formats: ['txt'] })).toEqual({ canceled: true });
    expect(fake.dialog.calls[0]).toMatchObject({ window, options: { properties: ['openDirectory', 'createDirectory'] } });
    fake.dialog.nextAnswer = { canceled: false, filePaths: [join(dir, 'out')] };
    const r = (await call('library:export', { ids: [readingId], formats: ['txt'] })) as { files: string[] };
    expect(r.files).toHaveLength(1);
    expect(existsSync(r.files[0]!)).toBe(true);
    expect(readFileSync(r.files[0]!, 'utf8')).toBe('Export me, please.\n');
  });
});
