// The reader's only door to main: `window.aloud` (AloudApi). Sandboxed, so this is bundled into one
// CommonJS file that requires nothing but `electron`. It knows no channel of its own: every contract
// call travels on IPC_INVOKE and every event on IPC_EVENT, each naming its channel; main checks the
// name and the arguments against the contract (shared/ipc.ts) and answers with a reply, never a throw.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AloudApi } from '../../shared/ipc';
import type { IpcReply } from '../../shared/ipc-error';
import { CHANNEL_NAME, IPC_EVENT, IPC_INVOKE } from '../../shared/ipc-transport';

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, channel: unknown, payload: unknown) => {
  // The IPC event (and its sender) stays here; the page gets the payload only.
  if (typeof channel !== 'string') return;
  for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
});

const refused = (message: string): IpcReply => ({ ok: false, error: { kind: 'invalid-input', message } });

const api: AloudApi = {
  async invoke(channel, args) {
    if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel)) return refused(`Unknown channel '${String(channel)}'.`);
    return (await ipcRenderer.invoke(IPC_INVOKE, channel, args)) as IpcReply;
  },
  on(channel, listener) {
    if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel)) throw new Error(`Unknown event channel '${String(channel)}'.`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('aloud', api);
