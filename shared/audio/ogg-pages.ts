// Ogg pages and the Opus stream in them (RFC 3533, RFC 7845), the one reader for both processes:
// splits bytes arriving in arbitrary pieces into Opus packets, checking each page's CRC, and reads
// what gapless playback and durations need: OpusHead's pre-skip (samples to drop at the start) and
// the pages' granule positions (where the audio ends, trimming the final packet's padding).
import { concatBytes } from '../bytes';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** The page checksum: CRC-32, polynomial 0x04c11db7, no reflection, over the page with its CRC field zeroed. */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
  return crc >>> 0;
}

/** Samples at 48 kHz in one Opus packet, from its TOC byte (RFC 6716 section 3.1). */
export function opusPacketSamples(p: Uint8Array): number {
  const toc = p[0]!;
  const config = toc >> 3;
  let frameSize: number;
  if (config < 12) frameSize = [480, 960, 1920, 2880][config & 3]!; // SILK: 10/20/40/60 ms
  else if (config < 16) frameSize = [480, 960][config & 1]!; // hybrid: 10/20 ms
  else frameSize = [120, 240, 480, 960][config & 3]!; // CELT: 2.5/5/10/20 ms
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? p[1]! & 0x3f : 2;
  return frameSize * frames;
}

export interface OpusHead {
  channels: number;
  /** Samples at 48 kHz to drop from the start of the decoded stream. */
  preSkip: number;
  /** The rate the audio had before encoding (informational). */
  inputSampleRate: number;
  /** The whole OpusHead packet: WebCodecs takes it as the decoder's description. */
  bytes: Uint8Array;
}

export interface OpusPacket {
  bytes: Uint8Array;
  /** Samples at 48 kHz the packet decodes to. */
  samples: number;
}

/** A granule position of all ones: no packet ends on this page. */
const NO_GRANULE = 0xffffffff;

export class OggOpusReader {
  private buf = new Uint8Array(0);
  /** Packet continued from the previous page. */
  private partial: Uint8Array[] = [];
  private packetsSeen = 0;
  head: OpusHead | null = null;
  /** Granule position of the latest page that has one: pre-skip plus the samples ended so far. */
  lastGranule: number | null = null;
  /** Granule position of the page that ended the stream (set when the end-of-stream page arrives). */
  endGranule: number | null = null;

  /** The audio packets completed by these bytes (OpusHead and OpusTags are read, not returned). */
  push(bytes: Uint8Array): OpusPacket[] {
    const b = new Uint8Array(this.buf.length + bytes.length);
    b.set(this.buf);
    b.set(bytes, this.buf.length);
    let at = 0;
    const out: OpusPacket[] = [];
    for (;;) {
      if (b.length - at < 27) break;
      if (b[at] !== 0x4f || b[at + 1] !== 0x67 || b[at + 2] !== 0x67 || b[at + 3] !== 0x53) {
        at++; // resynchronise on "OggS"
        continue;
      }
      const count = b[at + 26]!;
      if (b.length - at < 27 + count) break;
      let size = 0;
      for (let i = 0; i < count; i++) size += b[at + 27 + i]!;
      const length = 27 + count + size;
      if (b.length - at < length) break;
      if (!crcMatches(b.subarray(at, at + length))) {
        at++; // not a page after all (or a damaged one): look for the next
        continue;
      }
      const view = new DataView(b.buffer, b.byteOffset + at);
      const lo = view.getUint32(6, true);
      const hi = view.getUint32(10, true);
      let p = at + 27 + count;
      for (let i = 0; i < count; i++) {
        const lace = b[at + 27 + i]!;
        this.partial.push(b.subarray(p, p + lace));
        p += lace;
        if (lace < 255) {
          this.packet(concatBytes(this.partial), out);
          this.partial = [];
        }
      }
      if (!(lo === NO_GRANULE && hi === NO_GRANULE)) this.lastGranule = hi * 2 ** 32 + lo;
      if (b[at + 5]! & 0x04) this.endGranule = this.lastGranule;
      at += length;
    }
    this.buf = b.slice(at);
    return out;
  }

  private packet(p: Uint8Array, out: OpusPacket[]): void {
    const n = this.packetsSeen++;
    if (n === 0) {
      if (p.length < 19 || String.fromCharCode(...p.subarray(0, 8)) !== 'OpusHead') throw new Error('not an Ogg Opus stream');
      const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
      this.head = { channels: p[9]!, preSkip: v.getUint16(10, true), inputSampleRate: v.getUint32(12, true), bytes: p.slice() };
      return;
    }
    if (n === 1) return; // OpusTags
    if (p.length === 0) return;
    out.push({ bytes: p, samples: opusPacketSamples(p) });
  }
}

function crcMatches(page: Uint8Array): boolean {
  const stated = new DataView(page.buffer, page.byteOffset + 22, 4).getUint32(0, true);
  const zeroed = page.slice();
  zeroed.fill(0, 22, 26);
  return oggCrc(zeroed) === stated;
}
