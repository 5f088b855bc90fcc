// The `electron` module as tests see it (vitest aliases `electron` here; the real one has no binary on
// these machines). Only what electron/main and electron/preload use, and every object records what was
// done to it so a test can assert on it. `resetFakeElectron()` puts everything back between tests.
import { EventEmitter } from 'node:events';

/** A frame as ipcMain's event.senderFrame carries it. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export interface FakeInvokeEvent {
  senderFrame: FakeFrame | null;
  sender: FakeWebContents;
}

class FakeApp extends EventEmitter {
  /** Whether requestSingleInstanceLock() wins; a test sets false to play the second instance. */
  lockAvailable = true;
  quitCalls = 0;
  isPackaged = false;
  /** Chromium switches appended before ready. */
  readonly commandLine = {
    switches: [] as [string, string | undefined][],
    appendSwitch(name: string, value?: string): void {
      this.switches.push([name, value]);
    },
  };
  /** The macOS and Windows login item. */
  loginItem = { openAtLogin: false, args: [] as string[], wasOpenedAtLogin: false };
  appPath = process.cwd();
  private readyFired = false;
  private resolveReady: () => void = () => {};
  private ready = this.newReady();

  private newReady(): Promise<void> {
    return new Promise<void>((resolve) => (this.resolveReady = resolve));
  }
  /** Test control: back to not ready, as before launch. */
  resetState(): void {
    this.removeAllListeners();
    this.lockAvailable = true;
    this.quitCalls = 0;
    this.isPackaged = false;
    this.commandLine.switches.length = 0;
    this.loginItem = { openAtLogin: false, args: [], wasOpenedAtLogin: false };
    this.readyFired = false;
    this.ready = this.newReady();
  }

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  quit(): void {
    this.quitCalls++;
    this.emit('before-quit', { preventDefault() {} });
  }
  exit(): void {
    this.quitCalls++;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  isReady(): boolean {
    return this.readyFired;
  }
  /** Test control: the app becomes ready. */
  fireReady(): void {
    this.readyFired = true;
    this.resolveReady();
    this.emit('ready');
  }
  getAppPath(): string {
    return this.appPath;
  }
  getPath(name: string): string {
    return `/tmp/aloud-fake/${name}`;
  }
  getName(): string {
    return 'Aloud';
  }
  setAppUserModelId(): void {}
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: this.loginItem.wasOpenedAtLogin };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = { ...this.loginItem, openAtLogin: settings.openAtLogin, args: settings.args ?? [] };
  }
}

