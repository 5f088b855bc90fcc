// The MP3 frame reader against real files made by ffmpeg (LAME), fed in uneven pieces.
import { f32Bytes, ffmpegEncodeF32, pushInPieces, toneF32 } from '../../test/support/ffmpeg-encode';
import { LAME_ENCODER_DELAY, MP3_DECODER_DELAY, Mp3FrameReader, parseMp3Header, untaggedEndPadding } from './mp3-frames';

const RATE = 22050;

describe('MP3 frame reader', () => {
  it.each([
    ['22.05 kHz mono (MPEG-2)', 22050, 1],
    ['44.1 kHz stereo (MPEG-1)', 44100, 2],
  ])('%s: whole frames in any split, and the LAME delay/padding that give back the exact length', (_name, rate, channels) => {
    const input = toneF32(RATE * 2 + 123, RATE);
    const mp3 = ffmpegEncodeF32(f32Bytes(input), RATE, ['-ar', String(rate), '-ac', String(channels), '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'], true);
    const reader = new Mp3FrameReader();
    const frames = pushInPieces(mp3, (b) => reader.push(b));
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.every((f) => f.sampleRate === rate && f.channels === channels && f.bytes[0] === 0xff)).toBe(true);
    // Every byte after the tag frame is in some audio frame: nothing lost between pieces.
    const whole = new Mp3FrameReader().push(mp3);
    expect(frames.map((f) => f.bytes.length)).toEqual(whole.map((f) => f.bytes.length));
    expect(frames.map((f) => Array.from(f.bytes.subarray(0, 8)))).toEqual(whole.map((f) => Array.from(f.bytes.subarray(0, 8))));
    const g = reader.gapless!;
    expect(g.frames).toBe(frames.length);
    const total = frames.reduce((n, f) => n + f.samples, 0);
    const expected = Math.round((input.length * rate) / RATE);
    expect(Math.abs(total - g.delay - g.padding - expected)).toBeLessThanOrEqual(1);
  });

  it('skips an ID3v2 tag, even one arriving a byte at a time', () => {
    const mp3 = ffmpegEncodeF32(f32Bytes(toneF32(RATE, RATE)), RATE, ['-c:a', 'libmp3lame', '-b:a', '64k', '-metadata', 'title=Aloud', '-write_xing', '0', '-f', 'mp3']);
    expect(String.fromCharCode(...mp3.subarray(0, 3))).toBe('ID3');
    const reader = new Mp3FrameReader();
    const frames = mp3.reduce<number>((n, _b, i) => n + reader.push(mp3.subarray(i, i + 1)).length, 0);
    expect(frames).toBe(new Mp3FrameReader().push(mp3).length);
    expect(frames).toBeGreaterThan(30);
  });

  it('reads frame headers and refuses what is not one', () => {
    // MPEG-1 layer III, 128 kb/s, 44.1 kHz, no padding, joint stereo: 417 bytes, 1152 samples.
    expect(parseMp3Header(Uint8Array.of(0xff, 0xfb, 0x90, 0x44), 0)).toEqual({ length: 417, samples: 1152, sampleRate: 44100, channels: 2, mpeg1: true });
    // MPEG-2 layer III, 64 kb/s, 24 kHz, mono: 576 samples.
    expect(parseMp3Header(Uint8Array.of(0xff, 0xf3, 0x84, 0xc4), 0)).toMatchObject({ length: 192, samples: 576, sampleRate: 24000, channels: 1, mpeg1: false });
    expect(parseMp3Header(Uint8Array.of(0xff, 0xfb, 0xf0, 0x44), 0)).toBeUndefined(); // bitrate index 15
    expect(parseMp3Header(Uint8Array.of(0xff, 0xfb, 0x9c, 0x44), 0)).toBeUndefined(); // rate index 3
    expect(parseMp3Header(Uint8Array.of(0x4f, 0x67, 0x67, 0x53), 0)).toBeUndefined();
  });
});

describe('MP3 stream without an Info frame', () => {
  it('gives its frames and no gapless info (the player then assumes the LAME defaults)', () => {
    const mp3 = ffmpegEncodeF32(f32Bytes(toneF32(RATE, RATE)), RATE, ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3']);
    const reader = new Mp3FrameReader();
    const frames = pushInPieces(mp3, (b) => reader.push(b));
    expect(reader.gapless).toBeNull();
    // 1 s plus the encoder delay, padded to whole 576-sample frames (LAME may flush one more).
    const least = Math.ceil((RATE + 576) / 576);
    expect(frames.length).toBeGreaterThanOrEqual(least);
    expect(frames.length).toBeLessThanOrEqual(least + 1);
  });
});

describe('untagged end padding', () => {
  it.each([
    ['24 kHz (576-sample frames)', 24000],
    ['44.1 kHz (1152-sample frames)', 44100],
  ])('%s: what is left past the audio, once delay + 529 are cut, lies within the bounds for every length', (_name, rate) => {
    const tails = new Set<number>();
    let spf = 0;
    for (let k = 0; k < 10; k++) {
      const n = rate + k * 127; // lengths that cover every remainder modulo a frame, coarsely
      const mp3 = ffmpegEncodeF32(f32Bytes(toneF32(n, rate)), rate, ['-c:a', 'libmp3lame', '-b:a', '64k', '-write_xing', '0', '-f', 'mp3']);
      const reader = new Mp3FrameReader();
      const frames = reader.push(mp3);
      expect(reader.gapless).toBeNull();
      spf = frames[0]!.samples;
      const tail = frames.length * spf - LAME_ENCODER_DELAY - MP3_DECODER_DELAY - n;
      const { least, most } = untaggedEndPadding(spf);
      expect(tail).toBeGreaterThanOrEqual(least);
      expect(tail).toBeLessThanOrEqual(most);
      tails.add(tail);
    }
    // The lengths chosen reach both ends of the range: the bounds are tight, not merely safe.
    expect(Math.min(...tails)).toBeLessThan(untaggedEndPadding(spf).least + 127);
    expect(Math.max(...tails)).toBeGreaterThan(untaggedEndPadding(spf).most - 127);
  });
});
