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
