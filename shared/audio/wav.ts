// WAV framing, the one reader and the one writer for both processes: the header walker (any chunk
// order, WAVE_FORMAT_EXTENSIBLE), a streaming decoder for WAVs arriving over the network, whole-file
// decoding to float samples (8/16/24/32-bit integer PCM and 32-bit float), and the 16-bit writer.
import { createPcmDecoder, encodeS16le, type PcmDecoder, type PcmEncoding } from './pcm';

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

/** Interleaved float samples in [-1, 1] with their format. */
export interface PcmBuffer {
  sampleRate: number;
  channels: number;
  samples: Float32Array;
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
  if (v.getUint32(0, true) !== RIFF || v.getUint32(8, true) !== WAVE) throw new WavError('not a WAV file (no RIFF/WAVE header)');
  let at = 12;
  let fmt: Omit<WavFormat, 'dataOffset' | 'dataSize'> | undefined;
  while (at + 8 <= bytes.byteLength) {
    const id = v.getUint32(at, true);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === DATA) {
      if (!fmt) throw new WavError('WAV data chunk before its fmt chunk');
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

/** The streaming PCM encoding a WAV format carries, if it is one the stream decoder takes. */
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

/**
 * A whole WAV file's format and sample bytes. A streamed WAV may declare 0 or 0xFFFFFFFF as its data
 * size, or more than arrived: the data is then what is there, unless `strict` (checking a file this app
 * wrote), where a size that does not match the file is an error.
 */
export function readWav(bytes: Uint8Array, options: { strict?: boolean } = {}): { format: WavFormat; data: Uint8Array; frames: number } {
  const format = parseWavHeader(bytes);
  if (!format) throw new WavError('WAV without data');
  const available = bytes.byteLength - format.dataOffset;
  let size = format.dataSize;
  if (size > available || size === 0) {
    if (options.strict) throw new WavError(`WAV data chunk claims ${size} bytes, the file has ${available}`);
    size = available;
  }
  const data = bytes.subarray(format.dataOffset, format.dataOffset + size);
  const frameBytes = format.channels * (format.bitsPerSample / 8);
  return { format, data, frames: frameBytes > 0 ? Math.floor(size / frameBytes) : 0 };
}

/** A whole WAV file's samples as floats. */
export function decodeWav(bytes: Uint8Array): PcmBuffer {
  const { format, data } = readWav(bytes);
  return { sampleRate: format.sampleRate, channels: format.channels, samples: samplesToFloat(data, format) };
}

function samplesToFloat(bytes: Uint8Array, { formatTag, bitsPerSample: bits }: WavFormat): Float32Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Math.floor(bytes.byteLength / (bits / 8));
  const out = new Float32Array(n);
  if (formatTag === 3 && bits === 32) for (let i = 0; i < n; i++) out[i] = v.getFloat32(i * 4, true);
  else if (formatTag === 1 && bits === 16) for (let i = 0; i < n; i++) out[i] = v.getInt16(i * 2, true) / 32768;
  else if (formatTag === 1 && bits === 8) for (let i = 0; i < n; i++) out[i] = (v.getUint8(i) - 128) / 128;
  else if (formatTag === 1 && bits === 24) {
    for (let i = 0; i < n; i++) {
      const p = i * 3;
      out[i] = (v.getUint8(p) | (v.getUint8(p + 1) << 8) | (v.getInt8(p + 2) << 16)) / 8388608;
    }
  } else if (formatTag === 1 && bits === 32) for (let i = 0; i < n; i++) out[i] = v.getInt32(i * 4, true) / 2147483648;
  else throw new WavError(`unsupported WAV format ${formatTag}/${bits} bits`);
  return out;
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

/** A whole 16-bit PCM WAV file, the plainest file every player and editor opens. */
export function encodeWav({ sampleRate, channels, samples }: PcmBuffer): Uint8Array {
  const data = encodeS16le(samples);
  const out = new Uint8Array(44 + data.length);
  out.set(wavHeader(sampleRate, channels, data.length));
  out.set(data, 44);
  return out;
}
