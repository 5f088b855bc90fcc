// Names, never ids, wherever a person reads a voice or a provider: 'inworld-2/Dennis' is read as
// 'Work Inworld · Dennis' (the provider's own name from Settings), 'builtin/en-us' as 'Built-in voice
// · English (America)'. Until the lists arrive (or for a provider since removed) the kind's display
// name stands in, never the id.
import { useEffect, useMemo, useState } from 'react';
import { providerDisplayName } from '../../../shared/provider-names';
import type { Voice } from '../../../shared/voice';
import { useAloud } from './aloud-client';

export interface ProviderRef {
  id: string;
  name: string;
  kind: string;
}

export interface VoiceNames {
  /** 'inworld-2' -> 'Work Inworld'. */
  provider(id: string): string;
  /** 'inworld-2/Dennis' or ('inworld-2', 'Dennis') -> 'Work Inworld · Dennis'. */
  voice(keyOrProvider: string, id?: string): string;
  /** The voice's own name ('en-us' -> 'English (America)'), from `provider` or, without one, any provider. */
  voiceOnly(id: string, provider?: string): string;
}

export function voiceNames(voices: readonly Voice[], providers: readonly ProviderRef[]): VoiceNames {
  const provider = (id: string): string => {
    if (id === 'builtin') return 'Built-in voice';
    const entry = providers.find((p) => p.id === id);
    if (entry) return entry.name;
    // A provider entry's id is its kind, with '-2', '-3' for a second and third of the same kind.
    const kind = id.replace(/-\d+$/, '');
    const known = providerDisplayName(kind);
    return known === kind ? 'A removed provider' : known.replace(/^The /, '');
  };
  const voiceOnly = (id: string, p?: string): string => voices.find((x) => x.id === id && (p === undefined || x.provider === p))?.name || id;
  return {
    provider,
    voiceOnly,
    voice(keyOrProvider, id) {
      let p = keyOrProvider;
      let v = id;
      if (v === undefined) {
        const slash = keyOrProvider.indexOf('/');
        if (slash < 0) return keyOrProvider;
        p = keyOrProvider.slice(0, slash);
        v = keyOrProvider.slice(slash + 1);
      }
      return `${provider(p)} · ${voiceOnly(v, p)}`;
    },
  };
}

/** The names as they stand: loaded once per view, again when `refreshKey` changes. */
export function useVoiceNames(refreshKey: unknown = null): VoiceNames {
  const aloud = useAloud();
  const [voices, setVoices] = useState<Voice[]>([]);
  const [providers, setProviders] = useState<ProviderRef[]>([]);
  useEffect(() => {
    let live = true;
    aloud.voices.list().then((v) => live && setVoices(v), () => undefined);
    aloud.settings.get().then((s) => live && setProviders(s.providers), () => undefined);
    return () => {
      live = false;
    };
  }, [aloud, refreshKey]);
  return useMemo(() => voiceNames(voices, providers), [voices, providers]);
}
