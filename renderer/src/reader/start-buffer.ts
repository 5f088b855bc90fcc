// How much audio to gather before playing (and before playing on after an underrun), from how fast
// synthesis has been delivering. If the voice delivers s seconds of audio per second and R seconds
// remain to be synthesized, playback that starts with B seconds buffered never runs dry when
// B >= R * (1/s - 1). A fast voice (s >= 1) needs only a little jitter cover; a slow or busy one
// gets a longer start instead of a stutter. R is estimated from how much of the text the words
// received so far cover.

export const MIN_BUFFER_SECONDS = 0.2;
export const MAX_BUFFER_SECONDS = 4;
/** Margin on the estimate: delivery speed varies from segment to segment. */
const SAFETY = 1.3;

export interface DeliveryProgress {
  /** Seconds of audio received so far. */
  receivedSeconds: number;
  /** Seconds since the reading started. */
  elapsedSeconds: number;
  /** How much of the text the received words reach, 0..1; 0 when no word has come yet. */
  textFraction: number;
}

export function bufferSecondsFor({ receivedSeconds, elapsedSeconds, textFraction }: DeliveryProgress): number {
  if (textFraction <= 0 || receivedSeconds <= 0) return MAX_BUFFER_SECONDS;
  if (textFraction >= 1) return MIN_BUFFER_SECONDS;
  const speed = receivedSeconds / Math.max(elapsedSeconds, 1e-3);
  const remaining = (receivedSeconds / textFraction) * (1 - textFraction);
  const need = speed >= 1 ? 0 : remaining * (1 / speed - 1) * SAFETY;
  return Math.min(MAX_BUFFER_SECONDS, Math.max(MIN_BUFFER_SECONDS, need));
}
