// The WAV chunk decoder against real files made by ffmpeg.
import { f32Bytes, ffmpegEncodeF32, toneF32 } from '../../../test/support/ffmpeg-encode';
import { decodeWav } from './wav-chunk';

const RATE = 22050;

describe('WAV chunk', () => {
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
