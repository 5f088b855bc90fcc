// The reader's only door to main: `window.aloud` (AloudApi). Sandboxed, so this is bundled into one
// CommonJS file that requires nothing but `electron`; it imports channel names, never zod or Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { APP_INVOKE_CHANNEL_NAMES, EVENT_CHANNEL_NAMES } from '../../shared/channels';
import type { AloudApi } from '../../shared/ipc';

// The reading channels and the library's and settings' (main validates every argument).
const invokeNames: ReadonlySet<string> = new Set(APP_INVOKE_CHANNEL_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_CHANNEL_NAMES);

/** Electron prefixes errors from main with "Error invoking remote method 'x': Error:"; the reader wants the sentence. */
function cleanRemoteError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, ''));
}

const api: AloudApi = {
  invoke(channel, args) {
    if (!invokeNames.has(channel)) return Promise.reject(new Error(`Unknown channel '${String(channel)}'.`));
    return ipcRenderer.invoke(channel, args).catch((err: unknown) => Promise.reject(cleanRemoteError(err)));
  },
  on(channel, listener) {
    if (!eventNames.has(channel)) throw new Error(`Unknown event channel '${String(channel)}'.`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    // The IPC event (and its sender) stays here; the page gets the payload only.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('aloud', api);
