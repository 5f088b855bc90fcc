// ipcMain wiring: one handler per invoke channel of the contract, each checking the sender frame
// before the router validates the arguments and calls the core.
import type { IpcRouter } from '../service/ipc-router';
import type { SenderFrame } from './security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  router: IpcRouter,
  isTrusted: (frame: SenderFrame | null) => boolean,
  /** Called after each handled request (the tray refreshes on pause/resume). */
  afterInvoke: (channel: string) => void = () => {},
): () => void {
  const { channels } = router;
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, args) => {
      if (!isTrusted(event.senderFrame)) throw new Error(`Refused '${channel}' from a frame that is not Aloud's reader.`);
      try {
        return await router.invoke(channel, args);
      } finally {
        afterInvoke(channel);
      }
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}
