// Voice keys, in a module of their own without zod, so the command line starts without loading it.
import type { Voice } from './voice';

/**
 * How a voice is named across the app (IPC `voice` arguments, the `reading:started` event, the CLI's
 * --voice, settings): `${provider}/${id}`, e.g. `builtin/en-us`. Provider names never contain '/', so
 * the key splits at its first '/' and a provider's own ids may contain anything (even '/').
 */
export function voiceKey(voice: Pick<Voice, 'provider' | 'id'>): string {
  return `${voice.provider}/${voice.id}`;
}

/** The provider and provider-local id of a voice key, or null when the key is malformed. */
export function parseVoiceKey(key: string): { provider: string; id: string } | null {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return null;
  return { provider: key.slice(0, slash), id: key.slice(slash + 1) };
}
