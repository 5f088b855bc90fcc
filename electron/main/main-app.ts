// The tray app: single-instance lock, tray, global hotkey, the reader window and IPC, joined to the
// service. Kept to wiring; the decisions live in the plain modules beside it.
import { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, session, shell, Tray } from 'electron';
import type { EventChannel, EventPayload } from '../../shared/ipc';
import { createAloudService, type AloudService, type AloudServiceOptions } from '../service/aloud-service';
import type { Synthesizer } from '../speech/synthesizer';
import { createActions, type Actions } from './actions';
import { parseMainCommands, type MainCommand } from './command-line';
import { hotkeyLabel, registerReadHotkey } from './hotkey';
import { createMiniWindow, toggleMiniWindow } from './mini-window';
import { registerIpcHandlers } from './ipc-bridge';
import { appIconPath, preloadPath, rendererLocation, trayIconPath } from './paths';
import { hardenContents, isTrustedSender, withCsp } from './security';
import { trayMenuTemplate, trayTooltip } from './tray-menu';

export interface MainAppOptions {
  /** Created once the app is ready. */
  createSynthesizers(): Synthesizer[];
  defaultVoice: string;
  platform: NodeJS.Platform;
  argv: readonly string[];
  /** Directory of the bundled main script (out/main). */
  mainDir: string;
  /** The app root, where build/ holds the icons. */
  appRoot: string;
  /** electron-vite's dev server, when running `npm run dev`. */
  devServerUrl?: string;
  /** Follows each reading (the library recorder). */
  observe?: AloudServiceOptions['observe'];
  /** Saved readings replayed instead of synthesized again. */
  history?: AloudServiceOptions['history'];
  /** The voice that finishes a reading whose voice fails part way. */
  fallback?: AloudServiceOptions['fallback'];
  /**
   * Builds the service behind IPC in place of the reading service alone (the whole app core, with the
   * library and settings channels), given the synthesizers, the way to the reader and a folder dialog.
   */
  createService?(context: ServiceContext): { service: AloudService; channels: readonly string[] };
  /** Runs on quit after the last reading has stopped: flush the library, stop the engine's worker. */
  onQuit?(): Promise<void>;
}

export interface ServiceContext {
  synthesizers: Synthesizer[];
  emit: <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;
  /** Asks the user for a folder (over the reader window); null when cancelled. */
  chooseFolder(title: string): Promise<string | null>;
}

export interface MainApp {
  service: AloudService;
  actions: Actions;
  window: BrowserWindow;
  tray: Tray;
  /** Null when the hotkey is registered, else why not. */
  hotkeyProblem: string | null;
}

