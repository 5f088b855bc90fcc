// Reads a WAV chunk (a whole RIFF file, as some providers send per chunk) into float samples:
// 8/16/24/32-bit integer PCM or 32-bit float.

export interface WavPcm {
  sampleRate: number;
  channels: number;
  samples: Float32Array;
}

export function decodeWav(bytes: Uint8Array): WavPcm {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let at = 12;
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    // Streamed WAVs may give 0 or 0xffffffff as the data size: take what is there.
    let size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = v.getUint16(body, true);
      channels = v.getUint16(body + 2, true);
      sampleRate = v.getUint32(body + 4, true);
      bits = v.getUint16(body + 14, true);
      if (format === 0xfffe && size >= 26) format = v.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE
    } else if (id === 'data') {
      if (!channels) throw new Error('WAV data before its format');
      if (size === 0 || body + size > bytes.length) size = bytes.length - body;
      return { sampleRate, channels, samples: toFloat(v, body, size, format, bits) };
    }
    at = body + size + (size & 1);
  }
  throw new Error('WAV without data');
}

function toFloat(v: DataView, at: number, size: number, format: number, bits: number): Float32Array {
  const bytesPer = bits / 8;
  const n = Math.floor(size / bytesPer);
  const out = new Float32Array(n);
  if (format === 3 && bits === 32) for (let i = 0; i < n; i++) out[i] = v.getFloat32(at + i * 4, true);
  else if (format === 1 && bits === 16) for (let i = 0; i < n; i++) out[i] = v.getInt16(at + i * 2, true) / 32768;
  else if (format === 1 && bits === 8) for (let i = 0; i < n; i++) out[i] = (v.getUint8(at + i) - 128) / 128;
  else if (format === 1 && bits === 24) {
    for (let i = 0; i < n; i++) {
      const p = at + i * 3;
      out[i] = ((v.getUint8(p) | (v.getUint8(p + 1) << 8) | (v.getInt8(p + 2) << 16)) / 8388608);
    }
  } else if (format === 1 && bits === 32) for (let i = 0; i < n; i++) out[i] = v.getInt32(at + i * 4, true) / 2147483648;
  else throw new Error(`unsupported WAV format ${format}/${bits} bits`);
  return out;
}
