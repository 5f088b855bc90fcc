// The end-padding rule for MP3 streams without a LAME tag, on real encodings: LAME through ffmpeg with
// no Info frame, decoded by ffmpeg's decoder (the one Chromium uses), every frame kept as WebCodecs
// gives them; the player's start cut (576 + 529) applied, then the rule.
import { LAME_ENCODER_DELAY, MP3_DECODER_DELAY, untaggedEndPadding } from '../../../shared/audio/mp3-frames';
import { f32Bytes, ffmpegDecodeF32, ffmpegEncodeF32 } from '../../../test/support/ffmpeg-encode';
import { EndPaddingTrim, QUIET } from './end-padding-trim';

const RATE = 24000;
const FRAME = 576; // MPEG-2 layer III at 24 kHz

/** Speech-like: a warbling tone, then (when `pause` > 0) that many samples of digital silence. */
function source(sound: number, pause: number): Float32Array {
  const x = new Float32Array(sound + pause);
  for (let i = 0; i < sound; i++) x[i] = 0.4 * Math.sin((2 * Math.PI * 180 * i) / RATE + 3 * Math.sin((2 * Math.PI * 3 * i) / RATE));
  return x;
}

/** The untagged stream decoded with every frame, as WebCodecs gives it, less the player's start cut. */
function decodeUntagged(x: Float32Array): Float32Array {
  const mp3 = ffmpegEncodeF32(f32Bytes(x), RATE, ['-c:a', 'libmp3lame', '-b:a', '48k', '-write_xing', '0', '-f', 'mp3']);
  return ffmpegDecodeF32(mp3).subarray(LAME_ENCODER_DELAY + MP3_DECODER_DELAY);
}

/** What the player hands on: the decoded audio through the rule, arriving in pieces of these sizes. */
function trimInPieces(decoded: Float32Array, pieces: number[]): Float32Array {
  const { least, most } = untaggedEndPadding(FRAME);
  const trim = new EndPaddingTrim(1, least, most);
  const parts: Float32Array[] = [];
  for (let at = 0, k = 0; at < decoded.length; k++) {
    const n = pieces[k % pieces.length]!;
    parts.push(trim.push(decoded.subarray(at, at + n)));
    at += n;
  }
  parts.push(trim.finish());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

function played(x: Float32Array): { out: Float32Array; decoded: number; cutPeak: number } {
  const decoded = decodeUntagged(x);
  const out = trimInPieces(decoded, [FRAME]);
  const cutPeak = decoded.subarray(out.length).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return { out, decoded: decoded.length, cutPeak };
}

describe('end padding of an MP3 without a LAME tag', () => {
  const { least, most } = untaggedEndPadding(FRAME);

  it('ending in a pause: cut to within a frame of the source, never longer, and only quiet is cut', () => {
    for (let k = 0; k < 6; k++) {
      const x = source(RATE + k * 97, 4000);
      const { out, decoded, cutPeak } = played(x);
      const padding = decoded - x.length; // what the encoder added, known here from the source
      expect(cutPeak).toBeLessThanOrEqual(QUIET);
      expect(padding).toBeGreaterThanOrEqual(least);
      expect(padding).toBeLessThanOrEqual(most);
      expect(out.length).toBeLessThanOrEqual(x.length);
      expect(out.length).toBeGreaterThan(x.length - (most - least) - 1);
      // Without the rule the padding stays in: up to a frame and 46 samples more than the source.
      expect(decoded - out.length).toBe(most);
    }
  });

  it('ending in sound: nothing of the source is cut, and at least the padding every stream has', () => {
    for (let k = 0; k < 6; k++) {
      const x = source(RATE + k * 97, 0);
      const { out, decoded } = played(x);
      expect(out.length).toBeGreaterThanOrEqual(x.length);
      expect(decoded - out.length).toBeGreaterThanOrEqual(least);
      // Past the least, the cut stops at the codec's smear of the sound's end: what it keeps ends loud.
      if (decoded - out.length > least) expect(Math.abs(out[out.length - 1]!)).toBeGreaterThan(QUIET);
    }
  });

  it('gives the same output however the decoded audio arrives', () => {
    const decoded = decodeUntagged(source(RATE + 250, 3000));
    const whole = trimInPieces(decoded, [decoded.length]);
    for (const pieces of [[1], [7, 576, 1], [1152, 13, 4000]]) expect(trimInPieces(decoded, pieces)).toEqual(whole);
  });

  it('holds back only a quiet end: sound passes on at once', () => {
    const trim = new EndPaddingTrim(2, least, most);
    const loud = Float32Array.from({ length: 2 * 1000 }, (_, i) => (i % 2 ? 0.5 : -0.5));
    expect(trim.push(loud).length).toBe(2 * (1000 - least));
    expect(trim.push(new Float32Array(2 * 300)).length).toBe(2 * least); // 300 quiet frames held, the least before them released
    expect(trim.push(new Float32Array(2 * 1000)).length).toBe(2 * (1300 - most));
    // The end: the most is cut, and a frame is quiet only if both its channels are.
    expect(trim.finish().length).toBe(0);
    const stereo = new EndPaddingTrim(2, least, most);
    const oneSide = Float32Array.from({ length: 2 * 100 }, (_, i) => (i % 2 ? 0 : 0.2));
    expect(stereo.push(oneSide).length).toBe(2 * (100 - least));
    expect(stereo.finish().length).toBe(0);
  });
});
