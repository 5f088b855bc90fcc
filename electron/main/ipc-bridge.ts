// ipcMain wiring: one handler per invoke channel of the contract, each checking the sender frame
// before the service validates the arguments.
import { invokeChannelNames } from '../../shared/ipc';
import type { AloudService } from '../service/aloud-service';
import type { SenderFrame } from './security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  service: Pick<AloudService, 'invoke'>,
  isTrusted: (frame: SenderFrame | null) => boolean,
  /** Called after each handled request (the tray refreshes on pause/resume). */
  afterInvoke: (channel: string) => void = () => {},
  /** The channels to answer: the reading contract, or a wider one whose service validates them all. */
  channels: readonly string[] = invokeChannelNames,
): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, args) => {
      if (!isTrusted(event.senderFrame)) throw new Error(`Refused '${channel}' from a frame that is not Aloud's reader.`);
      try {
        return await service.invoke(channel, args);
      } finally {
        afterInvoke(channel);
      }
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}
