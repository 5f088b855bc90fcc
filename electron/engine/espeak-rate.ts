// eSpeak NG speaks at a words-per-minute rate; Aloud speaks at a multiple of the voice's normal rate.
// eSpeak's own range is 80..450 wpm (the built-in voice's VoiceRate): the rest of a Speed past it is
// time-stretched by the player (shared/speed.ts splits it).

export const ESPEAK_NORMAL_WPM = 175;
export const ESPEAK_MIN_WPM = 80;
export const ESPEAK_MAX_WPM = 450;

/** The eSpeak rate closest to `rate` times normal speed. */
export function espeakWordsPerMinute(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) return ESPEAK_NORMAL_WPM;
  return Math.min(ESPEAK_MAX_WPM, Math.max(ESPEAK_MIN_WPM, Math.round(rate * ESPEAK_NORMAL_WPM)));
}
