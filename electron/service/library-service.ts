// The library's channels, in plain Node: list, search, get, play (through the reading service, so the
// same player plays and highlights it), delete, pin, export (main chooses the folder) and the
// size/age limit. Arguments arrive validated by app-service.ts against shared/library-ipc.ts.
import type { z } from 'zod';
import type { LibraryLimits, libraryInvokeChannels } from '../../shared/library-ipc';
import { exportReadings, readingWords, type ExportFormat } from '../history/export/export-reading';
import type { LibraryStore, ReadingDetail } from '../history/library-store';
import { ServiceError } from './aloud-service';

type Channels = typeof libraryInvokeChannels;
export type LibraryChannel = keyof Channels;
export type LibraryHandlers = { [C in LibraryChannel]: (args: z.output<Channels[C]['args']>) => Promise<z.input<Channels[C]['result']>> };

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LibraryServiceOptions {
  store: LibraryStore;
  /** Plays this saved reading (whatever its status) through the reading service, as 'reading:*' events; the new reading's id. */
  play(saved: ReadingDetail): Promise<{ readingId: string }>;
  /** Where to export: main shows a folder dialog; null when the user cancels. */
  chooseExportFolder(): Promise<string | null>;
  /** The size/age limit as saved in the settings. */
  limits: { get(): LibraryLimits; set(limits: LibraryLimits): void };
}

export function createLibraryHandlers(o: LibraryServiceOptions): LibraryHandlers {
  const { store } = o;
  const saved = (id: string) => {
    const r = store.get(id);
    if (!r) throw new ServiceError(`There is no reading '${id}' in the library (was it deleted?).`);
    return r;
  };
  const usage = () => ({ count: store.count(), audioBytes: store.totalAudioBytes() });

  return {
    'library:list': async ({ filter, limit = 50, after }) => {
      const items = store.list({ ...filter, limit, ...(after ? { after } : {}) });
      const last = items.at(-1);
      return { items, next: items.length === limit && last ? { createdAt: last.createdAt, id: last.id } : null };
    },
    'library:search': async ({ query, filter, limit = 50 }) => ({ items: store.search(query, { ...filter, limit }) }),
    'library:get': async ({ id }) => {
      const { rid: _rid, settings: _settings, ...detail } = saved(id);
      return { ...detail, words: readingWords(store, id) };
    },
    'library:play': async ({ id }) => {
      const r = saved(id);
      // A partial or stopped reading plays as far as it was saved; one still being written waits.
      if (r.status === 'recording') throw new ServiceError('This reading is still being saved; play it once it has ended.');
      if (r.status !== 'complete' && r.chunkCount === 0) throw new ServiceError('This reading was cut short before any of it was saved: there is nothing to play.');
      return o.play(r);
    },
    'library:delete': async ({ id }) => ({ deleted: store.delete(id) }),
    'library:pin': async ({ id, pinned }) => {
      if (!store.setPinned(id, pinned)) saved(id);
      return { pinned };
    },
    'library:export': async ({ ids, formats }) => {
      ids.forEach(saved);
      const folder = await o.chooseExportFolder();
      if (folder === null) return { canceled: true };
      try {
        const files = await exportReadings(store, ids, folder, formats as ExportFormat[]);
        return { canceled: false, folder, files };
      } catch (err) {
        throw new ServiceError(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    'library:limits': async () => ({ ...o.limits.get(), usage: usage() }),
    'library:set-limits': async (limits) => {
      o.limits.set(limits);
      const removed = trimLibrary(store, limits);
      return { ...limits, usage: usage(), removed };
    },
  };
}

/** Applies the saved limit (at start, and after readings): how many readings it removed. */
export function trimLibrary(store: LibraryStore, limits: LibraryLimits): number {
  if (limits.maxBytes === null && limits.maxAgeDays === null) return 0;
  return store.trim({ ...(limits.maxBytes !== null ? { maxBytes: limits.maxBytes } : {}), ...(limits.maxAgeDays !== null ? { maxAgeMs: limits.maxAgeDays * DAY_MS } : {}) });
}
