// The MP3, Ogg Opus and WAV readers against real files made by ffmpeg, fed in uneven pieces.
import { ffmpegEncodeF32 } from '../../../test/support/ffmpeg-encode';
import { Mp3FrameReader } from './mp3-frames';
import { OggOpusReader } from './ogg-opus';
import { decodeWav } from './wav-chunk';

const RATE = 22050;

function ffmpeg(args: string[], input: Uint8Array, toFile = false): Uint8Array {
  return ffmpegEncodeF32(input, RATE, args, toFile);
}

function tone(samples: number): Float32Array {
  return Float32Array.from({ length: samples }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / RATE));
}

/** Feeds `bytes` in pieces of 1, 7, 333, 4096... bytes and collects what each push returns. */
function inPieces<T>(bytes: Uint8Array, push: (b: Uint8Array) => T[]): T[] {
  const sizes = [1, 7, 333, 4096, 2, 1000];
  const out: T[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(...push(bytes.subarray(at, at + n)));
    at += n;
  }
  return out;
}

const asBytes = (f: Float32Array) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength);

describe('MP3 frame reader', () => {
  it.each([
    ['22.05 kHz mono (MPEG-2)', 22050, 1],
    ['44.1 kHz stereo (MPEG-1)', 44100, 2],
  ])('%s: whole frames in any split, and the LAME delay/padding that give back the exact length', (_name, rate, channels) => {
    const input = tone(RATE * 2 + 123);
    const mp3 = ffmpeg(['-ar', String(rate), '-ac', String(channels), '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'], asBytes(input), true);
    const reader = new Mp3FrameReader();
    const frames = inPieces(mp3, (b) => reader.push(b));
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.every((f) => f.sampleRate === rate && f.channels === channels && f.bytes[0] === 0xff)).toBe(true);
    // Every byte after the tag frame is in some audio frame: nothing lost between pieces.
    const whole = new Mp3FrameReader().push(mp3);
    expect(frames.map((f) => f.bytes.length)).toEqual(whole.map((f) => f.bytes.length));
    const g = reader.gapless!;
    expect(g.frames).toBe(frames.length);
    const total = frames.reduce((n, f) => n + f.samples, 0);
    const expected = Math.round((input.length * rate) / RATE);
    expect(Math.abs(total - g.delay - g.padding - expected)).toBeLessThanOrEqual(1);
  });
});

describe('MP3 stream without an Info frame', () => {
  it('gives its frames and no gapless info (the player then assumes the LAME defaults)', () => {
    const mp3 = ffmpeg(['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'], asBytes(tone(RATE)));
    const reader = new Mp3FrameReader();
    const frames = inPieces(mp3, (b) => reader.push(b));
    expect(reader.gapless).toBeNull();
    // 1 s plus the encoder delay, padded to whole 576-sample frames (LAME may flush one more).
    const least = Math.ceil((RATE + 576) / 576);
    expect(frames.length).toBeGreaterThanOrEqual(least);
    expect(frames.length).toBeLessThanOrEqual(least + 1);
  });
});

describe('Ogg Opus reader', () => {
  it('packets in any split, their 48 kHz lengths, the pre-skip and the end granule', () => {
    const input = tone(RATE * 2 + 77);
    const ogg = ffmpeg(['-c:a', 'libopus', '-b:a', '48k', '-f', 'ogg'], asBytes(input));
    const reader = new OggOpusReader();
    const packets = inPieces(ogg, (b) => reader.push(b));
    expect(reader.head).toMatchObject({ channels: 1 });
    expect(reader.head!.preSkip).toBeGreaterThan(0);
    expect(String.fromCharCode(...reader.head!.bytes.subarray(0, 8))).toBe('OpusHead');
    const total = packets.reduce((n, p) => n + p.samples, 0);
    const expected = Math.round((input.length * 48000) / RATE);
    // The granule of the last page is where the audio ends: pre-skip plus the input's length.
    expect(Math.abs(reader.endGranule! - reader.head!.preSkip - expected)).toBeLessThanOrEqual(1);
    // The packets hold that, plus at most one packet of padding.
    expect(total).toBeGreaterThanOrEqual(reader.endGranule!);
    expect(total - reader.endGranule!).toBeLessThan(960 * 3);
  });
});

describe('WAV chunk', () => {
  it.each([
    ['s16', 'pcm_s16le', 1 / 32768],
    ['s24', 'pcm_s24le', 1e-6],
    ['f32', 'pcm_f32le', 0],
  ])('decodes %s to the same samples', (_n, codec, tolerance) => {
    const input = tone(5000);
    const wav = decodeWav(ffmpeg(['-c:a', codec, '-f', 'wav'], asBytes(input)));
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
