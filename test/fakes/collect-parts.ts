// Test helpers for adapters: drain a synthesis, keeping what came before a failure.
import type { SynthesisPart } from '../../electron/speech/synthesizer';

export async function collectParts(parts: AsyncIterable<SynthesisPart>): Promise<{ parts: SynthesisPart[]; error?: unknown }> {
  const out: SynthesisPart[] = [];
  try {
    for await (const p of parts) out.push(p);
    return { parts: out };
  } catch (error) {
    return { parts: out, error };
  }
}

/** All PCM samples of the parts, joined. */
export function samplesOf(parts: SynthesisPart[]): Float32Array {
  const all = parts.flatMap((p) => (p.audio.kind === 'pcm' ? [p.audio.samples] : []));
  const out = new Float32Array(all.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of all) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}

/** Float arrays compared exactly, with a short message instead of a million-element diff. */
export function sameSamples(a: Float32Array, b: Float32Array): string {
  if (a.length !== b.length) return `length ${a.length} != ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `sample ${i}: ${a[i]} != ${b[i]}`;
  return 'same';
}

/** All encoded bytes of the parts, joined. */
export function bytesOf(parts: SynthesisPart[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.flatMap((p) => (p.audio.kind === 'encoded' ? [p.audio.bytes] : []))));
}
