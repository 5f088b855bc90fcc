// The tray app: single-instance lock, tray, global hotkey, the reader window and IPC, joined to the
// application core. Kept to wiring; the decisions live in the plain modules beside it.
import type { BrowserWindow } from 'electron';
import { app, clipboard, ClipboardItem, dialog, globalShortcut, ipcMain, nativeImage, Notification, shell, Tray } from 'electron';
import { createRequire } from 'node:module';
import { scrubSecrets, scrubbedError } from '../../shared/scrub-secrets';
import type { AloudCore } from '../service/aloud-core';
import { createIpcRouter } from '../service/ipc-router';
import { createActions, type Actions } from './actions';
import { createCapture } from './capture';
import { openSelectionSource, type SelectionSource } from './selection-source';
import { parseMainCommands, type MainCommand } from './command-line';
import { hotkeyPlatformOf } from '../../shared/hotkeys';
import type { DesktopPort } from '../service/desktop-port';
import { createGlobalHotkeys, wantsShortcutsPortal, type GlobalHotkeys } from './global-hotkeys';
import { createMiniWindow, toggleMiniWindow } from './mini-window';
import { registerIpcHandlers } from './ipc-bridge';
import { appIconPath, preloadPath, rendererLocation, trayIconPath } from './paths';
import { platformLoginItem } from './login-item';
import { noticeProblems } from './reading-notices';
import { openReaderWindow } from './reader-window';
import { hardenContents, isTrustedSender } from './security';
import { followInTray } from './tray-controller';
import { forwardEvents, MINI_PLAYER_EVENTS, READER_EVENTS } from './window-events';

// A plain require for the optional native module (the bundle is ESM; the packaging test follows it).
const require = createRequire(import.meta.url);

export interface MainAppOptions {
  /** Builds the application core once the app is ready, given the way to the reader and a folder dialog. */
  createCore(context: CoreContext): AloudCore;
  platform: NodeJS.Platform;
  argv: readonly string[];
  /** Directory of the bundled main script (out/main). */
  mainDir: string;
  /** The app root, where build/ holds the icons. */
  appRoot: string;
  /** electron-vite's dev server, when running `npm run dev`. */
  devServerUrl?: string;
  /** Runs on quit after the core has closed: close the library, stop the engine's worker. */
  onQuit?(): Promise<void>;
  /**
   * Loads selection-hook (the selection on Windows and macOS); it may throw, and then the hotkey reads
   * the clipboard. Absent: the real module, from node_modules.
   */
  loadSelectionHook?(): unknown;
  /** The environment (the Wayland session, $XDG_CONFIG_HOME, $APPIMAGE); process.env when absent. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface CoreContext {
  /** Asks the user for a folder (over the reader window); null when cancelled. */
  chooseFolder(title: string): Promise<string | null>;
  /** Tells the user something in one sentence, even with no window showing (a notification). */
  notify(message: string): void;
  /** The global hotkeys and the start at login, for the settings. */
  desktop: DesktopPort;
}

export interface MainApp {
  core: AloudCore;
  actions: Actions;
  window: BrowserWindow;
  tray: Tray;
  hotkeys: GlobalHotkeys;
}

