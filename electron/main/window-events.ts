// Each window hears the core's events it shows, as they happen: the reader every reading, queue and
// download event; the mini player only the player's state (it plays no audio, so it is spared the
// chunks; and the reader, which sends that state, is not sent it back).
import type { BrowserWindow } from 'electron';
import type { EventChannel, EventPayload } from '../../shared/ipc';
import { IPC_EVENT } from '../../shared/ipc-transport';
import type { CoreEvents } from '../service/core-events';

export const READER_EVENTS = [
  'reading:started',
  'reading:chunk',
  'reading:ended',
  'reading:fallback',
  'reading:paused',
  'reading:speed',
  'player:command',
  'queue:changed',
  'natural-voices:progress',
] as const satisfies readonly EventChannel[];

export const MINI_PLAYER_EVENTS = ['player:state'] as const satisfies readonly EventChannel[];

/** Sends each of `names` to `window` while it lives; returns the function that stops. */
export function forwardEvents(events: CoreEvents, window: BrowserWindow, names: readonly EventChannel[]): () => void {
  const send = <C extends EventChannel>(name: C, payload: EventPayload<C>) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
  };
  const offs = names.map((name) => events.on(name, (payload) => send(name, payload)));
  const stop = () => offs.forEach((off) => off());
  window.once('closed', stop);
  return stop;
}
