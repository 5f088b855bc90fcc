// Every voice a person can choose, by provider: the built-in voice, the natural voices installed here,
// and each cloud provider's voices as its settings stand, with why a provider offers none (no key, a
// refused key, unreachable). Settings' voice list and the reader's voice picker both show these.
import type { ProviderView } from '../../../shared/settings-ipc';
import type { Voice } from '../../../shared/voice';
import type { AloudClient } from './aloud-client';
import { messageOf } from '../../../shared/ipc-error';

export type VoiceKind = 'builtin' | 'natural' | 'cloud';

export interface VoiceGroup {
  /** The provider's id ('builtin', 'piper', 'inworld-2'). */
  provider: string;
  /** Its name, as the person reads it. */
  label: string;
  kind: VoiceKind;
  voices: Voice[];
  /** Why this provider's voices cannot be used now, in one sentence; null when they can. */
  problem: string | null;
}

export async function loadVoiceChoices(aloud: AloudClient, providers: readonly ProviderView[]): Promise<VoiceGroup[]> {
  const local = await aloud.voices.list();
  const groups: VoiceGroup[] = [{ provider: 'builtin', label: 'Built-in voice', kind: 'builtin', voices: local.filter((v) => v.provider === 'builtin'), problem: null }];
  for (const [provider, label] of [['kokoro', 'Kokoro'], ['piper', 'Piper']] as const) {
    const natural = local.filter((v) => v.provider === provider);
    if (natural.length > 0) groups.push({ provider, label, kind: 'natural', voices: natural, problem: null });
  }
  const cloud = await Promise.all(
    providers.map(async (p): Promise<VoiceGroup> => {
      const group = { provider: p.id, label: p.name, kind: 'cloud' as const };
      if (p.check && !p.check.ok) return { ...group, voices: [], problem: p.check.message };
      try {
        const got = await aloud.settings.providerVoices({ id: p.id });
        return { ...group, voices: got.voices, problem: got.voices.length === 0 ? (got.error ?? `${p.name} lists no voices.`) : null };
      } catch (err) {
        return { ...group, voices: [], problem: messageOf(err) };
      }
    }),
  );
  return [...groups, ...cloud];
}
