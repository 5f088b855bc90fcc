// How much audio to gather before playing (and before playing on after an underrun), from how fast
// synthesis has been delivering, for every voice, word timings or not. If the voice delivers s
// seconds of audio per second, playback at speed p uses p seconds of audio per second, and R
// seconds remain to be synthesized, playback that starts with B seconds buffered never runs dry
// when B >= R * (p/s - 1). A voice that delivers at least as fast as it is played needs only a
// little jitter cover, so it starts at once; a slow or busy one gets a longer start instead of a
// stutter. R comes from how much of the text the received words cover, or, before any word has
// come (voices whose timings are estimated send their words at the end of each segment), from a
// generous guess of how long the whole text takes to say.

export const MIN_BUFFER_SECONDS = 0.2;
export const MAX_BUFFER_SECONDS = 4;
/** Margin on the estimate: delivery speed varies from segment to segment. */
const SAFETY = 1.3;
/** Slow speech: about 10 characters a second in alphabetic scripts, 3 a second in CJK ones. */
const GUESS_SECONDS_PER_CHAR = 0.1;
const GUESS_SECONDS_PER_CJK_CHAR = 0.33;

export interface DeliveryProgress {
  /** Seconds of audio received so far. */
  receivedSeconds: number;
  /** Seconds since the reading started (so the first request's latency counts as slow delivery). */
  elapsedSeconds: number;
  /** How much of the reading's text the received words reach, 0..1; 0 when no word has come yet. */
  textFraction: number;
  /** Seconds the whole reading may last (spokenSecondsGuess), used while no word has come. */
  guessedSeconds: number;
  /** How fast the player plays (its time-stretch); 1 when absent. */
  playbackSpeed?: number;
}

export function bufferSecondsFor({ receivedSeconds, elapsedSeconds, textFraction, guessedSeconds, playbackSpeed = 1 }: DeliveryProgress): number {
  if (receivedSeconds <= 0) return MAX_BUFFER_SECONDS;
  if (textFraction >= 1) return MIN_BUFFER_SECONDS;
  const speed = receivedSeconds / Math.max(elapsedSeconds, 1e-3);
  if (speed >= playbackSpeed) return MIN_BUFFER_SECONDS;
  const remaining = textFraction > 0 ? (receivedSeconds / textFraction) * (1 - textFraction) : Math.max(0, guessedSeconds - receivedSeconds);
  const need = remaining * (playbackSpeed / speed - 1) * SAFETY;
  return Math.min(MAX_BUFFER_SECONDS, Math.max(MIN_BUFFER_SECONDS, need));
}

/** A generous guess (slow speech, normal rate) of how many seconds `text` takes to say. */
export function spokenSecondsGuess(text: string): number {
  const cjk = text.replace(/[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu, '').length;
  return (text.length - cjk) * GUESS_SECONDS_PER_CHAR + cjk * GUESS_SECONDS_PER_CJK_CHAR;
}
