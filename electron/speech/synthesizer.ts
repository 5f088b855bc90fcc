// The one interface every voice implements: the built-in voice and every cloud provider adapter.
import type { AudioPayload, WordTiming } from '../../shared/chunk';
import type { RateRange } from '../../shared/speed';
import type { Voice } from '../../shared/voice';

export interface SynthesisRequest {
  /** One segment of cleaned text, never longer than the synthesizer's maxChars. */
  text: string;
  voice: string;
  /** Multiple of the voice's normal rate, within the synthesizer's `rate` range (1 when it has none). */
  synthRate: number;
  /** Aborting stops synthesis at once; the iterator then ends (or throws an AbortError). */
  signal: AbortSignal;
}

export interface SynthesisPart {
  audio: AudioPayload;
  /**
   * Words whose audio is in this part or was in an earlier part of the same request.
   * charStart/charEnd index into SynthesisRequest.text; times are ms from the start of the
   * request's audio (not of this part).
   */
  words: WordTiming[];
  /** Duration of this part's audio in ms. Required for encoded audio; derived for PCM. */
  durationMs?: number;
}

export interface Synthesizer {
  /** 'builtin', 'inworld', 'together', ... */
  readonly provider: string;
  /** Longest text one request may carry, in characters. */
  readonly maxChars: number;
  /** The voice's own rate parameter; absent when it has none (Speed is then all time-stretch). */
  readonly rate?: VoiceRate;
  /**
   * Where the provider's voices differ: one voice's rate parameter (undefined: it has none, and is
   * asked for 1), in place of `rate`. Answers from what listVoices learnt, synchronously.
   */
  rateOf?(voice: string): VoiceRate | undefined;
  listVoices(signal?: AbortSignal): Promise<Voice[]>;
  synthesize(request: SynthesisRequest): AsyncIterable<SynthesisPart>;
}

export interface VoiceRate extends RateRange {
  /**
   * What Speed 'auto' uses for this voice: its own rate (true) or time-stretch (false). Cloud voices
   * stretch: a rate change costs a new paid synthesis of what is not yet heard, a clip saved at 1x
   * replays at any Speed, and most ranges are narrow. Each synthesizer says why beside its value.
   */
  auto: boolean;
}
