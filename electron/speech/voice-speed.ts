// Speed for one voice: the method chosen for it ('auto' resolved by the synthesizer's preference)
// and the rate to ask it for (shared/speed.ts splits the rest off for the player to time-stretch).
import { clampRate, splitSpeed, type SpeedMethod } from '../../shared/speed';
import type { Synthesizer } from './synthesizer';

export function resolveSpeedMethod(method: SpeedMethod, synth: Pick<Synthesizer, 'rate'>): 'stretch' | 'voice' {
  if (method !== 'auto') return method;
  return synth.rate?.auto ? 'voice' : 'stretch';
}

/** The rate to ask `synth` for so that, stretched by the player, `speed` is heard. */
export function synthRateFor(speed: number, method: SpeedMethod, synth: Pick<Synthesizer, 'rate'>): number {
  return splitSpeed(speed, resolveSpeedMethod(method, synth), synth.rate ?? null).synthRate;
}

/** `rate` brought into the voice's range (1 for a voice without a rate parameter). */
export function clampVoiceRate(rate: number, synth: Pick<Synthesizer, 'rate'>): number {
  return synth.rate ? clampRate(rate, synth.rate) : 1;
}
