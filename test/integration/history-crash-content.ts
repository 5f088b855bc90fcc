// What the crash-test child writes: a short reading whose text, chunks, words and audio all follow
// from its id, so the parent can rebuild what a complete copy must contain.
import type { Chunk, WordTiming } from '../../shared/chunk';
import type { ReadingMeta } from '../../electron/history/library-rows';

const WORDS = ['quiet', 'river', 'lantern', 'harbour', 'copper', 'meadow', 'signal', 'orchard', 'winter', 'paper'];
const RATE = 16000;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function crashReading(id: string): { meta: ReadingMeta; chunks: Chunk[] } {
  const h = hash(id);
  const chunkCount = 2 + (h % 3);
  const words = Array.from({ length: chunkCount * 2 }, (_, i) => WORDS[(h + i * 7) % WORDS.length]!);
  const text = words.join(' ') + '.';
  const chunks: Chunk[] = [];
  let char = 0;
  const msPerChunk = 120;
  for (let c = 0; c < chunkCount; c++) {
    const samples = new Float32Array((RATE * msPerChunk) / 1000);
    const f = 200 + ((h >> c) % 300);
    for (let i = 0; i < samples.length; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * f * i) / RATE);
    const ws: WordTiming[] = [];
    for (let k = 0; k < 2; k++) {
      const w = words[c * 2 + k]!;
      const startMs = c * msPerChunk + k * (msPerChunk / 2);
      ws.push({ text: w, charStart: char, charEnd: char + w.length, startMs, endMs: startMs + msPerChunk / 2 });
      char += w.length + 1;
    }
    chunks.push({ readingId: id, segment: 0, seq: c, startMs: c * msPerChunk, durationMs: msPerChunk, audio: { kind: 'pcm', sampleRate: RATE, channels: 1, samples }, words: ws });
  }
  return { meta: { id, text, provider: 'builtin', voice: 'en-us', synthRate: 1 }, chunks };
}
