// The voices of the synthesizers readings may use now: one synthesizer per provider, each provider's
// list fetched once, and a voice key (`provider/id`) resolved to the synthesizer and id behind it. The
// reading service, the voice picker's samples, the per-paragraph voices and the voice choice by
// language all ask here, so a provider is listed once for all of them.
import type { Voice } from '../../shared/voice';
import { parseVoiceKey } from '../../shared/voice-key';
import type { Synthesizer } from '../speech/synthesizer';
import { ServiceError } from './service-error';

export interface ResolvedVoice {
  synthesizer: Synthesizer;
  id: string;
  /** The voice as its provider lists it; absent when the list could not be had. */
  voice?: Voice;
}

export interface VoiceDirectory {
  /** Every voice of every provider that answers (one unreachable provider hides only its own). */
  voices(): Promise<Voice[]>;
  /** The synthesizer and voice id behind a voice key. Rejects, in one sentence, a key no provider knows. */
  resolveVoice(key: string): Promise<ResolvedVoice>;
  /** The voices from now on (providers were added, changed or removed): every list is fetched anew. */
  setSynthesizers(synthesizers: readonly Synthesizer[]): void;
}

/** Throws when two synthesizers claim one provider (a voice key would be ambiguous). */
export function createVoiceDirectory(synthesizers: readonly Synthesizer[]): VoiceDirectory {
  let byProvider = providerMap(synthesizers);
  let lists = new Map<string, Promise<Voice[]>>();

  /** A provider's voices, fetched once; a failed fetch is forgotten so the next call retries. */
  function voicesOf(s: Synthesizer): Promise<Voice[]> {
    // The map of this generation: a fetch that fails after setSynthesizers must not touch the new one.
    const cache = lists;
    let list = cache.get(s.provider);
    if (!list) {
      list = s.listVoices();
      cache.set(s.provider, list);
      list.catch(() => cache.delete(s.provider));
    }
    return list;
  }

  return {
    async voices() {
      const all = await Promise.allSettled([...byProvider.values()].map(voicesOf));
      return all.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    },
    async resolveVoice(key) {
      const parsed = parseVoiceKey(key);
      if (!parsed) throw new ServiceError(`Voice '${key}' is not of the form provider/id (e.g. builtin/en-us).`);
      const synthesizer = byProvider.get(parsed.provider);
      if (!synthesizer) {
        const known = [...byProvider.keys()].join(', ') || 'none';
        throw new ServiceError(`No voice provider named '${parsed.provider}' (available: ${known}).`, 'not-found');
      }
      // Refuse a voice the provider does not list; if listing fails (offline), let synthesis decide.
      const voices = await voicesOf(synthesizer).catch(() => null);
      const listed = voices?.find((v) => v.id === parsed.id);
      if (voices && !listed) throw new ServiceError(`Provider '${parsed.provider}' has no voice '${parsed.id}'.`, 'not-found');
      return { synthesizer, id: parsed.id, ...(listed ? { voice: listed } : {}) };
    },
    setSynthesizers(next) {
      byProvider = providerMap(next);
      lists = new Map();
    },
  };
}

function providerMap(synthesizers: readonly Synthesizer[]): Map<string, Synthesizer> {
  const byProvider = new Map<string, Synthesizer>();
  for (const s of synthesizers) {
    if (byProvider.has(s.provider)) throw new Error(`Two synthesizers claim provider '${s.provider}'.`);
    byProvider.set(s.provider, s);
  }
  return byProvider;
}
