// A WAV file this app wrote, read back strictly (its data size must match the file) with its bytes
// as a Buffer, for tests that compare them with what stdout got.
import { readWav, type WavFormat } from '../../shared/audio/wav';

export function parseWav(file: Uint8Array): WavFormat & { frames: number; data: Buffer } {
  const { format, data, frames } = readWav(file, { strict: true });
  return { ...format, frames, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
}
