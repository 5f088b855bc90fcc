// A Synthesizer whose behaviour a test scripts: a short PCM tone per request, word timings spread
// evenly over it, and an optional failure on the n-th request. It records every request it receives.
import type { WordTiming } from '../../shared/chunk';
import type { Voice } from '../../shared/voice';
import { SynthesisError, type SynthesisErrorKind } from '../../electron/speech/synthesis-error';
import type { SynthesisPart, SynthesisRequest, Synthesizer, VoiceRate } from '../../electron/speech/synthesizer';

export interface ScriptedSynthesizerOptions {
  provider?: string;
  voices?: string[];
  maxChars?: number;
  sampleRate?: number;
  /** Milliseconds of audio per word. */
  msPerWord?: number;
  /** Throw a SynthesisError of this kind on the request with this index (0-based). */
  failOn?: { request: number; kind: SynthesisErrorKind; detail?: string };
  /** listVoices rejects, as an unreachable provider does. */
  listFails?: boolean;
  /** The voice's own rate parameter; absent: Speed is all time-stretch, as for a voice without one. */
  rate?: VoiceRate;
}

export interface ScriptedSynthesizer extends Synthesizer {
  readonly requests: SynthesisRequest[];
}

export function createScriptedSynthesizer(opts: ScriptedSynthesizerOptions = {}): ScriptedSynthesizer {
  const provider = opts.provider ?? 'scripted';
  const sampleRate = opts.sampleRate ?? 16000;
  const msPerWord = opts.msPerWord ?? 50;
  const requests: SynthesisRequest[] = [];
  return {
    provider,
    maxChars: opts.maxChars ?? 200,
    ...(opts.rate ? { rate: opts.rate } : {}),
    requests,
    async listVoices(): Promise<Voice[]> {
      if (opts.listFails) throw new SynthesisError(provider, 'network', 'connection refused');
      return (opts.voices ?? ['alpha']).map((id) => ({ id, provider, name: id, languages: ['en'] }));
    },
    async *synthesize(request: SynthesisRequest): AsyncIterable<SynthesisPart> {
      const index = requests.push(request) - 1;
      if (opts.failOn?.request === index) throw new SynthesisError(provider, opts.failOn.kind, opts.failOn.detail ?? 'scripted failure');
      const words: WordTiming[] = [];
      for (const m of request.text.matchAll(/\S+/g)) {
        const startMs = words.length * msPerWord;
        words.push({ text: m[0], charStart: m.index, charEnd: m.index + m[0].length, startMs, endMs: startMs + msPerWord });
      }
      const samples = new Float32Array(Math.round((Math.max(1, words.length) * msPerWord * sampleRate) / 1000));
      for (let i = 0; i < samples.length; i++) samples[i] = 0.2 * Math.sin((2 * Math.PI * 440 * i) / sampleRate);
      await new Promise((r) => setImmediate(r));
      if (request.signal.aborted) return;
      yield { audio: { kind: 'pcm', sampleRate, channels: 1, samples }, words };
    },
  };
}
