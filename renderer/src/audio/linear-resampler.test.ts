import fc from 'fast-check';
import { LinearResampler } from './linear-resampler';

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function sine(frames: number, rate: number, hz: number): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));
}

describe('LinearResampler', () => {
  it('gives the same samples whether the stream comes whole or cut into chunks at any points', () => {
    fc.assert(
      fc.property(
        fc.constantFrom([22050, 48000], [24000, 44100], [48000, 22050], [44100, 48000]),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 12 }),
        ([inRate, outRate], sizes) => {
          const input = sine(sizes.reduce((a, b) => a + b, 0), inRate!, 330);
          const whole = new LinearResampler(inRate!, outRate!, 1).push(input);
          const chunked = new LinearResampler(inRate!, outRate!, 1);
          const parts: Float32Array[] = [];
          let at = 0;
          for (const n of sizes) {
            parts.push(chunked.push(input.subarray(at, at + n)));
            at += n;
          }
          const joined = concat(parts);
          expect(joined.length).toBe(whole.length);
          let worst = 0;
          for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(joined[i]! - whole[i]!));
          expect(worst).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('produces the frames the rate ratio implies, holding back at most one input frame for the next chunk', () => {
    const r = new LinearResampler(22050, 48000, 1);
    let out = 0;
    for (let i = 0; i < 50; i++) out += r.push(new Float32Array(441)).length;
    const exact = (50 * 441 * 48000) / 22050;
    expect(out).toBeLessThanOrEqual(exact);
    expect(out).toBeGreaterThanOrEqual(exact - 48000 / 22050 - 1);
  });

  it('keeps a tone at its frequency: 440 Hz at 22050 Hz is still 440 Hz at 48000 Hz', () => {
    const r = new LinearResampler(22050, 48000, 1);
    const parts = [];
    const input = sine(22050, 22050, 440);
    for (let at = 0; at < input.length; at += 1000) parts.push(r.push(input.subarray(at, at + 1000)));
    const out = concat(parts);
    // Linear interpolation of a well-sampled tone stays within a few percent of the true curve.
    for (let i = 0; i < out.length; i += 97) expect(Math.abs(out[i]! - Math.sin((2 * Math.PI * 440 * i) / 48000))).toBeLessThan(0.03);
  });

  it('keeps interleaved stereo channels apart', () => {
    const frames = 1000;
    const input = new Float32Array(frames * 2);
    for (let i = 0; i < frames; i++) {
      input[2 * i] = 0.5;
      input[2 * i + 1] = -0.25;
    }
    const r = new LinearResampler(24000, 48000, 2);
    const out = concat([r.push(input.subarray(0, 700)), r.push(input.subarray(700))]);
    expect(out.length % 2).toBe(0);
    for (let i = 0; i < out.length; i += 2) {
      expect(out[i]).toBeCloseTo(0.5, 6);
      expect(out[i + 1]).toBeCloseTo(-0.25, 6);
    }
  });
});
