// What the Voice button says: the voice heard, and why it is not the one chosen ("Built-in voice · French
// (France) — French, chosen by language"), else the chosen voice. Honest by construction: it names the
// voice main said reads now (use-spoken-voice.ts), not the setting.
import type { VoiceNames } from '../app/voice-names';
import type { SpokenVoice } from './use-spoken-voice';

/** `chosen`: the reading voice (the settings'), null until known; `spoken`: the reading's, null or ended when none plays. */
export function voiceLabel(names: VoiceNames, chosen: string | null, spoken: SpokenVoice | null, languageName: (code: string) => string): string {
  if (spoken?.readingId && spoken.voice !== chosen) {
    const name = names.voice(spoken.voice);
    if (spoken.standingInFor) return `${name} — standing in for ${names.voice(spoken.standingInFor)}`;
    if (spoken.byLanguage && spoken.language) return `${name} — ${languageName(spoken.language)}, chosen by language`;
    return name;
  }
  return chosen ? names.voice(chosen) : 'Voice';
}
