// A deterministic Synthesizer for pipeline tests: every word of the request becomes a tone of
// msPerChar per character (then a silence of msPerChar), sent a few words per part with exact word
// timings, as PCM (8 kHz, so the times are whole samples) or as "encoded" bytes with durationMs.
// Tests can hold a part (await a promise), inject a failure before a part, and read back every
// request with what happened to its signal.
import type { WordTiming } from '../../shared/chunk';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer, VoiceRate } from '../../electron/speech/synthesizer';

export interface PartContext {
  /** Index of the request, from 0, over the synthesizer's life. */
  request: number;
  /** Index of the part about to be sent within the request. */
  part: number;
  text: string;
  signal: AbortSignal;
}

export interface ToneSynthesizerOptions {
  provider?: string;
  maxChars?: number;
  voices?: string[];
  sampleRate?: number;
  msPerChar?: number;
  wordsPerPart?: number;
  /** Send encoded audio (the PCM's bytes, labelled audio/x-test) with durationMs instead of PCM. */
  encoded?: boolean;
  /** Report no word timings at all. */
  withoutWords?: boolean;
  /** Runs before each part: throw to fail the request there, return a promise to hold it. */
  beforePart?: (ctx: PartContext) => void | Promise<void>;
  /** listVoices rejects, as an unreachable provider does. */
  listFails?: boolean;
  /** Resolves a synthesize() call's waits only when its signal aborts, like a hung provider. */
  ignoreAbort?: boolean;
  /** The rate parameter it takes (tones shorten with it); default 0.25-4, used by Automatic speed; null: none. */
  rate?: VoiceRate | null;
}

export interface RecordedRequest {
  text: string;
  voice: string;
  synthRate: number;
  signal: AbortSignal;
  partsSent: number;
  /** The signal was aborted while this request was running. */
  sawAbort: boolean;
  completed: boolean;
}

export interface ToneSynthesizer extends Synthesizer {
  readonly requests: RecordedRequest[];
  /** Resolves when the request with this index starts. */
  requestStarted(index: number): Promise<RecordedRequest>;
}

/** The words a ToneSynthesizer speaks in a text: maximal runs of non-space characters. */
export function toneWords(text: string): Array<{ text: string; start: number; end: number }> {
  return [...text.matchAll(/\S+/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

export function createToneSynthesizer(opts: ToneSynthesizerOptions = {}): ToneSynthesizer {
  const provider = opts.provider ?? 'tone';
  const sampleRate = opts.sampleRate ?? 8000;
  const msPerChar = opts.msPerChar ?? 10;
  const wordsPerPart = opts.wordsPerPart ?? 2;
  const requests: RecordedRequest[] = [];
  const startWaiters = new Map<number, Array<(r: RecordedRequest) => void>>();

  async function* synthesize(request: SynthesisRequest): AsyncGenerator<SynthesisPart> {
    const index = requests.length;
    const record: RecordedRequest = {
      text: request.text,
      voice: request.voice,
      synthRate: request.synthRate,
      signal: request.signal,
      partsSent: 0,
      sawAbort: request.signal.aborted,
      completed: false,
    };
    requests.push(record);
    request.signal.addEventListener('abort', () => (record.sawAbort ||= !record.completed), { once: true });
    for (const wake of startWaiters.get(index) ?? []) wake(record);
    startWaiters.delete(index);

    const words = toneWords(request.text);
    const msPerCharAtRate = msPerChar / request.synthRate;
    let clockMs = 0;
    for (let first = 0, part = 0; first < words.length; first += wordsPerPart, part++) {
      if (opts.beforePart) {
        const hold = opts.beforePart({ request: index, part, text: request.text, signal: request.signal });
        if (hold) await (opts.ignoreAbort ? hold : untilAborted(hold, request.signal));
      }
      await new Promise((resolve) => setImmediate(resolve)); // parts arrive over time, as from a stream
      if (request.signal.aborted) throw new DOMException('The synthesis was aborted.', 'AbortError');

      const timings: WordTiming[] = [];
      const partStartMs = clockMs;
      for (const w of words.slice(first, first + wordsPerPart)) {
        const startMs = clockMs;
        const endMs = startMs + w.text.length * msPerCharAtRate;
        timings.push({ text: w.text, charStart: w.start, charEnd: w.end, startMs, endMs });
        clockMs = endMs + msPerCharAtRate;
      }
      const samples = tone(Math.round(((clockMs - partStartMs) * sampleRate) / 1000), sampleRate, index);
      record.partsSent += 1;
      const wordsOut = opts.withoutWords ? [] : timings;
      if (opts.encoded) {
        const bytes = new Uint8Array(samples.buffer.slice(0));
        yield { audio: { kind: 'encoded', mime: 'audio/x-test', bytes }, words: wordsOut, durationMs: clockMs - partStartMs };
      } else {
        yield { audio: { kind: 'pcm', sampleRate, channels: 1, samples }, words: wordsOut };
      }
    }
    record.completed = true;
  }

  return {
    provider,
    maxChars: opts.maxChars ?? 200,
    ...(opts.rate === null ? {} : { rate: opts.rate ?? { min: 0.25, max: 4, auto: true } }),
    requests,
    requestStarted(index) {
      const existing = requests[index];
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => startWaiters.set(index, [...(startWaiters.get(index) ?? []), resolve]));
    },
    async listVoices(): Promise<Voice[]> {
      if (opts.listFails) throw new Error(`${provider} cannot list its voices`);
      return (opts.voices ?? [`${provider}-voice`]).map((id) => ({ id, provider, name: id, languages: ['en'] }));
    },
    synthesize,
  };
}

/** A tone whose pitch tells requests apart. */
function tone(length: number, sampleRate: number, request: number): Float32Array<ArrayBuffer> {
  const samples = new Float32Array(length);
  const hz = 220 + 20 * (request % 20);
  for (let i = 0; i < length; i++) samples[i] = 0.25 * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  return samples;
}

function untilAborted(hold: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
    hold.then(resolve, reject);
  });
}
