// The library as the app uses it: list, search, get, play (through the reading service, so the same
// player plays and highlights it), delete, pin, export (main chooses the folder) and the size/age limit.
import type { EXPORT_FORMATS, LibraryLimits } from '../../shared/library-ipc';
import { voiceKey } from '../../shared/voice-key';
import { exportReadings, readingWords, type ExportFormat } from '../history/export/export-reading';
import type { ListFilter, ReadingDetail, ReadingSummary, SearchHit } from '../history/library-rows';
import type { LibraryStore } from '../history/library-store';
import type { WordTiming } from '../../shared/chunk';
import type { LibraryReadingCache } from './reading-cache';
import type { ReadingService } from './reading-service';
import { fileErrorSentence } from './file-errors';
import { ServiceError } from './service-error';
import { messageOf } from '../../shared/ipc-error';

const DAY_MS = 24 * 60 * 60 * 1000;

export type ReadingView = Omit<ReadingDetail, 'settings'> & { words: WordTiming[] };
export type LimitsView = LibraryLimits & { usage: { count: number; audioBytes: number } };
export type ExportResult = { canceled: true } | { canceled: false; folder: string; files: string[] };
type Cursor = { createdAt: number; id: string };

export interface LibraryService {
  /** Newest first, a page at a time; pass the returned `next` as `after` for the following page. */
  list(query: { filter?: ListFilter | undefined; limit?: number | undefined; after?: Cursor | undefined }): { items: ReadingSummary[]; next: Cursor | null };
  search(query: { query: string; filter?: ListFilter | undefined; limit?: number | undefined }): { items: SearchHit[] };
  /** One reading with its text and every word's timing. */
  get(id: string): ReadingView;
  /** Plays a saved reading (whatever its status, as far as it was saved) through the reading service. */
  play(id: string): Promise<{ readingId: string }>;
  delete(id: string): { deleted: boolean };
  pin(id: string, pinned: boolean): { pinned: boolean };
  /** Asks where (main's folder dialog), then writes one file per reading and format. */
  export(ids: readonly string[], formats: readonly (typeof EXPORT_FORMATS)[number][]): Promise<ExportResult>;
  limits(): LimitsView;
  /** Saves the limit and trims the library to it at once. */
  setLimits(limits: LibraryLimits): LimitsView & { removed: number };
  /** Applies the saved limit (at start, and after each reading is saved): how many readings went. */
  trim(): number;
}

export interface LibraryServiceOptions {
  store: LibraryStore;
  /** Replays the very saved reading that Play names (see reading-cache.ts). */
  cache: LibraryReadingCache;
  readings: Pick<ReadingService, 'read'>;
  /** Whether readings of this provider can still be played (its entry still exists). */
  knownProvider(provider: string): boolean;
  /** Where to export: main shows a folder dialog; null when the user cancels. */
  chooseExportFolder(): Promise<string | null>;
  /** The size/age limit as saved in the settings. */
  limits: { get(): LibraryLimits; set(limits: LibraryLimits): void };
}

export function createLibraryService(o: LibraryServiceOptions): LibraryService {
  const { store } = o;
  const saved = (id: string) => {
    const r = store.get(id);
    if (!r) throw new ServiceError(`There is no reading '${id}' in the library (was it deleted?).`, 'not-found');
    return r;
  };
  const usage = () => ({ count: store.count(), audioBytes: store.totalAudioBytes() });
  const trimTo = (limits: LibraryLimits): number => {
    if (limits.maxBytes === null && limits.maxAgeDays === null) return 0;
    return store.trim({ ...(limits.maxBytes !== null ? { maxBytes: limits.maxBytes } : {}), ...(limits.maxAgeDays !== null ? { maxAgeMs: limits.maxAgeDays * DAY_MS } : {}) });
  };

  return {
    list({ filter, limit = 50, after }) {
      const items = store.list({ ...filter, limit, ...(after ? { after } : {}) });
      const last = items.at(-1);
      return { items, next: items.length === limit && last ? { createdAt: last.createdAt, id: last.id } : null };
    },
    search: ({ query, filter, limit = 50 }) => ({ items: store.search(query, { ...filter, limit }) }),
    get(id) {
      const { rid: _rid, settings: _settings, ...detail } = saved(id);
      return { ...detail, words: readingWords(store, id) };
    },
    async play(id) {
      const r = saved(id);
      // A partial or stopped reading plays as far as it was saved; one still being written waits.
      if (r.status === 'recording') throw new ServiceError('This reading is still being saved; play it once it has ended.');
      if (r.status !== 'complete' && r.chunkCount === 0) throw new ServiceError('This reading was cut short before any of it was saved: there is nothing to play.');
      // The reading service replays through the voice's provider entry, so it must still exist.
      if (!o.knownProvider(r.provider)) throw new ServiceError(`This reading was made with '${r.provider}', which is no longer set up; add it again in Settings to play it from the library.`, 'not-found');
      const withdraw = o.cache.playNext(r.id);
      try {
        // Play means now: it replaces what plays rather than joining the queue. Asked at its saved
        // synthRate as the Speed, the voice is asked for that same synthRate: the key of this copy.
        return await o.readings.read({ text: r.text, voice: voiceKey({ provider: r.provider, id: r.voice }), speed: r.synthRate, mode: 'replace' });
      } finally {
        withdraw();
      }
    },
    delete: (id) => ({ deleted: store.delete(id) }),
    pin(id, pinned) {
      if (!store.setPinned(id, pinned)) saved(id);
      return { pinned };
    },
    async export(ids, formats) {
      ids.forEach(saved);
      const folder = await o.chooseExportFolder();
      if (folder === null) return { canceled: true };
      try {
        const files = await exportReadings(store, [...ids], folder, formats as ExportFormat[]);
        return { canceled: false, folder, files };
      } catch (err) {
        throw new ServiceError(`Export failed: ${fileErrorSentence(err) ?? messageOf(err)}`, 'internal');
      }
    },
    limits: () => ({ ...o.limits.get(), usage: usage() }),
    setLimits(limits) {
      o.limits.set(limits);
      const removed = trimTo(limits);
      return { ...limits, usage: usage(), removed };
    },
    trim: () => trimTo(o.limits.get()),
  };
}
