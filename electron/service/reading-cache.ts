// Replay from the library instead of the provider: a saved complete reading with the same text,
// provider, voice, rate and settings is offered as a Reading (the speech pipeline's interface), so
// the service plays it exactly as it plays a live one, paced by the playhead, costing nothing.
// Play in the Library window names the very reading to replay, whatever its status: a reading cut
// off by a crash (or stopped) plays as far as it was saved.
import type { Chunk } from '../../shared/chunk';
import { cacheKey } from '../history/cache-key';
import { type LibraryStore } from '../history/library-store';
import { replayChunks } from '../history/replay';
import type { Reading, ReadingEnd } from '../speech/reading';
import { savedTextRules } from '../speech/text-rules';
import { segmentText, type TextSegment } from '../speech/segment-text';

export interface CachedReadingRequest {
  /** The new reading's id: replayed chunks carry it. */
  readingId: string;
  text: string;
  provider: string;
  voice: string;
  /** The rate the voice synthesizes at (not the Speed: that is stretched in the player). */
  synthRate: number;
  settings?: Record<string, unknown>;
  /** The synthesizer's maxChars, so `segments` matches what the live reading made. */
  maxChars: number;
  /** Segments delivered past the playhead (as for a live reading); default 2. */
  lookahead?: number;
}

export interface ReadingCache {
  /** A Reading that plays the saved copy, or null when there is none (synthesize then). */
  replay(request: CachedReadingRequest): Reading | null;
}

export interface LibraryReadingCache extends ReadingCache {
  /**
   * The next start of this saved reading's text, voice, rate and settings replays this very reading,
   * complete or not. Returns a function that withdraws the choice if that start never came.
   */
  playNext(savedId: string): () => void;
}

export function libraryReadingCache(store: LibraryStore): LibraryReadingCache {
  let chosen: { id: string; key: string; settings: Record<string, unknown> } | null = null;
  return {
    replay(request) {
      // The reading named in the Library plays as it was saved, whatever rules are in force now (it was
      // made by its own: it is cut into segments by them).
      if (chosen && cacheKey(request.text, request.provider, request.voice, request.synthRate, chosen.settings) === chosen.key) {
        const { id, settings } = chosen;
        chosen = null;
        if (store.get(id)) return replayAsReading(store, id, { ...request, settings });
      }
      const id = store.findCached(request.text, request.provider, request.voice, request.synthRate, request.settings);
      return id === undefined ? null : replayAsReading(store, id, request);
    },
    playNext(savedId) {
      const saved = store.get(savedId);
      if (!saved) throw new Error(`No reading ${savedId} in the library.`);
      const mine = { id: savedId, key: cacheKey(saved.text, saved.provider, saved.voice, saved.synthRate, saved.settings), settings: saved.settings };
      chosen = mine;
      return () => {
        if (chosen === mine) chosen = null;
      };
    },
  };
}

/** A saved reading as a Reading: chunks flow up to `lookahead` segments past the playhead, pause holds them. */
export function replayAsReading(store: LibraryStore, savedId: string, request: CachedReadingRequest): Reading {
  const lookahead = request.lookahead ?? 2;
  const controller = new AbortController();
  let playhead = 0;
  let paused = false;
  let wake = () => {};
  const changed = () => {
    const w = wake;
    wake = () => {};
    w();
  };
  let settle!: { resolve: (end: ReadingEnd) => void; reject: (e: unknown) => void };
  const done = new Promise<ReadingEnd>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {});
  let segments: TextSegment[] | undefined;
  let consumed = false;

  async function* chunks(): AsyncGenerator<Chunk> {
    if (consumed) throw new Error('A reading has one consumer.');
    consumed = true;
    try {
      for await (const chunk of replayChunks(store, savedId, { readingId: request.readingId, signal: controller.signal })) {
        while (!controller.signal.aborted && (paused || chunk.segment > playhead + lookahead)) {
          await new Promise<void>((resolve) => (wake = resolve));
        }
        if (controller.signal.aborted) break;
        // Saved at the rate it was found by: the player stretches it to whatever Speed is set now.
        yield { ...chunk, synthRate: request.synthRate };
      }
      settle.resolve(controller.signal.aborted ? 'stopped' : 'finished');
    } catch (e) {
      settle.reject(e);
      throw e;
    } finally {
      settle.resolve('stopped'); // the consumer left early; a no-op once settled
    }
  }

  return {
    id: request.readingId,
    get segments() {
      return (segments ??= segmentText(request.text, { maxChars: request.maxChars, ...savedTextRules(request.settings) }));
    },
    chunks,
    setPlayhead(segment) {
      playhead = Math.max(playhead, segment);
      changed();
    },
    setSynthRate() {
      // The audio is already made: a Speed change is all time-stretch in the player.
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      changed();
    },
    cancel() {
      controller.abort();
      changed();
      if (!consumed) settle.resolve('stopped');
    },
    done,
  };
}
