// The key under which identical requests share a saved reading.
import { createHash } from 'node:crypto';

/** The key last made: a reading's start looks its key up, then saves under it (one hash, not two, of a long text). */
let last: { text: string; rest: string; key: string } | null = null;

/**
 * Settings are canonicalised (sorted keys), so their order never matters. The text is hashed as it is,
 * after the rest: escaping a 2-million-character text into JSON first took 15-25 ms of the start, the
 * hash itself 1-6 ms. (Readings saved before this key have keys of another form: they are still
 * listed and played, but no longer stand in for a new reading of the same text.)
 */
export function cacheKey(text: string, provider: string, voice: string, synthRate: number, settings: Record<string, unknown> = {}): string {
  const rest = JSON.stringify([provider, voice, synthRate, canonical(settings)]);
  // The same string object compares at once; another string of equal text compares char by char, still far cheaper than hashing it.
  if (last && last.text === text && last.rest === rest) return last.key;
  const key = createHash('sha256').update(rest).update('\n').update(text).digest('hex');
  last = { text, rest, key };
  return key;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
