import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { createDurationCounter } from './encoded-duration';

// Real encoders: 1.5 s of a tone through ffmpeg, then count the stream cut in random places.
function encode(args: string[]): Uint8Array {
  return new Uint8Array(
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=24000:duration=1.5', ...args, 'pipe:1'], {
      maxBuffer: 16 << 20,
    }),
  );
}

function countInPieces(mime: string, bytes: Uint8Array, cuts: number[]): number {
  const c = createDurationCounter(mime)!;
  let ms = 0;
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    ms += c.push(bytes.subarray(from, cut));
    from = cut;
  }
  return ms + c.push(bytes.subarray(from));
}

describe('encoded duration', () => {
  const mp3 = encode(['-c:a', 'libmp3lame', '-b:a', '48k', '-f', 'mp3']);
  const ogg = encode(['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg']);

  it('counts the MP3 frames of a real stream, whatever the chunking (within the encoder padding)', () => {
    const whole = countInPieces('audio/mpeg', mp3, []);
    // LAME adds up to ~1 frame of delay and padding at 24 kHz (576 samples = 24 ms each).
    expect(whole).toBeGreaterThanOrEqual(1500);
    expect(whole).toBeLessThanOrEqual(1500 + 3 * 24);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: mp3.length }), { maxLength: 10 }), (cuts) => countInPieces('audio/mpeg', mp3, cuts) === whole), {
      numRuns: 50,
    });
  });

  it('reads the Ogg Opus granule positions net of pre-skip, whatever the chunking', () => {
    const whole = countInPieces('audio/ogg; codecs=opus', ogg, []);
    expect(whole).toBeCloseTo(1500, 0);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: ogg.length }), { maxLength: 10 }), (cuts) => Math.abs(countInPieces('audio/ogg', ogg, cuts) - whole) < 1e-6), {
      numRuns: 50,
    });
  });

  it('knows nothing of other types', () => {
    expect(createDurationCounter('audio/flac')).toBeUndefined();
  });
});
