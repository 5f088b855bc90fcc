import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as fake from '../../test/fakes/electron';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { appInvokeChannelNames, invokeChannelNames } from '../../shared/ipc';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { createAloudCore } from '../service/aloud-core';
import type { Synthesizer } from '../speech/synthesizer';
import { contentSecurityPolicy } from './security';
import { startMainApp, type MainApp, type MainAppOptions } from './main-app';

const rendererUrl = 'file:///app/out/renderer/index.html';
const longText = Array.from({ length: 40 }, (_, i) => `Sentence ${i + 1} is here to keep the reading busy.`).join(' ');

let running: MainApp | null = null;

/** Main over the real core with a scripted built-in voice; `moreVoices` and a `library` when a test needs them. */
async function launch(opts: Partial<MainAppOptions> & { moreVoices?: Synthesizer[]; library?: LibraryStore } = {}) {
  const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
  const { moreVoices = [], library = null, ...mainOptions } = opts;
  const started = startMainApp({
    createCore: ({ emit }) => createAloudCore({ builtin: { synthesizer: synth, voice: 'en-us' }, moreSynthesizers: moreVoices, emit, store: library, settings: null }),
    platform: 'linux',
    argv: ['/usr/lib/aloud/aloud', '--hidden'],
    mainDir: '/app/out/main',
    appRoot: '/app',
    ...mainOptions,
  });
  fake.app.fireReady();
  running = await started;
  const window = fake.BrowserWindow.instances[0]!;
  const tray = fake.Tray.instances[0]!;
  const sent = (channel: string) => window.webContents.sent.filter((m) => m.channel === channel).map((m) => m.args[0] as Record<string, unknown>);
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
  it('registers a handler for every invoke channel of the contract, and answers our renderer', async () => {
    const { synth } = await launch();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...appInvokeChannelNames].sort());
    expect(invokeChannelNames).toEqual(expect.arrayContaining(['reading:start', 'reading:stop', 'voices:list']));
    const voices = (await fake.ipcMain.invokeFrom(fake.rendererFrame, 'voices:list', {})) as { id: string }[];
    expect(voices.map((v) => v.id)).toEqual(['en-us']);
    expect(synth.requests).toEqual([]);
  });

  it('validates the arguments of every channel', async () => {
    await launch();
    for (const channel of fake.ipcMain.handlers.keys()) {
      await expect(fake.ipcMain.invokeFrom(fake.rendererFrame, channel, 'not an object')).rejects.toThrow(
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
    for (const channel of fake.ipcMain.handlers.keys()) {
      await expect(fake.ipcMain.invokeFrom(frame, channel, { text: 'Hello.' })).rejects.toThrow(/Refused .* not Aloud's reader/);
    }
    expect(synth.requests).toEqual([]);
    expect(window.webContents.sent).toEqual([]);
    expect(running!.core.readings.current()).toBeNull();
  });

  it('emits the reading events to the reader window', async () => {
    const { sent } = await launch();
    const { readingId } = (await fake.ipcMain.invokeFrom(fake.rendererFrame, 'reading:start', { text: 'Hello there. General Kenobi.' })) as {
      readingId: string;
    };
    await vi.waitFor(() => expect(sent('reading:ended')).toEqual([{ readingId, reason: 'finished' }]));
    expect(sent('reading:started')).toEqual([{ readingId, text: 'Hello there. General Kenobi.', voice: 'builtin/en-us', speed: 1 }]);
    expect(sent('reading:chunk').length).toBeGreaterThan(0);
  });
});

describe('the global hotkey', () => {
  it('is Ctrl+Alt+R (Cmd+Option+R on macOS) and reads the PRIMARY selection on Linux', async () => {
    const { sent } = await launch({ platform: 'linux' });
    expect([...fake.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Alt+R']);
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
    expect(main.hotkeyProblem).toMatch(/Ctrl\+Alt\+R unavailable/);
    expect(fake.Notification.shown.map((n) => n.body)).toEqual([expect.stringMatching(/hotkey Ctrl\+Alt\+R unavailable.*tray menu/)]);
    expect(tray.tooltip).toMatch(/Ctrl\+Alt\+R unavailable/);
    expect(menu().items.find((i) => i.label === 'Read selection')!.accelerator).toBeUndefined();
  });

  it('tells the user, with the path and what to do, when the library could not be opened, and the Library view can ask why', async () => {
    const problem = 'The library file /data/library.sqlite is not a database Aloud can read (it was damaged or replaced). Aloud left it untouched and will not save readings.';
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
    const started = startMainApp({
      createCore: ({ emit }) => createAloudCore({ builtin: { synthesizer: synth, voice: 'en-us' }, emit, store: null, libraryProblem: problem, settings: null }),
      platform: 'linux',
      argv: ['/usr/lib/aloud/aloud', '--hidden'],
      mainDir: '/app/out/main',
      appRoot: '/app',
    });
    fake.app.fireReady();
    running = await started;
    expect(fake.Notification.shown.map((n) => n.body)).toEqual([problem]);
    expect(await fake.ipcMain.invokeFrom(fake.rendererFrame, 'library:status', {})).toEqual({ available: false, problem });
    // The reader still reads (unsaved).
    await expect(fake.ipcMain.invokeFrom(fake.rendererFrame, 'reading:start', { text: 'Still reading.' })).resolves.toMatchObject({ readingId: expect.any(String) });
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
  it('offers the six actions, with Pause and Stop disabled while nothing is read', async () => {
    const { menu, tray } = await launch();
    expect(menu().labels()).toEqual(['Read selection', 'Read clipboard', 'Pause', 'Stop', 'Show reader', 'Quit']);
    expect(menu().items.filter((i) => i.enabled === false).map((i) => i.label)).toEqual(['Pause', 'Stop']);
    expect(menu().items[0]!.accelerator).toBe('Ctrl+Alt+R');
    expect(tray.tooltip).toBe('Aloud');
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

    // Pause goes to the player, which owns the audio clock and tells main in turn.
    menu().click('Pause');
    expect(sent('player:command')).toEqual([{ command: 'toggle-pause' }]);
    await fake.ipcMain.invokeFrom(fake.rendererFrame, 'reading:pause', { readingId });
    expect(menu().labels()).toContain('Resume');
    expect(tray.tooltip).toBe('Aloud: paused');
    menu().click('Resume');
    expect(sent('player:command')).toEqual([{ command: 'toggle-pause' }, { command: 'toggle-pause' }]);
    await fake.ipcMain.invokeFrom(fake.rendererFrame, 'reading:resume', { readingId });

    menu().click('Stop');
    await vi.waitFor(() => expect(sent('reading:ended')).toEqual([{ readingId, reason: 'stopped' }]));
    expect(sent('player:command').at(-1)).toEqual({ command: 'stop' });
    expect(menu().items.filter((i) => i.enabled === false).map((i) => i.label)).toEqual(['Pause', 'Stop']);
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
    await fake.ipcMain.invokeFrom(fake.rendererFrame, 'reading:start', { text: 'Saved.' });
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
    await fake.ipcMain.invokeFrom(fake.rendererFrame, 'reading:start', { text: 'Hello.', voice: 'inworld/alpha' });
    await vi.waitFor(() => expect(sent('reading:ended')).toHaveLength(1));
    expect(sent('reading:ended')[0]).toMatchObject({ reason: 'finished' });
    expect(sent('reading:fallback')).toEqual([
      expect.objectContaining({ segment: 0, from: 'inworld/alpha', to: 'builtin/en-us', message: 'Could not reach Inworld: check the network connection.' }),
    ]);
  });
});
