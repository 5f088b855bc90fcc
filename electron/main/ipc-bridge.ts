// ipcMain wiring: the one handler for every contract call (shared/ipc-transport.ts), which checks
// the sender frame before the router validates the channel and its arguments and calls the core.
import { IPC_INVOKE } from '../../shared/ipc-transport';
import type { IpcReply } from '../../shared/ipc-error';
import type { IpcRouter } from '../service/ipc-router';
import type { SenderFrame } from './security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function registerIpcHandlers(ipcMain: IpcMainLike, router: Pick<IpcRouter, 'reply'>, isTrusted: (frame: SenderFrame | null) => boolean): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel, args): Promise<IpcReply> => {
    if (!isTrusted(event.senderFrame)) return { ok: false, error: { kind: 'invalid-input', message: `Refused '${String(channel)}' from a frame that is not Aloud's reader.` } };
    return router.reply(String(channel), args);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}