/** Returns null in a second instance, which has forwarded its command line to the first and quits. */
export async function startMainApp(options: MainAppOptions): Promise<MainApp | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const { platform } = options;
  const env = options.env ?? process.env;
  let running: MainApp | null = null;
  const early: MainCommand[][] = [];
  app.on('second-instance', (_event, argv) => {
    const commands = parseMainCommands(argv);
    // A bare second launch means "show me the app".
    const todo: MainCommand[] = commands.length ? commands : ['show'];
    if (running) void runAll(running.actions, todo);
    else early.push(todo);
  });
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => {});
  // On Wayland the desktop grants global shortcuts, through its portal (where it has one).
  if (wantsShortcutsPortal(platform, env)) app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');

  await app.whenReady();

  const renderer = rendererLocation(options.mainDir, options.devServerUrl);
  const reader = openReaderWindow(renderer, options);
  const { window } = reader;
  const chooseFolder = async (title: string): Promise<string | null> => {
    const r = await dialog.showOpenDialog(window, { title, properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
  const notify = (message: string) => {
    if (Notification.isSupported()) new Notification({ title: 'Aloud', body: message }).show();
    else console.warn(`Aloud: ${scrubSecrets(message)}`);
  };
  // The keys are registered as the core starts (its settings hold them); presses are heard below.
  const hotkeys = createGlobalHotkeys(globalShortcut, hotkeyPlatformOf(platform));
  const loginItem = platformLoginItem(platform, env);
  const desktop: DesktopPort = {
    platform: hotkeyPlatformOf(platform),
    applyHotkeys: (bindings) => hotkeys.apply(bindings),
    launchAtLogin: () => loginItem.get(),
    setLaunchAtLogin: (on) => loginItem.set(on),
  };
  const core = options.createCore({ chooseFolder, notify, desktop });
  forwardEvents(core.events, window, READER_EVENTS);
  // The reader says what went wrong; with no window showing, a notification does.
  noticeProblems(core.events, notify, reader.showing);

  // The selection on Windows and macOS. The module is optional: without it the hotkey reads the clipboard.
  const opened = openSelectionSource(options.loadSelectionHook ?? (() => require('selection-hook')), platform);
  if (!opened.source && platform !== 'linux') console.warn(`Aloud: the hotkey reads the clipboard: ${opened.why}`);
  const selection: SelectionSource | null = opened.source;
  const actions = createActions({
    readings: core.readings,
    remote: core.player,
    capture: createCapture({
      clipboard,
      platform,
      selection,
      makeItem: (data) => new ClipboardItem(data),
      whenNothingSelected: () => core.settings?.get().whenNothingSelected ?? 'clipboard',
      notify,
    }),
    platform,
    showReader: reader.showInactive,
    notify,
    quit: () => app.quit(),
  });
  const trayActions: Actions = { ...actions, showReader: reader.show };
  hotkeys.onPress((action) => void actions.run(action).catch((err: unknown) => console.error('Aloud: a hotkey failed', scrubbedError(err))));

  // A library that could not be opened or was found damaged is said once, even with no window showing.
  const libraryProblem = core.libraryStatus().problem;
  if (libraryProblem) notify(libraryProblem);

  // Hotkeys the desktop refused at start are said once; Settings shows each beside its action.
  const refused = Object.values(hotkeys.problems());
  if (refused.length) notify(`${refused.join(' ')} Choose other keys in Settings, or use the tray menu.`);

  // The mini player (made on the first tray click) is a remote control for the reader's one player.
  const tray = new Tray(nativeImage.createFromPath(trayIconPath(options.appRoot, platform)));
  let mini: BrowserWindow | null = null;
  function showMini(): void {
    if (!mini) {
      mini = createMiniWindow({
        preload: preloadPath(options.mainDir),
        icon: appIconPath(options.appRoot),
        harden: (w) => hardenContents(w.webContents, renderer, (url) => void shell.openExternal(url)),
        load: (w) => void (renderer.dev ? w.loadURL(`${renderer.url}#mini`) : w.loadFile(renderer.file!, { hash: 'mini' })),
      });
      forwardEvents(core.events, mini, MINI_PLAYER_EVENTS);
    }
    toggleMiniWindow(mini, tray);
  }
  tray.on('click', showMini);
  followInTray({ tray, appRoot: options.appRoot, platform, readings: core.readings, events: core.events, hotkeys, actions: { ...trayActions, showMini } });

  const unregisterIpc = registerIpcHandlers(ipcMain, createIpcRouter(core), (frame) => isTrustedSender(frame, renderer));

  // Quitting waits once for the cleanup (the reading stopped, the library flushed), then quits for real.
  let cleanedUp = false;
  app.on('will-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    hotkeys.unregisterAll();
    selection?.close();
    unregisterIpc();
    tray.destroy();
    void core
      .close()
      .then(() => options.onQuit?.())
      .catch((err: unknown) => console.error('Aloud: cleanup on quit failed', scrubbedError(err)))
      .finally(() => {
        cleanedUp = true;
        app.quit();
      });
  });

  running = { core, actions: trayActions, window, tray, hotkeys };
  // A plain launch opens the reader; `--hidden` (autostart) starts in the tray.
  const initial = parseMainCommands(options.argv);
  // Started by the login item (macOS says so; elsewhere it passes --hidden): the tray only.
  const atLogin = platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  if (initial.length === 0 && !options.argv.includes('--hidden') && !atLogin) initial.push('show');
  await runAll(trayActions, initial);
  for (const todo of early.splice(0)) await runAll(trayActions, todo);
  return running;
}

async function runAll(actions: Actions, commands: readonly MainCommand[]): Promise<void> {
  for (const c of commands) await actions.run(c);
}
