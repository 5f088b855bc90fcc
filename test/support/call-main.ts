// A call from a renderer frame to main over the fake Electron's ipcMain, as the preload and the
// renderer's client make it: on the one invoke channel, the reply unwrapped (a refusal rejects with
// its kind and sentence).
import type { IpcReply } from '../../shared/ipc-error';
import { AloudError } from '../../shared/ipc-error';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc-transport';
import * as fake from '../fakes/electron';

export async function callMain(frame: Parameters<typeof fake.ipcMain.invokeFrom>[0], channel: string, args: unknown): Promise<unknown> {
  const reply = (await fake.ipcMain.invokeFrom(frame, IPC_INVOKE, channel, args)) as IpcReply;
  if (reply.ok) return reply.value;
  throw new AloudError(reply.error.kind, reply.error.message);
}

/** The payloads of `channel` that main sent to a window, in order. */
export function sentTo(window: { webContents: { sent: { channel: string; args: unknown[] }[] } }, channel: string): Record<string, unknown>[] {
  return window.webContents.sent.filter((m) => m.channel === IPC_EVENT && m.args[0] === channel).map((m) => m.args[1] as Record<string, unknown>);
}
