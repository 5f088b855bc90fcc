// Real speech for the fake providers: the text spoken by a Synthesizer (the built-in voice in the
// tests), gathered into one mono PCM buffer with its true word timings, at the rate a wire format wants.
import type { WordTiming } from '../../shared/chunk';
import type { Synthesizer } from '../../electron/speech/synthesizer';

export interface SpokenAudio {
  samples: Float32Array;
  sampleRate: number;
  /** True word timings, ms from the start of the audio. */
  words: WordTiming[];
}

export type SpeechSource = (text: string) => Promise<SpokenAudio>;

/** Speaks with `synth` (cached per text, since the fakes are asked the same text over and over). */
export function speechFromSynthesizer(synth: Synthesizer, voice: string): SpeechSource {
  const cache = new Map<string, Promise<SpokenAudio>>();
  return (text) => {
    let hit = cache.get(text);
    if (!hit) {
      hit = collect(synth, voice, text);
      cache.set(text, hit);
      hit.catch(() => cache.delete(text));
    }
    return hit;
  };
}

async function collect(synth: Synthesizer, voice: string, text: string): Promise<SpokenAudio> {
  const pieces: Float32Array[] = [];
  let sampleRate = 0;
  const words: WordTiming[] = [];
  for await (const part of synth.synthesize({ text, voice, synthRate: 1, signal: new AbortController().signal })) {
    if (part.audio.kind !== 'pcm') throw new Error('spoken-audio: the source voice must give PCM');
    if (part.audio.channels !== 1) throw new Error('spoken-audio: the source voice must be mono');
    sampleRate = part.audio.sampleRate;
    pieces.push(part.audio.samples);
    for (const w of part.words) if (!words.some((x) => x.charStart === w.charStart)) words.push(w);
  }
  const samples = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    samples.set(p, at);
    at += p.length;
  }
  return { samples, sampleRate, words };
}

/** Linear-interpolation resampling (enough for test audio; the fakes' wire rates differ from the voice's). */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  const n = Math.floor((samples.length * to) / from);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * from) / to;
    const k = Math.floor(x);
    const f = x - k;
    const a = samples[k] ?? 0;
    const b = samples[k + 1] ?? a;
    out[i] = a + (b - a) * f;
  }
  return out;
}
