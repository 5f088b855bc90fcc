// The Kokoro voices, behind the same Synthesizer port as every other voice: the voices of the Kokoro
// pack installed under the data folder (one pack at a time: installing another variant replaces it),
// spoken on the natural voices' worker (natural-voice-worker.ts), with word timings from the timestamped
// export's durations. A voice id is the style file's name: af_heart.
import type { Voice } from '../../shared/voice';
import { SynthesisError } from '../speech/synthesis-error';
import type { SynthesisPart, SynthesisRequest, Synthesizer } from '../speech/synthesizer';
import { listInstalledVoices, type InstalledKokoroPack, type InstalledKokoroVoice } from './installed-voices';
import { streamJob } from './job-stream';
import { KOKORO_PROVIDER } from './natural-voice-providers';
import type { NaturalVoiceModel } from './natural-voice-protocol';
import { createNaturalVoiceHost, warmUpModel, type PiperVoicesOptions } from './piper-voices';
import { KOKORO_SAMPLE_RATE } from './kokoro-pack';

export interface KokoroVoices extends Synthesizer {
  readonly provider: typeof KOKORO_PROVIDER;
  warmUp(voiceId: string): Promise<void>;
  close(): Promise<void>;
}

/** The installed Kokoro pack (the first, should there be several). */
export function kokoroPack(installed: ReturnType<typeof listInstalledVoices>['voices']): InstalledKokoroPack | undefined {
  return installed.find((v): v is InstalledKokoroPack => v.family === 'kokoro');
}

export function kokoroVoiceList(pack: InstalledKokoroPack | undefined): Voice[] {
  return (pack?.voices ?? []).map((v) => ({ id: v.name, provider: KOKORO_PROVIDER, name: v.displayName, languages: [v.language] }));
}

export function createKokoroVoices(options: PiperVoicesOptions): KokoroVoices {
  const host = options.host ?? createNaturalVoiceHost(options);

  function resolve(id: string): { pack: InstalledKokoroPack; voice: InstalledKokoroVoice } {
    const pack = kokoroPack(listInstalledVoices(options.folder).voices);
    if (!pack) throw new SynthesisError(KOKORO_PROVIDER, 'unknown-voice', 'no Kokoro voice is installed');
    const voice = pack.voices.find((v) => v.name === id);
    if (!voice) throw new SynthesisError(KOKORO_PROVIDER, 'unknown-voice', `Kokoro has no voice '${id}' installed`);
    return { pack, voice };
  }

  const model = (pack: InstalledKokoroPack, voice: InstalledKokoroVoice, speed: number): NaturalVoiceModel => ({
    family: 'kokoro',
    modelPath: pack.modelPath,
    vocab: pack.vocab,
    stylePath: voice.stylePath,
    espeakVoice: voice.espeakVoice,
    speed,
  });

  async function* synthesize(request: SynthesisRequest): AsyncGenerator<SynthesisPart> {
    if (request.signal.aborted) return;
    const { pack, voice } = resolve(request.voice);
    yield* streamJob(
      host,
      { type: 'synth', text: request.text, voice: model(pack, voice, request.synthRate) },
      { signal: request.signal, provider: KOKORO_PROVIDER, sampleRate: () => KOKORO_SAMPLE_RATE },
    );
  }

  return {
    provider: KOKORO_PROVIDER,
    maxChars: 400,
    // Kokoro's own speed input, as Piper's length scale: natural within 0.5-2x; past it the player stretches.
    rate: { min: 0.5, max: 2, auto: true },
    async listVoices(): Promise<Voice[]> {
      return kokoroVoiceList(kokoroPack(listInstalledVoices(options.folder).voices));
    },
    synthesize,
    async warmUp(voiceId: string): Promise<void> {
      const { pack, voice } = resolve(voiceId);
      await warmUpModel(host, KOKORO_PROVIDER, model(pack, voice, 1));
    },
    close: () => host.close(),
  };
}
