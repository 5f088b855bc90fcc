// eSpeak's voice list as Aloud voices: the id is the voice's own language name (en-us, fr-fr, ...),
// which is what users and the settings know eSpeak voices by; languages are BCP-47 tags.
import type { Voice } from '../../shared/voice';
import type { EngineVoice } from './espeak-protocol';

export interface VoiceCatalog {
  voices: Voice[];
  /** Aloud voice id -> what eSpeak's set_voice takes. */
  identifiers: Map<string, string>;
}

/** eSpeak language name -> canonical BCP-47, dropping subtags BCP-47 does not allow (en-us-nyc -> en-US). */
export function bcp47(espeakLanguage: string): string | undefined {
  const parts = espeakLanguage.split('-');
  for (let n = parts.length; n > 0; n--) {
    try {
      return Intl.getCanonicalLocales(parts.slice(0, n).join('-'))[0];
    } catch {
      // not a valid tag yet: drop the last subtag
    }
  }
  return undefined;
}

export function catalogVoices(entries: readonly EngineVoice[]): VoiceCatalog {
  const voices: Voice[] = [];
  const identifiers = new Map<string, string>();
  for (const entry of entries) {
    const first = entry.languages[0];
    const id = first && !identifiers.has(first) ? first : entry.identifier;
    if (identifiers.has(id)) continue;
    identifiers.set(id, entry.identifier);
    const languages = [...new Set(entry.languages.map(bcp47).filter((tag): tag is string => !!tag))];
    // A language BCP-47 has no code for (eSpeak's Klingon, piqd) still gets a valid private-use tag.
    if (languages.length === 0 && first) languages.push(`und-x-${first.replace(/[^a-z0-9]/gi, '').slice(0, 8)}`);
    voices.push({ id, provider: 'builtin', name: entry.name, languages });
  }
  return { voices, identifiers };
}
