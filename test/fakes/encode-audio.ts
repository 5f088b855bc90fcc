// Compressed audio for the fakes: real MP3 / Ogg Opus from the `ffmpeg` program (Debian package).
import { spawn } from 'node:child_process';
import { encodeS16le } from '../../shared/audio/pcm';

export type EncodedFormat = 'mp3' | 'ogg_opus';

export const ENCODED_MIME: Record<EncodedFormat, string> = { mp3: 'audio/mpeg', ogg_opus: 'audio/ogg; codecs=opus' };

export const DEFAULT_BIT_RATE = 64_000;

/** ffmpeg's output options for a format: how a provider's stream of it is made here. */
export function encoderArgs(format: EncodedFormat, bitRate = DEFAULT_BIT_RATE): string[] {
  // MP3 as providers stream it: no Xing/LAME frame (its gapless fields are known only at the end).
  const codec = format === 'mp3' ? ['-c:a', 'libmp3lame', '-write_xing', '0', '-f', 'mp3'] : ['-c:a', 'libopus', '-f', 'ogg'];
  return [...codec, '-b:a', String(bitRate)];
}

/** Encodes mono float samples; Opus is resampled by ffmpeg to 48 kHz as the codec requires. */
export function encodeAudio(samples: Float32Array, sampleRate: number, format: EncodedFormat, bitRate = DEFAULT_BIT_RATE): Promise<Uint8Array> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 's16le', '-ar', String(sampleRate), '-ac', '1', '-i', 'pipe:0', ...encoderArgs(format, bitRate), 'pipe:1'];
  return new Promise((resolve, reject) => {
    const p = spawn('ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(new Uint8Array(Buffer.concat(out)));
      else reject(new Error(`ffmpeg exited ${code}: ${Buffer.concat(err).toString()}`));
    });
    p.stdin.end(Buffer.from(encodeS16le(samples)));
  });
}