class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  url = '';
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Test control: the page tries to navigate; returns whether the navigation was prevented. */
  navigate(url: string): boolean {
    let prevented = false;
    this.emit('will-navigate', { preventDefault: () => (prevented = true), url }, url);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  loaded: { url?: string; file?: string } | null = null;
  focusCalls = 0;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.instances.push(this);
    if (options.show !== false) this.visible = true;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.url = url;
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file };
    this.webContents.url = `file://${file}`;
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  showInactive(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focusCalls++;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like Electron: emits a preventable 'close', then destroys unless prevented. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class Tray extends EventEmitter {
  static readonly instances: Tray[] = [];
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(public image: unknown) {
    super();
    Tray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  accelerator?: string;
  click?: (...args: unknown[]) => void;
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  /** Test control: clicks the item with this label (throws if absent or disabled). */
  click(label: string): void {
    const item = this.items.find((i) => i.label === label);
    if (!item) throw new Error(`No menu item '${label}' in [${this.items.map((i) => i.label ?? '-').join(', ')}]`);
    if (item.enabled === false) throw new Error(`Menu item '${label}' is disabled`);
    item.click?.(item, undefined, {});
  }
  labels(): string[] {
    return this.items.filter((i) => i.type !== 'separator').map((i) => i.label ?? '');
  }
}

export const Menu = {
  buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(template);
  },
  setApplicationMenu(_menu: FakeMenu | null): void {},
};

export const globalShortcut = {
  registered: new Map<string, () => void>(),
  /** Accelerators another application holds: register() fails for them. */
  taken: new Set<string>(),
  register(accelerator: string, callback: () => void): boolean {
    if (this.taken.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  },
  isRegistered(accelerator: string): boolean {
    return this.registered.has(accelerator);
  },
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  },
  unregisterAll(): void {
    this.registered.clear();
  },
  /** Test control: the user presses the accelerator. */
  press(accelerator: string): void {
    const cb = this.registered.get(accelerator);
    if (!cb) throw new Error(`${accelerator} is not registered`);
    cb();
  },
};

/** Electron 45's asynchronous clipboard; `selection` is the PRIMARY selection, present on Linux only. */
type ClipboardData = string | Blob | { title: string; url: string };

/** Electron's ClipboardItem: MIME types and their payloads (a Blob, or a string written as one). */
export class ClipboardItem {
  readonly types: string[];
  constructor(private readonly data: Record<string, ClipboardData | Promise<ClipboardData>>) {
    this.types = Object.keys(data);
  }
  async getType(type: string): Promise<Blob | { title: string; url: string }> {
    if (!(type in this.data)) throw new Error(`'${type}' is not in this item`);
    const value = await this.data[type]!;
    return typeof value === 'string' ? new Blob([value], { type }) : value;
  }
}

/**
 * The system clipboard as Electron 45 gives it: items of several MIME types each (text, HTML, an image,
 * files as text/uri-list), read and written whole. Items read are live, as the real ones are: their
 * payloads are fetched from the clipboard when asked for, so what changed since is what they give.
 */
class FakeClipboard {
  /** What the clipboard holds: one record of MIME type -> payload per item. */
  items: Record<string, ClipboardData>[] = [];
  /** Which clipboards were read, in order: 'clipboard' or 'selection'. */
  readonly reads: string[] = [];
  /** Every write, in order: the MIME types of each item written. */
  readonly writes: string[][][] = [];
  selection: FakeClipboard | undefined;
  constructor(private readonly kind: 'clipboard' | 'selection') {
    if (kind === 'clipboard') this.selection = new FakeClipboard('selection');
  }
  get text(): string {
    const plain = this.items[0]?.['text/plain'];
    return typeof plain === 'string' ? plain : '';
  }
  set text(text: string) {
    this.items = text ? [{ 'text/plain': text }] : [];
  }
  async readText(): Promise<string> {
    clipboard.reads.push(this.kind);
    // Written back as a Blob (a clipboard restored whole), the text reads as text all the same.
    const plain = this.items[0]?.['text/plain'];
    return plain instanceof Blob ? plain.text() : this.text;
  }
  async writeText(text: string): Promise<void> {
    this.writes.push([['text/plain']]);
    this.text = text;
  }
  async read(): Promise<ClipboardItem[]> {
    return this.items.map((_, i) => {
      const live = Object.fromEntries(Object.keys(this.items[i]!).map((type) => [type, Promise.resolve().then(() => this.items[i]?.[type] ?? Promise.reject(new Error('gone')))]));
      return new ClipboardItem(live);
    });
  }
  async write(items: ClipboardItem[]): Promise<void> {
    this.writes.push(items.map((i) => i.types));
    this.items = await Promise.all(items.map(async (item) => Object.fromEntries(await Promise.all(item.types.map(async (t) => [t, await item.getType(t)] as const)))));
  }
  clear(): void {
    this.items = [];
  }
}
export const clipboard = new FakeClipboard('clipboard');

type Handler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test control: a renderer frame invokes a channel, as ipcRenderer.invoke would. */
  async invokeFrom(frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame, sender: new FakeWebContents() }, ...args);
  }
}
export const ipcMain = new FakeIpcMain();

