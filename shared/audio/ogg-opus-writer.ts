// Ogg Opus (RFC 7845) writing: raw Opus packets muxed into pages. Granule positions count 48 kHz
// samples including the pre-skip, and the last page's granule trims the end, so players decode the
// exact length. Reading pages is ogg-pages.ts.
import { concatBytes } from '../bytes';
import { oggCrc, opusPacketSamples } from './ogg-pages';

export interface OggOpusInfo {
  channels: number;
  /** Pre-skip in 48 kHz samples. */
  preSkip: number;
  /** The rate the audio had before encoding (informational). */
  inputSampleRate: number;
}

const VENDOR = 'Aloud';

export function muxOggOpus(info: OggOpusInfo, packets: Uint8Array[], totalSamples48k: number, serial = 0x416c6f75): Uint8Array {
  const pages: Uint8Array[] = [];
  let pageSeq = 0;
  const head = new Uint8Array(19);
  const hv = new DataView(head.buffer);
  head.set(ascii('OpusHead'), 0);
  head[8] = 1;
  head[9] = info.channels;
  hv.setUint16(10, info.preSkip, true);
  hv.setUint32(12, info.inputSampleRate, true);
  hv.setInt16(16, 0, true);
  head[18] = 0;
  pages.push(page([head], 0n, 0x02, serial, pageSeq++));
  const vendor = ascii(VENDOR);
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set(ascii('OpusTags'), 0);
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(vendor, 12);
  pages.push(page([tags], 0n, 0, serial, pageSeq++));

  const end = BigInt(info.preSkip + totalSamples48k);
  let granule = 0n;
  let batch: Uint8Array[] = [];
  let lacing = 0;
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i]!;
    const laces = Math.floor(p.length / 255) + 1;
    if (batch.length > 0 && (lacing + laces > 255 || batch.length >= 50)) {
      pages.push(page(batch, granule < end ? granule : end, 0, serial, pageSeq++));
      batch = [];
      lacing = 0;
    }
    batch.push(p);
    lacing += laces;
    granule += BigInt(opusPacketSamples(p));
  }
  pages.push(page(batch, end, 0x04, serial, pageSeq));
  return concatBytes(pages);
}

function page(packets: Uint8Array[], granule: bigint, flags: number, serial: number, seq: number): Uint8Array {
  const lacing: number[] = [];
  for (const p of packets) {
    let n = p.length;
    while (n >= 255) {
      lacing.push(255);
      n -= 255;
    }
    lacing.push(n);
  }
  const bodyLength = packets.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(27 + lacing.length + bodyLength);
  const v = new DataView(out.buffer);
  out.set(ascii('OggS'), 0);
  out[4] = 0;
  out[5] = flags;
  v.setBigUint64(6, granule, true);
  v.setUint32(14, serial, true);
  v.setUint32(18, seq, true);
  out[26] = lacing.length;
  out.set(lacing, 27);
  let o = 27 + lacing.length;
  for (const p of packets) {
    out.set(p, o);
    o += p.length;
  }
  v.setUint32(22, oggCrc(out), true);
  return out;
}

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
