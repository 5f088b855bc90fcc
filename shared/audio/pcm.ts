// Raw PCM bytes to Float32 samples and back. Network chunks split samples anywhere, so a decoder
// carries the bytes of an unfinished sample over to the next chunk. WAV framing is in wav.ts.

import type { PcmAudio } from '../chunk';

export type PcmEncoding = 's16le' | 'f32le';

export interface PcmDecoder {
  /** Returns the whole samples completed by these bytes. */
  push(bytes: Uint8Array): Float32Array<ArrayBuffer>;
  /** Bytes of an unfinished sample still held (0 at a clean end). */
  readonly pending: number;
}

export function createPcmDecoder(encoding: PcmEncoding): PcmDecoder {
  const width = encoding === 's16le' ? 2 : 4;
  let carry = new Uint8Array(0);
  return {
    get pending() {
      return carry.byteLength;
    },
    push(bytes) {
      let input = bytes;
      if (carry.byteLength > 0) {
        input = new Uint8Array(carry.byteLength + bytes.byteLength);
        input.set(carry);
        input.set(bytes, carry.byteLength);
      }
      const whole = input.byteLength - (input.byteLength % width);
      carry = input.slice(whole);
      return decodePcm(input.subarray(0, whole), encoding);
    },
  };
}

/** Decodes whole little-endian samples (a trailing partial sample is ignored). */
export function decodePcm(bytes: Uint8Array, encoding: PcmEncoding): Float32Array<ArrayBuffer> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 's16le') {
    const out = new Float32Array(bytes.byteLength >> 1);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
    return out;
  }
  const out = new Float32Array(bytes.byteLength >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Float samples to s16le bytes (clipped), for fakes and file writers. */
export function encodeS16le(samples: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    // The inverse of decodePcm's /32768, clipped to the 16-bit range.
    view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768))), true);
  }
  return out;
}

/** The parts one after another, in one new array. */
export function joinFloat32(parts: readonly Float32Array[]): Float32Array<ArrayBuffer> {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** How long a PCM payload plays, in ms. */
export function pcmDurationMs(audio: PcmAudio): number {
  return (audio.samples.length / audio.channels / audio.sampleRate) * 1000;
}
