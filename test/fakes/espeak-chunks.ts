// Real speech for library tests until the built-in voice is at hand: espeak-ng's command line speaks
// each sentence; the audio streams as a few chunks per sentence, with word timings spread over each
// sentence by length (what matters to the library is that it keeps whatever timings it is given).
import { execFileSync } from 'node:child_process';
import type { Chunk, WordTiming } from '../../shared/chunk';
import { decodeWav } from '../../shared/audio/wav';

export function espeakPcm(text: string, voice = 'en-us'): { sampleRate: number; samples: Float32Array } {
  const wav = decodeWav(new Uint8Array(execFileSync('espeak-ng', ['-v', voice, '--stdout', text])));
  return { sampleRate: wav.sampleRate, samples: wav.samples };
}

export function espeakChunks(readingId: string, text: string, partsPerSentence = 3): Chunk[] {
  const chunks: Chunk[] = [];
  let t = 0;
  let segment = 0;
  for (const m of text.matchAll(/[^.!?]+[.!?]*/g)) {
    const sentence = m[0];
    if (!sentence.trim()) continue;
    const { sampleRate, samples } = espeakPcm(sentence);
    const ms = (samples.length / sampleRate) * 1000;
    const words: WordTiming[] = [];
    const letters = sentence.replace(/\s/g, '').length;
    let acc = 0;
    for (const w of sentence.matchAll(/\S+/g)) {
      const startMs = t + (acc / letters) * ms;
      acc += w[0].length;
      words.push({ text: w[0], charStart: m.index + w.index, charEnd: m.index + w.index + w[0].length, startMs, endMs: t + (acc / letters) * ms });
    }
    const per = Math.ceil(samples.length / partsPerSentence);
    for (let o = 0; o < samples.length; o += per) {
      const part = samples.slice(o, o + per);
      const startMs = t + (o / sampleRate) * 1000;
      const durationMs = (part.length / sampleRate) * 1000;
      chunks.push({
        readingId,
        segment,
        seq: chunks.length,
        startMs,
        durationMs,
        audio: { kind: 'pcm', sampleRate, channels: 1, samples: part },
        // A word belongs to the chunk its audio starts in.
        words: words.filter((w) => w.startMs >= startMs && w.startMs < startMs + durationMs),
      });
    }
    t += ms;
    segment++;
  }
  return chunks;
}
