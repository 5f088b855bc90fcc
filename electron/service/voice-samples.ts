// Samples for the voice picker: one short sentence in a voice, made once and kept in the library's
// database (a cloud voice's sample then costs one request, ever, and plays offline). A sample is one
// clip handed back whole, not a reading: it neither interrupts what plays nor joins the library's list.
import { joinFloat32 } from '../../shared/audio/pcm';
import type { AudioPayload } from '../../shared/chunk';
import type { VoiceSampleStore } from '../history/voice-sample-store';
import { describeError, errorKindOf, ServiceError } from './service-error';
import type { ReadingService } from './reading-service';
import { sampleSentence } from './sample-sentences';

export interface VoiceSample {
  /** What the voice says. */
  text: string;
  audio: AudioPayload;
  /** Whether it came from the library (no synthesis). */
  saved: boolean;
}

export interface VoiceSamples {
  sample(voiceKey: string): Promise<VoiceSample>;
}

export interface VoiceSamplesOptions {
  resolveVoice: ReadingService['resolveVoice'];
  /** Null: nothing is kept (no library, or one opened read-only). */
  store: VoiceSampleStore | null;
  /** A sample that takes longer is given up, in one sentence. */
  timeoutMs?: number;
}

export function createVoiceSamples({ resolveVoice, store, timeoutMs = 30_000 }: VoiceSamplesOptions): VoiceSamples {
  // Two clicks on one sample button make one request.
  const making = new Map<string, Promise<VoiceSample>>();

  async function make(voiceKey: string): Promise<VoiceSample> {
    const { synthesizer, id, voice } = await resolveVoice(voiceKey);
    const text = sampleSentence(voice?.languages[0]);
    const saved = store?.get(voiceKey, text);
    if (saved) return { text, audio: saved, saved: true };
    const signal = AbortSignal.timeout(timeoutMs);
    const parts: AudioPayload[] = [];
    try {
      for await (const part of synthesizer.synthesize({ text, voice: id, synthRate: 1, signal })) parts.push(part.audio);
    } catch (err) {
      if (signal.aborted) throw new ServiceError(`The voice took more than ${secondsIn(timeoutMs)} to answer; try again later.`, 'network');
      throw new ServiceError(describeError(err), errorKindOf(err));
    }
    const audio = joinAudio(parts);
    try {
      store?.put(voiceKey, text, audio);
    } catch {
      // A full disk or a read-only library: the sample still plays, and is made again next time.
    }
    return { text, audio, saved: false };
  }

  return {
    sample(voiceKey) {
      let pending = making.get(voiceKey);
      if (!pending) {
        pending = make(voiceKey).finally(() => making.delete(voiceKey));
        making.set(voiceKey, pending);
      }
      return pending;
    },
  };
}

/** One payload from a request's parts: PCM samples joined, or the encoded stream's bytes in order. */
export function joinAudio(parts: readonly AudioPayload[]): AudioPayload {
  const first = parts[0];
  if (!first) throw new ServiceError('The voice sent no audio for its sample.');
  if (first.kind === 'pcm') {
    const pcm = parts.filter((p) => p.kind === 'pcm' && p.sampleRate === first.sampleRate && p.channels === first.channels);
    if (pcm.length !== parts.length) throw new ServiceError('The voice changed its audio format within one sentence.');
    return { kind: 'pcm', sampleRate: first.sampleRate, channels: first.channels, samples: joinFloat32(pcm.map((p) => (p.kind === 'pcm' ? p.samples : new Float32Array()))) };
  }
  const encoded = parts.filter((p) => p.kind === 'encoded' && p.mime === first.mime);
  if (encoded.length !== parts.length) throw new ServiceError('The voice changed its audio format within one sentence.');
  const bytes = new Uint8Array(encoded.reduce((n, p) => n + (p.kind === 'encoded' ? p.bytes.byteLength : 0), 0));
  let at = 0;
  for (const p of encoded) {
    if (p.kind !== 'encoded') continue;
    bytes.set(p.bytes, at);
    at += p.bytes.byteLength;
  }
  return { kind: 'encoded', mime: first.mime, bytes };
}

const secondsIn = (ms: number) => {
  const s = Math.max(1, Math.round(ms / 1000));
  return s === 1 ? 'a second' : `${s} seconds`;
};
