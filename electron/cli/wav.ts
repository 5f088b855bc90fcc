// Reading back the WAVE files the command line writes (electron/audio/pcm.ts writes them).

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Samples per channel. */
  frames: number;
  data: Buffer;
}

/** Reads a PCM WAVE file (as this module writes them); throws on anything else. */
export function parseWav(file: Buffer): WavInfo {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let offset = 12;
  let fmt: { channels: number; sampleRate: number; bitsPerSample: number } | null = null;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (file.readUInt16LE(body) !== 1) throw new Error('not PCM');
      fmt = { channels: file.readUInt16LE(body + 2), sampleRate: file.readUInt32LE(body + 4), bitsPerSample: file.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('data before fmt');
      if (body + size > file.length) throw new Error(`data chunk claims ${size} bytes, file has ${file.length - body}`);
      const data = file.subarray(body, body + size);
      return { ...fmt, frames: size / (fmt.channels * (fmt.bitsPerSample / 8)), data };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('no data chunk');
}
