// 16-bit PCM WAV, the plainest file every player and editor opens.
import { encodeS16le, wavHeader } from '../../audio/pcm';

export interface PcmBuffer {
  sampleRate: number;
  channels: number;
  /** Interleaved floats in [-1, 1]. */
  samples: Float32Array;
}

export function encodeWav({ sampleRate, channels, samples }: PcmBuffer): Uint8Array {
  const data = encodeS16le(samples);
  const out = new Uint8Array(44 + data.length);
  out.set(wavHeader(sampleRate, channels, data.length));
  out.set(data, 44);
  return out;
}

/** Reads 16-bit PCM WAV (as espeak-ng and sox write it), tolerating a streamed, unknown data size. */
export function decodeWav(bytes: Uint8Array): PcmBuffer {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let o = 12;
  let sampleRate = 0;
  let channels = 0;
  while (o + 8 <= bytes.length) {
    const id = tag(o);
    let size = v.getUint32(o + 4, true);
    if (id === 'fmt ') {
      if (v.getUint16(o + 8, true) !== 1 || v.getUint16(o + 22, true) !== 16) throw new Error('only 16-bit PCM WAV');
      channels = v.getUint16(o + 10, true);
      sampleRate = v.getUint32(o + 12, true);
    } else if (id === 'data') {
      if (size === 0xffffffff || size === 0 || o + 8 + size > bytes.length) size = bytes.length - o - 8;
      const n = Math.floor(size / 2);
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = v.getInt16(o + 8 + i * 2, true) / 32768;
      return { sampleRate, channels, samples };
    }
    o += 8 + size + (size & 1);
  }
  throw new Error('WAV without data');
}
