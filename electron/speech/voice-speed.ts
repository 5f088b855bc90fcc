// Speed for one voice: the method chosen for it ('auto' resolved by the synthesizer's preference)
// and the rate to ask it for (shared/speed.ts splits the rest off for the player to time-stretch).
import { clampRate, splitSpeed, type SpeedMethod } from '../../shared/speed';
import type { Synthesizer, VoiceRate } from './synthesizer';

type RateSource = Pick<Synthesizer, 'rate' | 'rateOf'>;

/** The rate parameter of `voice`: its own where the synthesizer's voices differ, else the synthesizer's. */
export function voiceRate(synth: RateSource, voice: string): VoiceRate | undefined {
  return synth.rateOf ? synth.rateOf(voice) : synth.rate;
}

export function resolveSpeedMethod(method: SpeedMethod, synth: RateSource, voice: string): 'stretch' | 'voice' {
  if (method !== 'auto') return method;
  return voiceRate(synth, voice)?.auto ? 'voice' : 'stretch';
}

/** The rate to ask `synth` for `voice` so that, stretched by the player, `speed` is heard. */
export function synthRateFor(speed: number, method: SpeedMethod, synth: RateSource, voice: string): number {
  return splitSpeed(speed, resolveSpeedMethod(method, synth, voice), voiceRate(synth, voice) ?? null).synthRate;
}

/** `rate` brought into the voice's range (1 for a voice without a rate parameter). */
export function clampVoiceRate(rate: number, synth: RateSource, voice: string): number {
  const range = voiceRate(synth, voice);
  return range ? clampRate(rate, range) : 1;
}
