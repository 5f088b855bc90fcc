// A reading service reached as the renderer reaches it: every call through the real IPC router, which
// validates the arguments against the contract. For tests of what a channel accepts and answers.
import type { AloudCore } from '../../electron/service/aloud-core';
import { createIpcRouter } from '../../electron/service/ipc-router';
import { createPlayerRemote } from '../../electron/service/player-remote';
import { createReadingService, type ReadingService, type ReadingServiceOptions } from '../../electron/service/reading-service';

export type RoutedReadings = ReadingService & { invoke(channel: string, args: unknown): Promise<unknown> };

export function routedReadings(options: ReadingServiceOptions): RoutedReadings {
  const readings = createReadingService(options);
  // No settings: the Speed is this service's own.
  let speed = 1;
  const player = createPlayerRemote({ readings, events: { emit: options.emit }, speed: { get: () => speed, set: (s) => options.emit('reading:speed', { speed: (speed = s) }) } });
  const router = createIpcRouter({ readings, player, library: null, settings: null });
  return { ...readings, invoke: (channel, args) => router.invoke(channel, args) };
}

/** The whole core with the router's `invoke` beside it, as the renderer reaches it. */
export function routedCore<T extends Pick<AloudCore, 'readings' | 'library' | 'settings'>>(core: T): T & { invoke(channel: string, args: unknown): Promise<unknown> } {
  const router = createIpcRouter(core);
  return Object.assign(core, { invoke: (channel: string, args: unknown) => router.invoke(channel, args) });
}
