// The natural offline voices (Piper), behind the same Synthesizer port as every other voice: the
// voices installed under the data folder, spoken by onnxruntime-node in a worker thread, with word
// timings taken from the model's own alignment output (natural-voice-worker.ts).
// A voice id is the catalogue key (en_US-lessac-medium); each speaker of a multi-speaker voice is a
// voice of its own, KEY#SPEAKER (en_US-libritts-high#p123).
import type { Voice } from '../../shared/voice';
import { SynthesisError } from '../speech/synthesis-error';
import type { SynthesisPart, SynthesisRequest, Synthesizer } from '../speech/synthesizer';
import { listInstalledVoices, type InstalledPiperVoice } from './installed-voices';
import { PIPER_PROVIDER } from './natural-voice-providers';
import { streamJob } from './job-stream';
import type { NaturalVoiceModel, ToNaturalVoiceWorker } from './natural-voice-protocol';
import { WorkerHost, type WorkerHostOptions } from './worker-host';


export interface PiperVoicesOptions extends WorkerHostOptions {
  /** <data>/voices (installed-voices.ts). */
  folder: string;
  /** The worker to run on, shared with the Kokoro voices (createNaturalVoiceHost); by default one of its own. */
  host?: NaturalVoiceHost;
}

export type NaturalVoiceHost = WorkerHost<ToNaturalVoiceWorker>;

/** The natural voices' worker: one for both families, so only one model is in memory at a time. */
export function createNaturalVoiceHost(options: WorkerHostOptions = {}): NaturalVoiceHost {
  return new WorkerHost<ToNaturalVoiceWorker>('natural-voice-worker', 'The natural voices\' worker', {
    // A run of the model cannot be interrupted; a long one is cut short by replacing the worker.
    abortGraceMs: 1500,
    // onnxruntime-node registers itself only when its library is first loaded: once the only worker
    // holding it has ended, a new worker cannot load it ("Module did not self-register"). Held here in
    // the main thread too, it stays registered for every worker to come.
    beforeFirstStart: () => import('onnxruntime-node'),
    retireBusyWorkers: true,
    ...options,
  });
}

export interface PiperVoices extends Synthesizer {
  readonly provider: typeof PIPER_PROVIDER;
  /** Loads a voice's model and runs it once, so its first reading starts at full speed. */
  warmUp(voiceId: string): Promise<void>;
  /** Ends the worker; a later request starts a new one. */
  close(): Promise<void>;
}

// Varied English (numbers, punctuation, long and short words), as the built-in voice warms up on.
export const WARM_UP_TEXT = 'Good morning! The 3 quick brown foxes jumped over 12 lazy dogs, didn\'t they? On 4 July 1999, Dr. Smith paid $5.25 for a well-known book.';

/** A Piper dataset and quality as a person reads them: libritts_r, medium -> Libritts R (medium). */
export function datasetName(dataset: string, quality: string | undefined): string {
  const title = dataset.replace(/[_-]+/g, ' ').replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
  return `${title}${quality ? ` (${quality.replace(/_/g, ' ')})` : ''}`;
}

/** en_US-lessac-medium -> Lessac (medium); the speaker, when there are several, after a comma. */
export function piperVoiceName(voice: InstalledPiperVoice, speaker?: string): string {
  const parts = voice.key.split('-');
  const name = datasetName(voice.config.dataset ?? parts[1] ?? voice.key, voice.config.quality ?? parts[2]);
  return `${name}${speaker ? `, ${speaker}` : ''}`;
}

/** The Piper voices among the installed ones. */
export function piperVoices(installed: ReturnType<typeof listInstalledVoices>['voices']): InstalledPiperVoice[] {
  return installed.filter((v): v is InstalledPiperVoice => v.family === 'piper');
}

export function piperVoiceList(installed: readonly InstalledPiperVoice[]): Voice[] {
  const voices: Voice[] = [];
  for (const v of installed) {
    const languages = v.config.language ? [v.config.language] : [];
    if (v.config.speakers.size === 0) voices.push({ id: v.key, provider: PIPER_PROVIDER, name: piperVoiceName(v), languages });
    for (const speaker of v.config.speakers.keys()) {
      voices.push({ id: `${v.key}#${speaker}`, provider: PIPER_PROVIDER, name: piperVoiceName(v, speaker), languages });
    }
  }
  return voices;
}

export function createPiperVoices(options: PiperVoicesOptions): PiperVoices {
  const host = options.host ?? createNaturalVoiceHost(options);

  /** The installed voice and speaker an id names (read afresh: voices come and go). */
  function resolve(id: string): { voice: InstalledPiperVoice; speakerId: number | undefined } {
    const hash = id.indexOf('#');
    const key = hash < 0 ? id : id.slice(0, hash);
    const voice = piperVoices(listInstalledVoices(options.folder).voices).find((v) => v.key === key);
    if (!voice) throw new SynthesisError(PIPER_PROVIDER, 'unknown-voice', `the voice '${key}' is not installed`);
    if (hash < 0) return { voice, speakerId: voice.config.speakers.size > 0 ? voice.config.defaultSpeakerId : undefined };
    const speakerId = voice.config.speakers.get(id.slice(hash + 1));
    if (speakerId === undefined) throw new SynthesisError(PIPER_PROVIDER, 'unknown-voice', `the voice '${key}' has no speaker '${id.slice(hash + 1)}'`);
    return { voice, speakerId };
  }

  async function* synthesize(request: SynthesisRequest): AsyncGenerator<SynthesisPart> {
    if (request.signal.aborted) return;
    const { voice, speakerId } = resolve(request.voice);
    const { config } = voice;
    yield* streamJob(
      host,
      {
        type: 'synth',
        text: request.text,
        // Piper's own pace: a shorter length scale speaks faster.
        voice: { family: 'piper', modelPath: voice.modelPath, config, speakerId, lengthScale: config.lengthScale / request.synthRate },
      },
      { signal: request.signal, provider: PIPER_PROVIDER, sampleRate: () => config.sampleRate },
    );
  }

  return {
    provider: PIPER_PROVIDER,
    // A sentence or two: the worker speaks it a clause at a time, so the first audio comes after the
    // first clause, and a cancel waits for one run at most.
    maxChars: 400,
    // Speed 'auto' uses the model's own pace (length_scale): local and free like eSpeak's rate, and it
    // keeps the voice natural where stretching would smear it. Past 0.5-2x the player stretches.
    rate: { min: 0.5, max: 2, auto: true },
    async listVoices(): Promise<Voice[]> {
      return piperVoiceList(piperVoices(listInstalledVoices(options.folder).voices));
    },
    synthesize,
    async warmUp(voiceId: string): Promise<void> {
      const { voice, speakerId } = resolve(voiceId);
      await warmUpModel(host, PIPER_PROVIDER, { family: 'piper', modelPath: voice.modelPath, config: voice.config, speakerId, lengthScale: voice.config.lengthScale });
    },
    close: () => host.close(),
  };
}

/** Loads a model on the worker and runs it once; real work arriving meanwhile preempts it. */
export function warmUpModel(host: NaturalVoiceHost, provider: string, voice: NaturalVoiceModel): Promise<void> {
  return new Promise<void>((done, fail) => {
    host.submit(
      { type: 'warm', text: WARM_UP_TEXT, voice },
      { message: (m) => (m.type === 'error' ? fail(new SynthesisError(provider, 'server', m.message)) : done()), failed: fail, aborted: done },
      { preemptible: true },
    );
  });
}
