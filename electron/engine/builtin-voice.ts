// The built-in offline voice: eSpeak NG (compiled to JavaScript by Emscripten, voice data shipped in
// the npm package) running in a worker thread. It streams PCM (Float32 mono, 22050 Hz) as the
// engine makes it, with word timings taken from the engine's own word events.
// Speed (test/bench/builtin-voice.bench.ts): first audio in tens of ms once warm, for any length of
// text; throughput ~35x real time on a loaded 2-core machine, but 4-6x the CPU of the native
// espeak-ng program, because this Emscripten build is JavaScript (WASM=0), not WebAssembly: the
// engine is ~90% of the worker's time (profiled), our conversion and messages ~7%. eSpeak NG compiled
// to real WebAssembly (espeak-ng@1.0.2, in the bench) takes ~1.35x native CPU fed our segments, word
// events included, but it is only the command-line program: one voice and rate per instance.
import type { Voice } from '../../shared/voice';
import { SynthesisError } from '../speech/synthesis-error';
import type { SynthesisPart, SynthesisRequest, Synthesizer } from '../speech/synthesizer';
import type { FromWorker, ToWorker } from './espeak-protocol';
import { streamJob, workerError } from './job-stream';
import { WorkerHost, type AbortRecord, type WorkerHostOptions } from './worker-host';
import type { WorkerMessage } from './worker-protocol';
import { ESPEAK_MAX_WPM, ESPEAK_MIN_WPM, ESPEAK_NORMAL_WPM, espeakWordsPerMinute } from './espeak-rate';
import { catalogVoices, type VoiceCatalog } from './voice-catalog';
import { messageOf } from '../../shared/ipc-error';

export const DEFAULT_BUILTIN_VOICE = 'en-us';
export const BUILTIN_SAMPLE_RATE = 22050;

export interface BuiltinVoiceOptions extends WorkerHostOptions {
  /** Audio per part after the first (which is sent as soon as the engine has any), in ms. */
  partMs?: number;
}

export interface BuiltinVoice extends Synthesizer {
  readonly provider: 'builtin';
  /** Loads the engine and runs it over some text so the first reading starts at full speed. */
  warmUp(): Promise<void>;
  /** Ends the worker; a later request starts a new one. */
  close(): Promise<void>;
  /** Worker starts and aborts so far, for tests and benchmarks. */
  readonly diagnostics: { readonly workerStarts: number; readonly aborts: readonly AbortRecord[] };
}

// Varied English (numbers, punctuation, long and short words) so every path of the engine is hot.
const WARM_UP_TEXT =
  'Good morning! The 3 quick brown foxes jumped over 12 lazy dogs, didn\'t they? ' +
  'On 4 July 1999, at 10:30, Dr. Smith paid $5.25 for a well-known book about extraordinary ' +
  'phenomena; nobody could explain it. Meanwhile, the committee reconsidered its recommendations.';
const WARM_UP_PASSES = 4;

export function createBuiltinVoice(options: BuiltinVoiceOptions = {}): BuiltinVoice {
  const host = new WorkerHost<ToWorker, Extract<FromWorker, { type: 'voices' }>>('espeak-worker', 'The eSpeak worker', options);
  const partMs = options.partMs ?? 500;
  let catalog: Promise<VoiceCatalog> | undefined;

  function voiceCatalog(): Promise<VoiceCatalog> {
    catalog ??= new Promise<VoiceCatalog>((resolve, reject) => {
      host.submit(
        { type: 'voices' },
        {
          message: (m) => (m.type === 'voices' ? resolve(catalogVoices(m.voices)) : reject(workerError('builtin', m as WorkerMessage))),
          failed: reject,
          aborted: () => reject(new Error('aborted')),
        },
      );
    }).catch((error: unknown) => {
      catalog = undefined;
      throw error;
    });
    return catalog;
  }

  async function* synthesize(request: SynthesisRequest): AsyncGenerator<SynthesisPart> {
    const { signal } = request;
    if (signal.aborted) return;
    let identifiers: Map<string, string>;
    try {
      ({ identifiers } = await untilAborted(voiceCatalog(), signal));
    } catch (error) {
      if (signal.aborted) return;
      throw asSynthesisError(error);
    }

    // eSpeak also knows voices by plain language names (en, fr): let it try those.
    const voice = identifiers.get(request.voice) ?? request.voice;
    yield* streamJob(host, { type: 'synth', text: request.text, voice, wpm: espeakWordsPerMinute(request.synthRate), partMs }, {
      signal,
      provider: 'builtin',
      sampleRate: () => host.sampleRate,
    });
  }

  return {
    provider: 'builtin',
    // About half a minute of speech: long enough for any ordinary sentence, short enough that a
    // cancel or a voice change never waits behind a long request.
    maxChars: 500,
    // Automatic speed uses eSpeak's own rate: it sounds cleaner than stretching (eSpeak shortens
    // pauses and phones as a speaker would), it is local and free, so a change mid-reading costs
    // only the next segment's synthesis. Past 80-450 wpm the player stretches the rest.
    rate: { min: ESPEAK_MIN_WPM / ESPEAK_NORMAL_WPM, max: ESPEAK_MAX_WPM / ESPEAK_NORMAL_WPM, auto: true },
    get diagnostics() {
      return { workerStarts: host.workerStarts, aborts: host.aborts };
    },
    async listVoices(signal?: AbortSignal): Promise<Voice[]> {
      const { voices } = await (signal ? untilAborted(voiceCatalog(), signal) : voiceCatalog());
      return voices.map((v) => ({ ...v, languages: [...v.languages] }));
    },
    synthesize,
    async warmUp(): Promise<void> {
      await voiceCatalog();
      await new Promise<void>((resolve, reject) => {
        host.submit(
          { type: 'warm', text: WARM_UP_TEXT, passes: WARM_UP_PASSES },
          { message: () => resolve(), failed: reject, aborted: resolve },
          { preemptible: true },
        );
      });
    },
    async close(): Promise<void> {
      catalog = undefined;
      await host.close();
    },
  };
}

/** The engine could not start (missing worker file, broken voice data): a failure of the voice. */
function asSynthesisError(error: unknown): SynthesisError {
  if (error instanceof SynthesisError) return error;
  const detail = messageOf(error);
  return new SynthesisError('builtin', 'server', `the eSpeak engine did not start: ${detail}`, { cause: error });
}



/** Resolves with `promise`, or rejects with an AbortError as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