/** The default frame ipcRenderer speaks from; tests point it at the trusted renderer URL. */
export const rendererFrame: FakeFrame = { url: 'file:///app/out/renderer/index.html', parent: null };

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return ipcMain.invokeFrom(rendererFrame, channel, ...args);
  }
  send(): void {
    throw new Error('The preload uses invoke, never send');
  }
  /** Test control: main sends a message to this renderer, as webContents.send(channel, ...args) would. */
  deliver(channel: string, ...args: unknown[]): void {
    this.emit(channel, { sender: this }, ...args);
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld(key: string, api: unknown): void {
    if (key in this.exposed) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed[key] = api;
  },
};

export interface FakeImage {
  path: string;
  isEmpty(): boolean;
  setTemplateImage?(flag: boolean): void;
  template?: boolean;
}
export const nativeImage = {
  createFromPath(path: string): FakeImage {
    return {
      path,
      isEmpty: () => path === '',
      setTemplateImage(flag: boolean) {
        this.template = flag;
      },
    };
  },
  createEmpty(): FakeImage {
    return { path: '', isEmpty: () => true };
  },
};

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void;

class FakeSession {
  headersListener: HeadersListener | null = null;
  permissionHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener | null) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionHandler']): void {
    this.permissionHandler = handler;
  }
  /** Test control: a response passes through the headers listener; returns the headers it leaves. */
  respond(url: string, responseHeaders: Record<string, string[]> = {}): Record<string, string[]> | undefined {
    let out: Record<string, string[]> | undefined;
    if (!this.headersListener) return responseHeaders;
    this.headersListener({ url, responseHeaders }, (r) => (out = r.responseHeaders));
    return out;
  }
}
export const session = { defaultSession: new FakeSession() };

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  },
};

export class Notification {
  static readonly shown: { title?: string; body?: string }[] = [];
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: { title?: string; body?: string }) {}
  show(): void {
    Notification.shown.push(this.options);
  }
}

export const safeStorage = {
  /** Test control: false plays a system with no keychain. */
  available: true,
  isEncryptionAvailable: () => safeStorage.available,
  /** Test control: Linux's backend ('basic_text' when no keyring is running). */
  backend: 'gnome_libsecret' as string,
  getSelectedStorageBackend: () => safeStorage.backend,
  encryptString: (s: string) => Buffer.from(`enc:${s}`),
  decryptString: (b: Buffer) => b.toString().replace(/^enc:/, ''),
};

/** The folder dialog: answers with `nextAnswer` (a test sets it) and records each call. */
export const dialog = {
  calls: [] as { window: unknown; options: Record<string, unknown> }[],
  nextAnswer: { canceled: true, filePaths: [] as string[] },
  async showOpenDialog(window: unknown, options: Record<string, unknown>): Promise<{ canceled: boolean; filePaths: string[] }> {
    dialog.calls.push({ window, options });
    return dialog.nextAnswer;
  },
};

export const screen = {
  getPrimaryDisplay: () => ({ workAreaSize: { width: 1920, height: 1080 }, scaleFactor: 1 }),
};

/** Puts every fake back to its first state. */
export function resetFakeElectron(): void {
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  dialog.calls = [];
  dialog.nextAnswer = { canceled: true, filePaths: [] };
  app.resetState();
  BrowserWindow.instances.length = 0;
  Tray.instances.length = 0;
  globalShortcut.registered.clear();
  globalShortcut.taken.clear();
  clipboard.text = '';
  clipboard.selection = new FakeClipboard('selection');
  clipboard.reads.length = 0;
  clipboard.writes.length = 0;
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  contextBridge.exposed = {};
  session.defaultSession.headersListener = null;
  session.defaultSession.permissionHandler = null;
  shell.opened.length = 0;
  Notification.shown.length = 0;
}

export const app = new FakeApp();

export default {
  app,
  BrowserWindow,
  Tray,
  Menu,
  globalShortcut,
  clipboard,
  ClipboardItem,
  ipcMain,
  ipcRenderer,
  contextBridge,
  nativeImage,
  session,
  shell,
  Notification,
  safeStorage,
  dialog,
  screen,
};
