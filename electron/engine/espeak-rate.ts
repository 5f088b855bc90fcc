// eSpeak NG speaks at a words-per-minute rate; Aloud speaks at a multiple of the voice's normal rate.
// eSpeak's own range is 80..450 wpm: the rest of a requested rate is left for the player to
// time-stretch (see residualRate).

export const ESPEAK_NORMAL_WPM = 175;
export const ESPEAK_MIN_WPM = 80;
export const ESPEAK_MAX_WPM = 450;

/** The eSpeak rate closest to `rate` times normal speed. */
export function espeakWordsPerMinute(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) return ESPEAK_NORMAL_WPM;
  return Math.min(ESPEAK_MAX_WPM, Math.max(ESPEAK_MIN_WPM, Math.round(rate * ESPEAK_NORMAL_WPM)));
}

/** How much faster (>1) or slower (<1) than eSpeak's clamped rate the audio must still be played. */
export function residualRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) return 1;
  const residual = (rate * ESPEAK_NORMAL_WPM) / espeakWordsPerMinute(rate);
  // Rounding to whole wpm leaves < 0.6% behind: not worth a time-stretch stage.
  return Math.abs(residual - 1) < 0.01 ? 1 : residual;
}
