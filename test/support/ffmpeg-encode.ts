// Encodes mono float samples with the ffmpeg program, synchronously, for tests of the audio readers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `input` is raw f32le mono at `rate`; `args` are ffmpeg's output options. To a pipe (a stream, as
 * providers send) or, with `toFile`, to a file (seekable: an MP3 then gets its Info/LAME frame).
 */
export function ffmpegEncodeF32(input: Uint8Array, rate: number, args: string[], toFile = false): Uint8Array {
  const dir = toFile ? mkdtempSync(join(tmpdir(), 'aloud-enc-')) : '';
  const target = toFile ? join(dir, 'out') : 'pipe:1';
  try {
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'f32le', '-ar', String(rate), '-ac', '1', '-i', 'pipe:0', ...args, '-y', target], {
      input,
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr.toString()}`);
    return new Uint8Array(toFile ? readFileSync(target) : r.stdout);
  } finally {
    if (toFile) rmSync(dir, { recursive: true, force: true });
  }
}

/** A 220 Hz tone at half scale, `samples` long at `rate`. */
export function toneF32(samples: number, rate: number): Float32Array {
  return Float32Array.from({ length: samples }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / rate));
}

export const f32Bytes = (f: Float32Array): Uint8Array => new Uint8Array(f.buffer, f.byteOffset, f.byteLength);

/** Feeds `bytes` in pieces of 1, 7, 333, 4096... bytes and collects what each push returns. */
export function pushInPieces<T>(bytes: Uint8Array, push: (b: Uint8Array) => T[]): T[] {
  const sizes = [1, 7, 333, 4096, 2, 1000];
  const out: T[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(...push(bytes.subarray(at, at + n)));
    at += n;
  }
  return out;
}

/** Decodes `bytes` (any format ffmpeg reads) to raw f32le, `channels` interleaved, at the stream's own rate. */
export function ffmpegDecodeF32(bytes: Uint8Array, channels = 1): Float32Array {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-f', 'f32le', '-ac', String(channels), 'pipe:1'], { input: bytes, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr.toString()}`);
  const out = new Uint8Array(r.stdout);
  return new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4);
}