/** Returns null in a second instance, which has forwarded its command line to the first and quits. */
export async function startMainApp(options: MainAppOptions): Promise<MainApp | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const { platform } = options;
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

  await app.whenReady();

  const renderer = rendererLocation(options.mainDir, options.devServerUrl);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, renderer.dev) });
  });
  // The reader needs no camera, microphone, notifications or anything else a page may ask for.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, renderer, (url) => void shell.openExternal(url));
  });

  let quitting = false;
  const window = new BrowserWindow({
    width: 760,
    height: 560,
    show: false,
    title: 'Aloud',
    icon: appIconPath(options.appRoot),
    webPreferences: {
      preload: preloadPath(options.mainDir),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Middle-click (auxclick) could open links in new windows; nothing in the reader needs it.
      disableBlinkFeatures: 'Auxclick',
      // Audio keeps playing, and its events keep flowing, while the reader is hidden.
      backgroundThrottling: false,
    },
  });
  hardenContents(window.webContents, renderer, (url) => void shell.openExternal(url));
  // Closing the reader hides it: the tray keeps reading.
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  if (renderer.dev) void window.loadURL(renderer.url);
  else void window.loadFile(renderer.file!);

  const tray = new Tray(nativeImage.createFromPath(trayIconPath(options.appRoot, platform)));

  // The mini player (made on the first tray click) is a remote control for the reader's one player.
  let mini: BrowserWindow | null = null;
  const sendToReader = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
    // It shows no audio, so it is spared the chunks.
    if (mini && !mini.isDestroyed() && channel !== 'reading:chunk') mini.webContents.send(channel, payload);
    if (channel === 'reading:started' || channel === 'reading:ended') refreshTray();
  };
  const synthesizers = options.createSynthesizers();
  const chooseFolder = async (title: string): Promise<string | null> => {
    const r = await dialog.showOpenDialog(window, { title, properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
  const custom = options.createService?.({ synthesizers, emit: sendToReader, chooseFolder }) ?? null;
  const service = custom?.service ?? createAloudService({
    synthesizers,
    defaultVoice: options.defaultVoice,
    emit: sendToReader,
    ...(options.observe ? { observe: options.observe, onObserverError: (err) => console.error('Aloud: saving to the library failed', err) } : {}),
    ...(options.history ? { history: options.history } : {}),
    ...(options.fallback ? { fallback: options.fallback } : {}),
  });

  const notify = (message: string) => {
    if (Notification.isSupported()) new Notification({ title: 'Aloud', body: message }).show();
    else console.warn(`Aloud: ${message}`);
  };
  const showReader = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const actions = createActions({
    service,
    clipboard,
    platform,
    emit: sendToReader,
    // Reading from the tray or hotkey shows the reader without taking focus from the user's work.
    showReader: () => {
      if (!window.isDestroyed() && !window.isVisible()) window.showInactive();
    },
    notify,
    quit: () => app.quit(),
  });
  const trayActions: Actions = { ...actions, showReader };

  const hotkeyProblem = registerReadHotkey(globalShortcut, platform, () => void actions.readSelection());
  if (hotkeyProblem) notify(`The ${hotkeyProblem}. Use the tray menu instead.`);
  function refreshTray(): void {
    const current = service.current();
    const label = hotkeyProblem ? null : hotkeyLabel(platform);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(current, trayActions, label)));
    tray.setToolTip(trayTooltip(current, hotkeyProblem));
  }
  refreshTray();
  tray.on('click', () => {
    mini ??= createMiniWindow({
      preload: preloadPath(options.mainDir),
      icon: appIconPath(options.appRoot),
      harden: (w) => hardenContents(w.webContents, renderer, (url) => void shell.openExternal(url)),
      load: (w) => void (renderer.dev ? w.loadURL(`${renderer.url}#mini`) : w.loadFile(renderer.file!, { hash: 'mini' })),
    });
    toggleMiniWindow(mini, tray);
  });

  const unregisterIpc = registerIpcHandlers(
    ipcMain,
    service,
    (frame) => isTrustedSender(frame, renderer),
    (channel) => {
      if (channel === 'reading:pause' || channel === 'reading:resume') refreshTray();
    },
    ...(custom ? [custom.channels] : []),
  );

  app.on('before-quit', () => {
    quitting = true;
  });
  // Quitting waits once for the cleanup (the reading stopped, the library flushed), then quits for real.
  let cleanedUp = false;
  app.on('will-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    globalShortcut.unregisterAll();
    unregisterIpc();
    tray.destroy();
    void service
      .close()
      .then(() => options.onQuit?.())
      .catch((err: unknown) => console.error('Aloud: cleanup on quit failed', err))
      .finally(() => {
        cleanedUp = true;
        app.quit();
      });
  });

  running = { service, actions: trayActions, window, tray, hotkeyProblem };
  // A plain launch opens the reader; `--hidden` (autostart) starts in the tray.
  const initial = parseMainCommands(options.argv);
  if (initial.length === 0 && !options.argv.includes('--hidden')) initial.push('show');
  await runAll(trayActions, initial);
  for (const todo of early.splice(0)) await runAll(trayActions, todo);
  return running;
}

async function runAll(actions: Actions, commands: readonly MainCommand[]): Promise<void> {
  for (const c of commands) await actions.run(c);
}
