// One user-facing Speed (0.5-4x, pitch kept), made in one of two ways, chosen per voice:
// - 'stretch': the voice always speaks at its normal rate and the player time-stretches by Speed;
// - 'voice':   the voice's own rate parameter as far as its range goes, the rest time-stretched;
// - 'auto':    whichever the voice's synthesizer prefers (electron/speech/synthesizer.ts, VoiceRate).
// Each chunk carries the rate it was synthesized at (synthRate); the player stretches it by
// Speed / synthRate, so what is heard is always Speed and word times (in the chunk's own audio time)
// still place the highlight. No zod here: the player's worklet bundle imports this file.

export const SPEED_MIN = 0.5;
export const SPEED_MAX = 4;

export const SPEED_METHODS = ['auto', 'stretch', 'voice'] as const;
export type SpeedMethod = (typeof SPEED_METHODS)[number];

/** A voice's own rate parameter, as multiples of its normal rate. */
export interface RateRange {
  min: number;
  max: number;
}

export interface SpeedSplit {
  /** The rate to ask the voice for. */
  synthRate: number;
  /** The time-stretch factor the player applies on top (Speed / synthRate). */
  stretch: number;
}

export function clampSpeed(speed: number): number {
  return Number.isFinite(speed) ? Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed)) : 1;
}

/** `rate` brought into `range` (a nonsense rate to 1, then into the range). */
export function clampRate(rate: number, range: RateRange): number {
  return Math.min(range.max, Math.max(range.min, Number.isFinite(rate) ? rate : 1));
}

/**
 * How `speed` is made with `method` ('auto' already resolved) for a voice whose rate parameter spans
 * `range` (null: it has none, so everything is time-stretched).
 */
export function splitSpeed(speed: number, method: Exclude<SpeedMethod, 'auto'>, range: RateRange | null): SpeedSplit {
  const s = clampSpeed(speed);
  if (method === 'stretch' || !range) return { synthRate: 1, stretch: s };
  const synthRate = clampRate(s, range);
  return { synthRate, stretch: s / synthRate };
}

/** The stretch that makes audio synthesized at `synthRate` heard at `speed` (absent synthRate: 1). */
export function stretchFor(speed: number, synthRate: number | undefined): number {
  const r = synthRate !== undefined && Number.isFinite(synthRate) && synthRate > 0 ? synthRate : 1;
  const factor = clampSpeed(speed) / r;
  // Rounding noise must not send 1x audio through the stretcher.
  return Math.abs(factor - 1) < 1e-9 ? 1 : factor;
}
