// Test helpers for adapters: drain a synthesis, keeping what came before a failure.
import { expect } from 'vitest';
import { SynthesisError, type SynthesisErrorKind } from '../../electron/speech/synthesis-error';
import type { SynthesisPart } from '../../electron/speech/synthesizer';
import { joinFloat32 } from '../../shared/audio/pcm';

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
  return joinFloat32(parts.flatMap((p) => (p.audio.kind === 'pcm' ? [p.audio.samples] : [])));
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

/**
 * A synthesis that must fail (collectParts' result): it ended in a SynthesisError of `kind` from
 * `provider`, and the fake is left with no connection open. Returns what came before the failure.
 */
export async function failureOf(
  collected: Promise<{ parts: SynthesisPart[]; error?: unknown }>,
  expected: { kind: SynthesisErrorKind; provider: string },
  fake: { waitForNoConnections(): Promise<void> },
): Promise<{ parts: SynthesisPart[]; error: SynthesisError }> {
  const result = await collected;
  expect(result.error).toBeInstanceOf(SynthesisError);
  const error = result.error as SynthesisError;
  expect([error.kind, error.provider]).toEqual([expected.kind, expected.provider]);
  await fake.waitForNoConnections();
  return { parts: result.parts, error };
}

/**
 * What a stream broken part way handed on, for a voice whose timings are estimated: audio that is a
 * prefix of what the fake sent (`sent`, decoded), and only words that audio holds whole, in text
 * order, so a fallback resumes after them.
 */
export function expectHeardPrefix(parts: SynthesisPart[], sent: Float32Array, sampleRate: number, text: string): void {
  const got = samplesOf(parts);
  expect(got.length).toBeGreaterThan(0);
  const words = parts.flatMap((p) => p.words);
  for (const w of words) expect(w.endMs).toBeLessThanOrEqual((got.length / sampleRate) * 1000);
  expect(words.map((w) => text.slice(w.charStart, w.charEnd))).toEqual(text.match(/[\p{L}\p{N}]+/gu)!.slice(0, words.length));
  expect(sameSamples(got, sent.subarray(0, got.length))).toBe('same');
}
