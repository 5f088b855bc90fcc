// The WAV reader and writer: the CLI's files read back strictly, and real files made by ffmpeg.
import { f32Bytes, ffmpegEncodeF32, toneF32 } from '../../test/support/ffmpeg-encode';
import { encodeS16le } from './pcm';
import { parseWav } from '../../test/support/wav-file';
import { decodeWav, wavHeader as wavHeaderBytes } from './wav';

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
    expect(() => parseWav(Buffer.from('ID3\x03not a wav file at all.....................'))).toThrow(/not a WAV/);
  });
});

const RATE = 22050;

describe('decoding a WAV file', () => {
  it.each([
    ['s16', 'pcm_s16le', 1 / 32768],
    ['s24', 'pcm_s24le', 1e-6],
    ['f32', 'pcm_f32le', 0],
  ])('decodes %s to the same samples', (_n, codec, tolerance) => {
    const input = toneF32(5000, RATE);
    const wav = decodeWav(ffmpegEncodeF32(f32Bytes(input), RATE, ['-c:a', codec, '-f', 'wav']));
    expect(wav).toMatchObject({ sampleRate: RATE, channels: 1 });
    expect(wav.samples.length).toBe(input.length);
    let err = 0;
    for (let i = 0; i < input.length; i++) err = Math.max(err, Math.abs(wav.samples[i]! - input[i]!));
    expect(err).toBeLessThanOrEqual(tolerance + 1e-9);
  });

  it('refuses what is not a WAV', () => {
    expect(() => decodeWav(new Uint8Array(64))).toThrow(/not a WAV/);
  });
});
