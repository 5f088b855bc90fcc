// Voice lists change rarely and some are large (the AI TTS list is about 3 MB), so each provider
// entry's list is kept in a JSON file with the time it was fetched. A list older than maxAgeMs is
// fetched again; if that fails, the old list is still given, marked stale, with the error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { voiceSchema, type Voice } from '../../shared/voice';
import { SynthesisError } from '../speech/synthesis-error';
import { writeAtomically } from './settings-store';

const fileSchema = z.record(z.string(), z.object({ fetchedAt: z.number(), voices: z.array(voiceSchema) }));

export interface CachedVoices {
  voices: Voice[];
  fetchedAt: number;
  ageMs: number;
  /** The list is older than maxAgeMs because refreshing it failed (see error). */
  stale: boolean;
  error?: SynthesisError;
}

export interface VoiceCache {
  /** The entry's voices: cached if fresh (or refresh is false), else fetched and stored. */
  get(entryId: string, fetch: () => Promise<Voice[]>, opts?: { refresh?: boolean }): Promise<CachedVoices>;
  forget(entryId: string): void;
}

export const DEFAULT_VOICE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function openVoiceCache(dir: string, opts: { maxAgeMs?: number; now?: () => number; fileName?: string } = {}): VoiceCache {
  const path = join(dir, opts.fileName ?? 'voice-cache.json');
  const maxAge = opts.maxAgeMs ?? DEFAULT_VOICE_MAX_AGE_MS;
  const now = opts.now ?? Date.now;
  let data: z.infer<typeof fileSchema> = {};
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    // A bad cache is only a cache: start empty, it will be fetched again.
    if (parsed.success) data = parsed.data;
  } catch {
    data = {};
  }
  const save = (): void => writeAtomically(path, JSON.stringify(data));
  const inflight = new Map<string, Promise<CachedVoices>>();

  return {
    async get(entryId, fetch, { refresh = false } = {}) {
      const hit = data[entryId];
      if (hit && !refresh && now() - hit.fetchedAt < maxAge) return { voices: hit.voices, fetchedAt: hit.fetchedAt, ageMs: now() - hit.fetchedAt, stale: false };
      // Two windows asking at once share one request.
      const running = inflight.get(entryId);
      if (running) return running;
      const p = (async (): Promise<CachedVoices> => {
        try {
          const voices = await fetch();
          const fetchedAt = now();
          data[entryId] = { fetchedAt, voices };
          save();
          return { voices, fetchedAt, ageMs: 0, stale: false };
        } catch (err) {
          if (!hit || !(err instanceof SynthesisError)) throw err;
          return { voices: hit.voices, fetchedAt: hit.fetchedAt, ageMs: now() - hit.fetchedAt, stale: true, error: err };
        } finally {
          inflight.delete(entryId);
        }
      })();
      inflight.set(entryId, p);
      return p;
    },
    forget(entryId) {
      if (!(entryId in data)) return;
      delete data[entryId];
      save();
    },
  };
}
