import fc from 'fast-check';
import { createPcmDecoder, decodePcm, encodeS16le } from './pcm';
import { createWavStreamDecoder, parseWavHeader, stripWavHeader, wavHeader, WavError } from './wav';

function f32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

describe('pcm', () => {
  it('decodes s16le to floats in [-1, 1)', () => {
    const bytes = new Uint8Array([0x00, 0x80, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x40]);
    expect(Array.from(decodePcm(bytes, 's16le'))).toEqual([-1, 32767 / 32768, 0, 0.5]);
  });

  it('carries an odd byte (or three) across chunk boundaries without losing a sample', () => {
    const samples = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 0.9);
    for (const enc of ['s16le', 'f32le'] as const) {
      const bytes = enc === 's16le' ? encodeS16le(new Float32Array(samples)) : f32Bytes(samples);
      const whole = decodePcm(bytes, enc);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 8 }), (cuts) => {
          const dec = createPcmDecoder(enc);
          const parts: number[] = [];
          let from = 0;
          for (const c of [...cuts].sort((a, b) => a - b)) {
            parts.push(...dec.push(bytes.subarray(from, c)));
            from = c;
          }
          parts.push(...dec.push(bytes.subarray(from)));
          expect(dec.pending).toBe(0);
          expect(parts).toEqual(Array.from(whole));
        }),
        { numRuns: 100 },
      );
    }
  });

  it('round-trips samples through s16le within one quantisation step', () => {
    const s = new Float32Array([0, 0.25, -0.25, 0.999, -1]);
    const back = decodePcm(encodeS16le(s), 's16le');
    s.forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(1 / 32768));
  });

  it('parses a WAV header with extra chunks before data, and strips it', () => {
    const base = wavHeader(24000, 1, 4);
    // Insert a LIST chunk (odd size, padded) between fmt and data.
    const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]);
    const wav = new Uint8Array([...base.subarray(0, 36), ...list, ...base.subarray(36), 1, 0, 2, 0]);
    const f = parseWavHeader(wav)!;
    expect(f).toMatchObject({ formatTag: 1, channels: 1, sampleRate: 24000, bitsPerSample: 16, dataOffset: 56, dataSize: 4 });
    expect(Array.from(stripWavHeader(wav).data)).toEqual([1, 0, 2, 0]);
    expect(stripWavHeader(new Uint8Array([1, 2])).format).toBeUndefined();
  });

  it('reports an unfinished header as undefined and a non-WAV as an error', () => {
    expect(parseWavHeader(wavHeader(22050, 1, 0).subarray(0, 30))).toBeUndefined();
    expect(() => parseWavHeader(new TextEncoder().encode('ID3\u0004 not a wav file'))).toThrow(WavError);
  });

  it('decodes a live WAV stream whose header is split across chunks and whose size is unknown', () => {
    const samples = new Float32Array([0.5, -0.5, 0.25]);
    const wav = new Uint8Array([...wavHeader(16000, 1, 0xffffffff), ...encodeS16le(samples)]);
    const dec = createWavStreamDecoder();
    const out: number[] = [];
    for (let i = 0; i < wav.length; i += 7) out.push(...dec.push(wav.subarray(i, i + 7)));
    expect(dec.format?.sampleRate).toBe(16000);
    expect(out.map((v) => Math.round(v * 4) / 4)).toEqual([0.5, -0.5, 0.25]);
  });
});
