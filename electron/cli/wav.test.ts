import { describe, expect, it } from 'vitest';
import { encodeS16le, wavHeader as wavHeaderBytes } from '../audio/pcm';
import { parseWav } from './wav';

const floatToS16le = (samples: Float32Array): Buffer => Buffer.from(encodeS16le(samples).buffer);
const wavHeader = (rate: number, channels: number, bytes: number): Buffer => Buffer.from(wavHeaderBytes(rate, channels, bytes));

describe('PCM and WAV', () => {
  it('converts floats to s16le, clipping out-of-range samples', () => {
    const b = floatToS16le(new Float32Array([0, 1, -1, 0.5, -0.5, 2, -3]));
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => b.readInt16LE(i * 2))).toEqual([0, 32767, -32768, 16384, -16384, 32767, -32768]);
  });

  it('writes a header that parses back to the same format and data size', () => {
    const data = floatToS16le(new Float32Array(22050).fill(0.25));
    const wav = parseWav(Buffer.concat([wavHeader(22050, 1, data.length), data]));
    expect(wav).toMatchObject({ sampleRate: 22050, channels: 1, bitsPerSample: 16, frames: 22050 });
    expect(wav.data.equals(data)).toBe(true);
  });

  it('refuses a truncated or foreign file', () => {
    const data = Buffer.alloc(100);
    expect(() => parseWav(Buffer.concat([wavHeader(22050, 1, 200), data]))).toThrow(/claims 200 bytes/);
    expect(() => parseWav(Buffer.from('ID3\x03not a wav file at all.....................'))).toThrow(/RIFF/);
  });
});
