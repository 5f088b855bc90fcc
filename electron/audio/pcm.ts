// Raw PCM bytes to Float32 samples, and WAV headers. Network chunks split samples anywhere, so a
// decoder carries the bytes of an unfinished sample over to the next chunk.

export type PcmEncoding = 's16le' | 'f32le';

export interface PcmDecoder {
  /** Returns the whole samples completed by these bytes. */
  push(bytes: Uint8Array): Float32Array<ArrayBuffer>;
  /** Bytes of an unfinished sample still held (0 at a clean end). */
  readonly pending: number;
}

export function createPcmDecoder(encoding: PcmEncoding): PcmDecoder {
  const width = encoding === 's16le' ? 2 : 4;
  let carry = new Uint8Array(0);
  return {
    get pending() {
      return carry.byteLength;
    },
    push(bytes) {
      let input = bytes;
      if (carry.byteLength > 0) {
        input = new Uint8Array(carry.byteLength + bytes.byteLength);
        input.set(carry);
        input.set(bytes, carry.byteLength);
      }
      const whole = input.byteLength - (input.byteLength % width);
      carry = input.slice(whole);
      return decodePcm(input.subarray(0, whole), encoding);
    },
  };
}

/** Decodes whole little-endian samples (a trailing partial sample is ignored). */
export function decodePcm(bytes: Uint8Array, encoding: PcmEncoding): Float32Array<ArrayBuffer> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 's16le') {
    const out = new Float32Array(bytes.byteLength >> 1);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
    return out;
  }
  const out = new Float32Array(bytes.byteLength >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Float samples to s16le bytes (clipped), for fakes and file writers. */
export function encodeS16le(samples: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    // The inverse of decodePcm's /32768, clipped to the 16-bit range.
    view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768))), true);
  }
  return out;
}

export interface WavFormat {
  /** 1 = integer PCM, 3 = IEEE float (WAVE_FORMAT_EXTENSIBLE is resolved to one of these). */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Where the sample data starts. */
  dataOffset: number;
  /** The data chunk's declared size; live streams may declare 0 or 0xFFFFFFFF, so do not trust it. */
  dataSize: number;
}

export class WavError extends Error {
  override readonly name = 'WavError';
}

const RIFF = 0x46464952; // "RIFF" little-endian
const WAVE = 0x45564157;
const FMT = 0x20746d66;
const DATA = 0x61746164;

export function startsWithRiff(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46;
}

/**
 * Reads a WAV header by walking its chunks (fmt, LIST, fact... in any order) up to "data".
 * Returns undefined if the bytes end before the header does; throws if they are not a WAV.
 */
export function parseWavHeader(bytes: Uint8Array): WavFormat | undefined {
  if (bytes.byteLength < 12) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== RIFF || v.getUint32(8, true) !== WAVE) throw new WavError('not a RIFF/WAVE stream');
  let at = 12;
  let fmt: Omit<WavFormat, 'dataOffset' | 'dataSize'> | undefined;
  while (at + 8 <= bytes.byteLength) {
    const id = v.getUint32(at, true);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === DATA) {
      if (!fmt) throw new WavError('data chunk before fmt chunk');
      return { ...fmt, dataOffset: body, dataSize: size };
    }
    if (body + size > bytes.byteLength) return undefined;
    if (id === FMT) {
      if (size < 16) throw new WavError('short fmt chunk');
      let formatTag = v.getUint16(body, true);
      if (formatTag === 0xfffe && size >= 26) formatTag = v.getUint16(body + 24, true);
      fmt = {
        formatTag,
        channels: v.getUint16(body + 2, true),
        sampleRate: v.getUint32(body + 4, true),
        bitsPerSample: v.getUint16(body + 14, true),
      };
    }
    at = body + size + (size & 1); // chunks are padded to even sizes
  }
  return undefined;
}

/** The PCM encoding a WAV format carries, if it is one this app decodes. */
export function wavEncoding(f: WavFormat): PcmEncoding {
  if (f.formatTag === 1 && f.bitsPerSample === 16) return 's16le';
  if (f.formatTag === 3 && f.bitsPerSample === 32) return 'f32le';
  throw new WavError(`unsupported WAV format ${f.formatTag}/${f.bitsPerSample}-bit`);
}

/** Splits one complete WAV (or a chunk that starts with its own header) into format and data. */
export function stripWavHeader(bytes: Uint8Array): { format: WavFormat | undefined; data: Uint8Array } {
  if (!startsWithRiff(bytes)) return { format: undefined, data: bytes };
  const format = parseWavHeader(bytes);
  if (!format) throw new WavError('truncated WAV header');
  return { format, data: bytes.subarray(format.dataOffset) };
}

export interface WavStreamDecoder {
  /** Feeds bytes of one WAV stream; samples come once the header is complete. */
  push(bytes: Uint8Array): Float32Array<ArrayBuffer>;
  /** The format, once the header has been read. */
  readonly format: WavFormat | undefined;
}

/** A WAV arriving over the network: buffers until the header is whole, then decodes PCM. */
export function createWavStreamDecoder(): WavStreamDecoder {
  let head: Uint8Array | undefined = new Uint8Array(0);
  let format: WavFormat | undefined;
  let pcm: PcmDecoder | undefined;
  return {
    get format() {
      return format;
    },
    push(bytes) {
      if (pcm) return pcm.push(bytes);
      const joined = new Uint8Array(head!.byteLength + bytes.byteLength);
      joined.set(head!);
      joined.set(bytes, head!.byteLength);
      format = parseWavHeader(joined);
      if (!format) {
        if (joined.byteLength > 1 << 20) throw new WavError('WAV header too long');
        head = joined;
        return new Float32Array(0);
      }
      head = undefined;
      pcm = createPcmDecoder(wavEncoding(format));
      return pcm.push(joined.subarray(format.dataOffset));
    },
  };
}

/** A 44-byte header for s16le PCM (dataSize 0 means "unknown": a live stream). */
export function wavHeader(sampleRate: number, channels: number, dataSize: number): Uint8Array {
  const h = new Uint8Array(44);
  const v = new DataView(h.buffer);
  v.setUint32(0, RIFF, true);
  v.setUint32(4, 36 + dataSize, true);
  v.setUint32(8, WAVE, true);
  v.setUint32(12, FMT, true);
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  v.setUint32(36, DATA, true);
  v.setUint32(40, dataSize, true);
  return h;
}
