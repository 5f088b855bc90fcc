import { execFileSync } from 'node:child_process';
import { decodeWav } from '../../../shared/audio/wav';
import { joinFloat32 } from '../../../shared/audio/pcm';
import { OpusStreamDecoder, OpusStreamEncoder } from './opus-codec';
import { resample } from './sinc-resampler';

function espeak(text: string) {
  return decodeWav(new Uint8Array(execFileSync('espeak-ng', ['--stdout', text])));
}

/** Signal-to-noise ratio in dB of b against a, over their common length. */
function snrDb(a: Float32Array, b: Float32Array): number {
  let s = 0;
  let e = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    s += a[i]! ** 2;
    e += (a[i]! - b[i]!) ** 2;
  }
  return 10 * Math.log10(s / e);
}

describe('the sinc resampler', () => {
  it('keeps a tone in phase through 22050 -> 24000 -> 22050', () => {
    const x = Float32Array.from({ length: 22050 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 22050));
    const up = resample(x, 22050, 24000);
    expect(up.length).toBe(24000);
    const back = resample(up, 24000, 22050);
    expect(back.length).toBe(22050);
    expect(snrDb(x.subarray(100, -100), back.subarray(100, -100))).toBeGreaterThan(40);
  });

  it('gives the same output fed in pieces as at once', async () => {
    const { SincResampler } = await import('./sinc-resampler');
    const x = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 7) * 0.3);
    const whole = resample(x, 22050, 24000);
    const r = new SincResampler(22050, 24000);
    const parts = [r.push(x.subarray(0, 37)), r.push(x.subarray(37, 2000)), r.push(x.subarray(2000)), r.flush()];
    const pieced = joinFloat32(parts);
    expect(pieced.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) expect(pieced[i]).toBeCloseTo(whole[i]!, 5);
  });
});

describe('Opus stream codec', () => {
  it('round-trips espeak-ng speech at the same length, time-aligned, at about 32 kb/s', async () => {
    const speech = espeak('The library keeps every reading, so you can listen again without paying twice.');
    expect(speech.sampleRate).toBe(22050);
    const enc = new OpusStreamEncoder({ sampleRate: speech.sampleRate, channels: 1 });
    const packets: Uint8Array[] = [];
    // Feed uneven chunks, as a voice streams them.
    for (let o = 0; o < speech.samples.length; o += 3001) packets.push(...(await enc.encode(speech.samples.subarray(o, o + 3001))));
    packets.push(...(await enc.finish()));
    const bytes = packets.reduce((a, p) => a + p.length, 0);
    const seconds = speech.samples.length / speech.sampleRate;
    expect((bytes * 8) / seconds).toBeLessThan(40_000);

    const dec = new OpusStreamDecoder({ opusRate: enc.opusRate, channels: 1, preSkip: enc.preSkip, outRate: 22050 });
    const out = joinFloat32([dec.decode(packets), dec.finish()]);
    expect(out.length).toBeGreaterThanOrEqual(speech.samples.length);
    // The decoded speech lines up with the input: the best-matching shift is within a sample of zero.
    const core = speech.samples.subarray(2000, speech.samples.length - 2000);
    let best = { shift: NaN, snr: -Infinity };
    for (let shift = -40; shift <= 40; shift++) {
      const snr = snrDb(core, out.subarray(2000 + shift, 2000 + shift + core.length));
      if (snr > best.snr) best = { shift, snr };
    }
    expect(Math.abs(best.shift)).toBeLessThanOrEqual(1);
    expect(best.snr).toBeGreaterThan(6);
  });
});
