import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as fake from '../../test/fakes/electron';
import { callMain, sentTo } from '../../test/support/call-main';
import { IPC_INVOKE } from '../../shared/ipc-transport';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { invokeChannelNames } from '../../shared/ipc';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { createAloudCore } from '../service/aloud-core';
import type { Synthesizer } from '../speech/synthesizer';
import { contentSecurityPolicy } from './security';
import { openProviderSettings } from '../settings/provider-settings';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMainApp, type MainApp, type MainAppOptions } from './main-app';

const rendererUrl = 'file:///app/out/renderer/index.html';
const longText = Array.from({ length: 40 }, (_, i) => `Sentence ${i + 1} is here to keep the reading busy.`).join(' ');

let running: MainApp | null = null;

/** Main over the real core with a scripted built-in voice; `moreVoices` and a `library` when a test needs them. */
async function launch(opts: Partial<MainAppOptions> & { moreVoices?: Synthesizer[]; library?: LibraryStore; settingsDir?: string; builtin?: ReturnType<typeof createScriptedSynthesizer> } = {}) {
  const { moreVoices = [], library = null, settingsDir, builtin, ...mainOptions } = opts;
  const synth = builtin ?? createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
  const settings = settingsDir ? openProviderSettings({ dataDir: settingsDir, cipher: { available: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' } }) : null;
  const started = startMainApp({
    createCore: ({ desktop }) => createAloudCore({ builtin: { synthesizer: synth, voice: 'en-us' }, moreSynthesizers: moreVoices, store: library, settings, desktop }),
    platform: 'linux',
    argv: ['/usr/lib/aloud/aloud', '--hidden'],
    mainDir: '/app/out/main',
    appRoot: '/app',
    // As where the optional module is not installed; a test that wants it gives its own.
    loadSelectionHook: () => {
      throw new Error("Cannot find module 'selection-hook'");
    },
    ...mainOptions,
  });
  fake.app.fireReady();
  running = await started;
  const window = fake.BrowserWindow.instances[0]!;
  const tray = fake.Tray.instances[0]!;
  const sent = (channel: string) => sentTo(window, channel);
  const menu = () => tray.menu!;
  return { main: running!, synth, window, tray, sent, menu };
}

beforeEach(() => {
  fake.resetFakeElectron();
  fake.rendererFrame.url = rendererUrl;
});
afterEach(async () => {
  await running?.core.close();
  running = null;
});

describe('the reader window', () => {
  it('is sandboxed and isolated, with our preload, loading the built renderer', async () => {
    const { window } = await launch();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/out/preload/index.cjs' });
    expect(prefs.webSecurity).not.toBe(false);
    expect(window.loaded).toEqual({ file: '/app/out/renderer/index.html' });
  });

  it('loads the dev server when electron-vite runs one', async () => {
    const { window } = await launch({ devServerUrl: 'http://localhost:5173/' });
    expect(window.loaded).toEqual({ url: 'http://localhost:5173/' });
  });

  it('stays hidden with --hidden and shows on a plain launch', async () => {
    expect((await launch()).window.isVisible()).toBe(false);
    await running!.core.close();
    fake.resetFakeElectron();
    expect((await launch({ argv: ['/usr/lib/aloud/aloud'] })).window.isVisible()).toBe(true);
  });

  it('hides instead of closing, until the app quits', async () => {
    const { window } = await launch({ argv: ['aloud'] });
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    fake.app.emit('before-quit');
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('sends the CSP header with every response and denies every permission request', async () => {
    await launch();
    const headers = fake.session.defaultSession.respond(rendererUrl, { 'Content-Type': ['text/html'] });
    expect(headers?.['Content-Security-Policy']).toEqual([contentSecurityPolicy(false)]);
    let granted: boolean | null = null;
    fake.session.defaultSession.permissionHandler!(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('denies new windows and foreign navigation in the reader and in any other web contents', async () => {
    const { window } = await launch();
    expect(window.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(fake.shell.opened).toEqual(['https://example.com/']);
    expect(window.webContents.navigate('https://evil.example/')).toBe(true);
    expect(window.webContents.navigate(`${rendererUrl}#/library`)).toBe(false);

    const other = new fake.BrowserWindow().webContents;
    fake.app.emit('web-contents-created', {}, other);
    expect(other.navigate('https://evil.example/')).toBe(true);
    expect(other.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
  });
});

describe('IPC wiring', () => {
  it('registers the one invoke handler, which answers our renderer on every channel of the contract', async () => {
    const { synth } = await launch();
    expect([...fake.ipcMain.handlers.keys()]).toEqual([IPC_INVOKE]);
    expect(invokeChannelNames).toEqual(expect.arrayContaining(['reading:start', 'reading:stop', 'voices:list']));
    const voices = (await callMain(fake.rendererFrame, 'voices:list', {})) as { id: string }[];
    expect(voices.map((v) => v.id)).toEqual(['en-us']);
    expect(synth.requests).toEqual([]);
  });

  it('validates the arguments of every channel, and refuses a name outside the contract as invalid input', async () => {
    await launch();
    await expect(callMain(fake.rendererFrame, 'shell:open', {})).rejects.toMatchObject({ kind: 'invalid-input', message: "Unknown channel 'shell:open'." });
    for (const channel of invokeChannelNames) {
      await expect(callMain(fake.rendererFrame, channel, 'not an object')).rejects.toThrow(
        new RegExp(`Invalid arguments for '${channel}'`),
      );
    }
  });

  it.each([
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['an iframe inside our page', { url: rendererUrl, parent: { url: rendererUrl, parent: null } }],
    ['another local file', { url: 'file:///home/user/Downloads/page.html', parent: null }],
    ['no frame at all', null],
  ])('refuses every channel from %s, starting nothing', async (_what, frame) => {
    const { synth, window } = await launch();
    for (const channel of invokeChannelNames) {
      await expect(callMain(frame, channel, { text: 'Hello.' })).rejects.toThrow(/Refused .* not Aloud's reader/);
    }
    expect(synth.requests).toEqual([]);
    expect(window.webContents.sent).toEqual([]);
    expect(running!.core.readings.current()).toBeNull();
  });

  it('emits the reading events to the reader window', async () => {
    const { sent } = await launch();
    const { readingId } = (await callMain(fake.rendererFrame, 'reading:start', { text: 'Hello there. General Kenobi.' })) as {
      readingId: string;
    };
    await vi.waitFor(() => expect(sent('reading:ended')).toEqual([{ readingId, reason: 'finished' }]));
    expect(sent('reading:started')).toEqual([{ readingId, text: 'Hello there. General Kenobi.', voice: 'builtin/en-us', speed: 1 }]);
    expect(sent('reading:chunk').length).toBeGreaterThan(0);
  });
});

describe('the global hotkey', () => {
  it('reads with Ctrl+Alt+R (Cmd+Option+R on macOS), pauses with Ctrl+Alt+P and stops with Ctrl+Alt+S by default, and reads the PRIMARY selection on Linux', async () => {
    const { sent } = await launch({ platform: 'linux' });
    expect([...fake.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Alt+R', 'CommandOrControl+Alt+P', 'CommandOrControl+Alt+S']);
    fake.clipboard.text = 'From the clipboard.';
    fake.clipboard.selection!.text = 'From the selection.';
    fake.globalShortcut.press('CommandOrControl+Alt+R');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(sent('reading:started')[0]!.text).toBe('From the selection.');
  });

  it.each(['win32', 'darwin'] as const)('reads the clipboard on %s', async (platform) => {
    const { sent } = await launch({ platform });
    fake.clipboard.text = 'From the clipboard.';
    fake.clipboard.selection!.text = 'From the selection.';
    fake.globalShortcut.press('CommandOrControl+Alt+R');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(sent('reading:started')[0]!.text).toBe('From the clipboard.');
    expect(fake.clipboard.reads).toEqual(['clipboard']);
  });

  it.each(['win32', 'darwin'] as const)('reads the selection on %s through selection-hook, keeping the clipboard, and can be told to say when nothing is selected', async (platform) => {
    const selected = { text: 'Selected in another app.' as string | null };
    class SelectionHook {
      static SelectionMethod = { CLIPBOARD: 99 };
      #on = false;
      start = () => (this.#on = true);
      stop = () => !(this.#on = false);
      isRunning = () => this.#on;
      macIsProcessTrusted = () => true;
      getCurrentSelection = () => (selected.text === null ? null : { text: selected.text, method: 99 });
    }
    const { sent } = await launch({ platform, loadSelectionHook: () => SelectionHook, settingsDir: mkdtempSync(join(tmpdir(), 'aloud-selection-')) });
    fake.clipboard.text = 'From the clipboard.';
    fake.globalShortcut.press('CommandOrControl+Alt+R');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(sent('reading:started')[0]!.text).toBe('Selected in another app.');
    expect(await fake.clipboard.readText()).toBe('From the clipboard.');
    await callMain(fake.rendererFrame, 'settings:set', { whenNothingSelected: 'say' });
    selected.text = null;
    fake.globalShortcut.press('CommandOrControl+Alt+R');
    await vi.waitFor(() => expect(fake.Notification.shown.map((n) => n.body)).toEqual(['Nothing is selected: select some text, then press the hotkey again.']));
    expect(sent('reading:started')).toHaveLength(1);
  });

  it('shows the reader without taking focus when it starts reading', async () => {
    const { window, sent } = await launch();
    fake.clipboard.selection!.text = 'Something.';
    fake.globalShortcut.press('CommandOrControl+Alt+R');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(window.isVisible()).toBe(true);
    expect(window.focusCalls).toBe(0);
  });

  it('says so, instead of failing silently, when another application holds the keys', async () => {
    fake.globalShortcut.taken.add('CommandOrControl+Alt+R');
    const { tray, menu, main } = await launch();
    expect(main.hotkeys.problems()).toEqual({ 'read-selection': 'Ctrl+Alt+R could not be set: another application or the desktop already uses it.' });
    expect(fake.Notification.shown.map((n) => n.body)).toEqual(['Ctrl+Alt+R could not be set: another application or the desktop already uses it. Choose other keys in Settings, or use the tray menu.']);
    expect(tray.tooltip).toBe('Aloud (a hotkey could not be set: see Settings)');
    expect(menu().items.find((i) => i.label === 'Read selection')!.accelerator).toBeUndefined();
    // The other hotkeys work.
    expect(menu().items.find((i) => i.label === 'Stop')!.accelerator).toBe('CommandOrControl+Alt+S');
  });

  it('runs each action from its hotkey once its keys are set in Settings', async () => {
    const keys = {
      'read-selection': 'Ctrl+Shift+1',
      'read-clipboard': 'Ctrl+Shift+2',
      'toggle-pause': 'Ctrl+Shift+3',
      stop: 'Ctrl+Shift+4',
      'previous-sentence': 'Ctrl+Shift+5',
      'next-sentence': 'Ctrl+Shift+6',
      faster: 'Ctrl+Shift+7',
      slower: 'Ctrl+Shift+8',
    };
    const { sent, menu } = await launch({ settingsDir: mkdtempSync(join(tmpdir(), 'aloud-hotkeys-')) });
    const view = (await callMain(fake.rendererFrame, 'settings:set', { hotkeys: keys })) as { hotkeys: { action: string; accelerator: string | null; problem?: string }[] };
    expect(view.hotkeys).toEqual(Object.entries(keys).map(([action, accelerator]) => ({ action, accelerator })));
    // Only the new keys are held; the defaults were given back.
    expect([...fake.globalShortcut.registered.keys()].sort()).toEqual(Object.values(keys).sort());
    expect(menu().items.find((i) => i.label === 'Next sentence')!.accelerator).toBe('Ctrl+Shift+6');

    // With nothing read, the Speed still steps, in main (the settings hold it), and the reader is told
    // the new Speed; the sentence keys do nothing.
    fake.globalShortcut.press('Ctrl+Shift+7');
    fake.globalShortcut.press('Ctrl+Shift+5');
    await vi.waitFor(() => expect(sent('reading:speed')).toEqual([{ speed: 1.25 }]));
    expect(running!.core.settings!.get().speed).toBe(1.25);
    expect(sent('player:command')).toEqual([]);

    fake.clipboard.selection!.text = 'From the selection.';
    fake.globalShortcut.press('Ctrl+Shift+1');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(sent('reading:started')[0]!.text).toBe('From the selection.');
    fake.clipboard.text = longText;
    fake.globalShortcut.press('Ctrl+Shift+2');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(2));
    expect(sent('reading:started')[1]!.text).toBe(longText);
    // Pause and Speed act in main, and the reader is told; only the steps by its clock go to the player.
    for (const press of ['Ctrl+Shift+3', 'Ctrl+Shift+5', 'Ctrl+Shift+6', 'Ctrl+Shift+8']) fake.globalShortcut.press(press);
    const second = sent('reading:started')[1]!.readingId as string;
    await vi.waitFor(() => expect(sent('reading:speed').at(-1)).toEqual({ speed: 1 }));
    expect(sent('reading:paused')).toEqual([{ readingId: second, paused: true }]);
    expect(running!.core.readings.playing()).toEqual({ readingId: second, paused: true });
    expect(sent('player:command')).toEqual([{ command: 'previous-sentence' }, { command: 'next-sentence' }]);
    fake.globalShortcut.press('Ctrl+Shift+4');
    await vi.waitFor(() => expect(sent('reading:ended').at(-1)).toMatchObject({ reason: 'stopped' }));
    expect(sent('player:command').at(-1)).toEqual({ command: 'stop' });
  });

  it('refuses keys the desktop will not give, or another action has, in one sentence, keeping the keys it had', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-hotkeys-'));
    fake.globalShortcut.taken.add('Ctrl+Alt+N');
    await launch({ settingsDir: dir });
    const set = (hotkeys: Record<string, string | null>) => callMain(fake.rendererFrame, 'settings:set', { hotkeys });
    await expect(set({ 'next-sentence': 'Ctrl+Alt+N' })).rejects.toThrow('Ctrl+Alt+N could not be set: another application or the desktop already uses it.');
    await expect(set({ stop: 'Ctrl+Alt+R' })).rejects.toThrow('Ctrl+Alt+R is already the hotkey for Read the selection: choose other keys, or change that one first.');
    await expect(set({ faster: 'Shift+F' })).rejects.toThrow('Shift+F would fire while you type: add Ctrl or Alt.');
    // Nothing of the refused changes was saved or is held.
    expect([...fake.globalShortcut.registered.keys()].sort()).toEqual(['CommandOrControl+Alt+P', 'CommandOrControl+Alt+R', 'CommandOrControl+Alt+S']);
    const view = (await callMain(fake.rendererFrame, 'settings:get', {})) as { hotkeys: { action: string; accelerator: string | null }[] };
    expect(view.hotkeys.find((h) => h.action === 'next-sentence')!.accelerator).toBeNull();
    expect(view.hotkeys.find((h) => h.action === 'stop')!.accelerator).toBe('CommandOrControl+Alt+S');
    // A hotkey taken away gives its keys back.
    await set({ 'toggle-pause': null });
    expect(fake.globalShortcut.registered.has('CommandOrControl+Alt+P')).toBe(false);
  });

  it('registers the saved keys at the next start, and asks a Wayland desktop for its shortcuts portal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-hotkeys-'));
    await launch({ settingsDir: dir });
    await callMain(fake.rendererFrame, 'settings:set', { hotkeys: { 'read-selection': 'Super+Alt+R' } });
    await running!.core.close();
    fake.resetFakeElectron();
    fake.rendererFrame.url = rendererUrl;
    await launch({ settingsDir: dir, env: { XDG_SESSION_TYPE: 'wayland' } });
    expect(fake.globalShortcut.registered.has('Super+Alt+R')).toBe(true);
    expect(fake.globalShortcut.registered.has('CommandOrControl+Alt+R')).toBe(false);
    expect(fake.app.commandLine.switches).toEqual([['enable-features', 'GlobalShortcutsPortal']]);
  });

  it('starts at login on Linux through the XDG autostart entry of the installed app, in the tray', async () => {
    const config = mkdtempSync(join(tmpdir(), 'aloud-config-'));
    await launch({ settingsDir: mkdtempSync(join(tmpdir(), 'aloud-hotkeys-')), env: { XDG_CONFIG_HOME: config, APPIMAGE: '/home/me/Apps/Aloud.AppImage' } });
    const set = (launchAtLogin: boolean) => callMain(fake.rendererFrame, 'settings:set', { launchAtLogin }) as Promise<{ launchAtLogin: boolean | null }>;
    expect(((await callMain(fake.rendererFrame, 'settings:get', {})) as { launchAtLogin: boolean | null }).launchAtLogin).toBe(false);
    expect((await set(true)).launchAtLogin).toBe(true);
    expect(readFileSync(join(config, 'autostart/aloud.desktop'), 'utf8')).toMatch(/^Exec=\/home\/me\/Apps\/Aloud\.AppImage --hidden$/mu);
    expect((await set(false)).launchAtLogin).toBe(false);
    expect(existsSync(join(config, 'autostart/aloud.desktop'))).toBe(false);
  });

  it('cannot start at login from the sources, and says why', async () => {
    await launch({ settingsDir: mkdtempSync(join(tmpdir(), 'aloud-hotkeys-')), env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'aloud-config-')) } });
    expect(((await callMain(fake.rendererFrame, 'settings:get', {})) as { launchAtLogin: boolean | null }).launchAtLogin).toBeNull();
    await expect(callMain(fake.rendererFrame, 'settings:set', { launchAtLogin: true })).rejects.toThrow('Starting at login is set up by the installed app; this copy of Aloud runs from its sources.');
  });

  it.each(['darwin', 'win32'] as const)('starts at login on %s through the login item, and such a start stays in the tray', async (platform) => {
    fake.app.isPackaged = true;
    await launch({ platform, settingsDir: mkdtempSync(join(tmpdir(), 'aloud-hotkeys-')) });
    await callMain(fake.rendererFrame, 'settings:set', { launchAtLogin: true });
    expect(fake.app.loginItem).toMatchObject({ openAtLogin: true, args: ['--hidden'] });
    await running!.core.close();
    fake.resetFakeElectron();
    fake.rendererFrame.url = rendererUrl;
    fake.app.isPackaged = true;
    fake.app.loginItem = { openAtLogin: true, args: ['--hidden'], wasOpenedAtLogin: true };
    // macOS passes no arguments to a login item: it says it opened it.
    const { window } = await launch({ platform, argv: platform === 'darwin' ? ['/Applications/Aloud.app/Contents/MacOS/Aloud'] : ['C:\\Aloud\\Aloud.exe', '--hidden'] });
    expect(window.isVisible()).toBe(false);
  });

  it('tells the user, with the path and what to do, when the library could not be opened, and the Library view can ask why', async () => {
    const problem = 'The library file /data/library.sqlite is not a database Aloud can read (it was damaged or replaced). Aloud left it untouched and will not save readings.';
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
    const started = startMainApp({
      createCore: () => createAloudCore({ builtin: { synthesizer: synth, voice: 'en-us' }, store: null, libraryProblem: problem, settings: null }),
      platform: 'linux',
      argv: ['/usr/lib/aloud/aloud', '--hidden'],
      mainDir: '/app/out/main',
      appRoot: '/app',
    });
    fake.app.fireReady();
    running = await started;
    expect(fake.Notification.shown.map((n) => n.body)).toEqual([problem]);
    expect(await callMain(fake.rendererFrame, 'library:status', {})).toEqual({ available: false, problem });
    // The reader still reads (unsaved).
    await expect(callMain(fake.rendererFrame, 'reading:start', { text: 'Still reading.' })).resolves.toMatchObject({ readingId: expect.any(String) });
  });

  it('tells the user when there is nothing to read', async () => {
    const { sent } = await launch();
    fake.globalShortcut.press('CommandOrControl+Alt+R');
    await vi.waitFor(() => expect(fake.Notification.shown).toHaveLength(1));
    expect(fake.Notification.shown[0]!.body).toMatch(/Nothing to read/);
    expect(sent('reading:started')).toEqual([]);
  });
});

describe('the tray menu', () => {
  it('offers every action (AppIndicator menus get no clicks on the icon), with those that steer a reading disabled while nothing is read', async () => {
    const { menu, tray } = await launch();
    expect(menu().labels()).toEqual(['Read selection', 'Read clipboard', 'Pause', 'Stop', 'Previous sentence', 'Next sentence', 'Mini player', 'Show reader', 'Quit']);
    expect(menu().items.filter((i) => i.enabled === false).map((i) => i.label)).toEqual(['Pause', 'Stop', 'Previous sentence', 'Next sentence']);
    // Each item shows its working hotkey.
    expect(menu().items.map((i) => i.accelerator).filter(Boolean)).toEqual(['CommandOrControl+Alt+R', 'CommandOrControl+Alt+P', 'CommandOrControl+Alt+S']);
    expect(tray.tooltip).toBe('Aloud');
  });

  it('shows idle, reading and paused in the tray icon', async () => {
    const { menu, tray, sent } = await launch();
    const icon = () => (tray.image as { path: string }).path;
    expect(icon()).toBe('/app/build/tray/tray.png');
    fake.clipboard.text = longText;
    menu().click('Read clipboard');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    const { readingId } = sent('reading:started')[0]! as { readingId: string };
    expect(icon()).toBe('/app/build/tray/tray-reading.png');
    await callMain(fake.rendererFrame, 'reading:pause', { readingId });
    expect(icon()).toBe('/app/build/tray/tray-paused.png');
    await callMain(fake.rendererFrame, 'reading:resume', { readingId });
    expect(icon()).toBe('/app/build/tray/tray-reading.png');
    menu().click('Stop');
    await vi.waitFor(() => expect(icon()).toBe('/app/build/tray/tray.png'));
    // Every image the tray can show is in the repository (electron-builder packs build/tray/**).
    for (const state of ['', '-reading', '-paused']) {
      for (const name of [`tray${state}.png`, `tray${state}@2x.png`, `trayTemplate${state}.png`, `trayTemplate${state}@2x.png`]) expect(existsSync(join('build/tray', name)), name).toBe(true);
    }
  });

  it('Previous and Next sentence steer the reading under way through the player', async () => {
    const { menu, sent } = await launch();
    fake.clipboard.text = longText;
    menu().click('Read clipboard');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    menu().click('Next sentence');
    menu().click('Previous sentence');
    expect(sent('player:command')).toEqual([{ command: 'next-sentence' }, { command: 'previous-sentence' }]);
  });

  it('Read clipboard reads the clipboard, then Pause/Resume and Stop act on that reading', async () => {
    const { menu, sent, tray } = await launch();
    fake.clipboard.text = longText;
    fake.clipboard.selection!.text = 'Not this.';
    menu().click('Read clipboard');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    const { readingId } = sent('reading:started')[0]! as { readingId: string };
    expect(sent('reading:started')[0]!.text).toBe(longText);
    expect(tray.tooltip).toBe('Aloud: reading');

    // Pause acts in main at once (main knows the reading); the reader is told, and calls nothing back.
    menu().click('Pause');
    await vi.waitFor(() => expect(sent('reading:paused')).toEqual([{ readingId, paused: true }]));
    expect(menu().labels()).toContain('Resume');
    expect(tray.tooltip).toBe('Aloud: paused');
    menu().click('Resume');
    await vi.waitFor(() => expect(sent('reading:paused')).toEqual([{ readingId, paused: true }, { readingId, paused: false }]));
    expect(tray.tooltip).toBe('Aloud: reading');
    expect(sent('player:command')).toEqual([]);

    menu().click('Stop');
    await vi.waitFor(() => expect(sent('reading:ended')).toEqual([{ readingId, reason: 'stopped' }]));
    expect(sent('player:command').at(-1)).toEqual({ command: 'stop' });
    expect(menu().items.filter((i) => i.enabled === false).map((i) => i.label)).toEqual(['Pause', 'Stop', 'Previous sentence', 'Next sentence']);
  });

  it('Read selection reads the PRIMARY selection on Linux', async () => {
    const { menu, sent } = await launch();
    fake.clipboard.text = 'Clipboard.';
    fake.clipboard.selection!.text = 'Selection.';
    menu().click('Read selection');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(sent('reading:started')[0]!.text).toBe('Selection.');
  });

  it('Show reader shows and focuses the window; Quit quits', async () => {
    const { menu, window } = await launch();
    menu().click('Show reader');
    expect(window.isVisible()).toBe(true);
    expect(window.focusCalls).toBe(1);
    menu().click('Quit');
    expect(fake.app.quitCalls).toBe(1);
  });
});

describe('single instance', () => {
  it('a second launch quits at once, creating nothing', async () => {
    fake.app.lockAvailable = false;
    const result = await startMainApp({
      createCore: () => {
        throw new Error('must not be called');
      },
      platform: 'linux',
      argv: ['aloud', '--read-clipboard'],
      mainDir: '/app/out/main',
      appRoot: '/app',
    });
    expect(result).toBeNull();
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.BrowserWindow.instances).toEqual([]);
    expect(fake.Tray.instances).toEqual([]);
  });

  it('the first instance carries out the command line a second launch forwards', async () => {
    const { sent } = await launch();
    fake.clipboard.text = 'Forwarded.';
    fake.app.emit('second-instance', {}, ['/usr/lib/aloud/aloud', '--read-clipboard'], '/home/user');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(sent('reading:started')[0]!.text).toBe('Forwarded.');
  });

  it('a bare second launch shows the reader', async () => {
    const { window } = await launch();
    expect(window.isVisible()).toBe(false);
    fake.app.emit('second-instance', {}, ['/usr/lib/aloud/aloud'], '/home/user');
    await vi.waitFor(() => expect(window.isVisible()).toBe(true));
  });

  it('its own command line runs once the app is ready', async () => {
    fake.clipboard.text = 'At launch.';
    const { sent } = await launch({ argv: ['aloud', '--read-clipboard'] });
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    expect(sent('reading:started')[0]!.text).toBe('At launch.');
  });
});

describe('quitting and the library', () => {
  it('on quit, stops the reading, then runs the cleanup, then really quits', async () => {
    const order: string[] = [];
    const { menu, sent } = await launch({
      onQuit: async () => {
        order.push(`cleanup after ${sent('reading:ended').length} ended`);
      },
    });
    fake.clipboard.text = longText;
    menu().click('Read clipboard');
    await vi.waitFor(() => expect(sent('reading:started')).toHaveLength(1));
    let prevented = false;
    fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(fake.globalShortcut.registered.size).toBe(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(1));
    expect(order).toEqual(['cleanup after 1 ended']);
    expect(sent('reading:ended')[0]).toMatchObject({ reason: 'stopped' });
    // The second will-quit (from that quit) goes through.
    let preventedAgain = false;
    fake.app.emit('will-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });

  it('hands every reading to the library recorder: saved whole, every chunk the reader got', async () => {
    const library = openLibrary({ path: ':memory:' });
    const { main, sent } = await launch({ library });
    await callMain(fake.rendererFrame, 'reading:start', { text: 'Saved.' });
    await vi.waitFor(() => expect(sent('reading:ended')).toHaveLength(1));
    await main.core.recorder!.idle();
    const [saved] = library.list();
    expect(saved).toMatchObject({ provider: 'builtin', voice: 'en-us', preview: 'Saved.', status: 'complete' });
    expect(saved!.chunkCount).toBe(sent('reading:chunk').length);
    await main.core.close();
    library.close();
  });
});

describe('fallback wiring', () => {
  it('sends the reader a reading:fallback when a cloud voice fails and the built-in voice takes over', async () => {
    const cloud = createScriptedSynthesizer({ provider: 'inworld', failOn: { request: 0, kind: 'network' } });
    // Without a settings file the built-in voice finishes a reading whose voice fails (the default).
    const { sent } = await launch({ moreVoices: [cloud] });
    await callMain(fake.rendererFrame, 'reading:start', { text: 'Hello.', voice: 'inworld/alpha' });
    await vi.waitFor(() => expect(sent('reading:ended')).toHaveLength(1));
    expect(sent('reading:ended')[0]).toMatchObject({ reason: 'finished' });
    expect(sent('reading:fallback')).toEqual([
      expect.objectContaining({ segment: 0, from: 'inworld/alpha', to: 'builtin/en-us', message: 'Could not reach Inworld: check the network connection.' }),
    ]);
    // No window was showing (--hidden): a notification said it.
    expect(fake.Notification.shown.map((n) => n.body)).toEqual(['Could not reach Inworld: check the network connection. The built-in voice reads on.']);
  });

  it('tells of a reading that fails in a notification when no window shows, and only in the reader when it shows', async () => {
    const failing = () => createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], failOn: { request: 0, kind: 'network' } });
    // The built-in voice cannot take over from itself: the reading ends with the error.
    const { sent } = await launch({ builtin: failing() });
    await callMain(fake.rendererFrame, 'reading:start', { text: 'Hello.' });
    await vi.waitFor(() => expect(sent('reading:ended')).toHaveLength(1));
    expect(sent('reading:ended')[0]).toMatchObject({ reason: 'error' });
    expect(fake.Notification.shown.map((n) => n.body)).toEqual([`The reading stopped: ${sent('reading:ended')[0]!.message as string}`]);

    await running!.core.close();
    fake.resetFakeElectron();
    fake.rendererFrame.url = rendererUrl;
    const shown = await launch({ builtin: failing(), argv: ['aloud'] });
    expect(shown.window.isVisible()).toBe(true);
    await callMain(fake.rendererFrame, 'reading:start', { text: 'Hello.' });
    await vi.waitFor(() => expect(shown.sent('reading:ended')).toHaveLength(1));
    expect(fake.Notification.shown).toEqual([]);
  });
});
