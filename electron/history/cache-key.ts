// The key under which identical requests share a saved reading.
import { createHash } from 'node:crypto';

/** Settings are canonicalised (sorted keys), so their order never matters. */
export function cacheKey(text: string, provider: string, voice: string, synthRate: number, settings: Record<string, unknown> = {}): string {
  return createHash('sha256').update(JSON.stringify([text, provider, voice, synthRate, canonical(settings)])).digest('hex');
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
