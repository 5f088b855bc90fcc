// Ogg Opus (RFC 7845) muxing and demuxing of raw Opus packets. Granule positions count 48 kHz samples
// including the pre-skip, and the last page's granule trims the end, so players decode the exact length.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
  return crc >>> 0;
}

export interface OggOpusInfo {
  channels: number;
  /** Pre-skip in 48 kHz samples. */
  preSkip: number;
  /** The rate the audio had before encoding (informational). */
  inputSampleRate: number;
}

const VENDOR = 'Aloud';

/** 48 kHz samples in one Opus packet (RFC 6716 TOC byte). */
export function opusPacketSamples48k(packet: Uint8Array): number {
  const toc = packet[0]!;
  const config = toc >> 3;
  let frame: number;
  if (config < 12) frame = [480, 960, 1920, 2880][config & 3]!; // SILK: 10/20/40/60 ms
  else if (config < 16) frame = config & 1 ? 960 : 480; // hybrid: 10/20 ms
  else frame = [120, 240, 480, 960][config & 3]!; // CELT: 2.5/5/10/20 ms
  const code = toc & 3;
  let frames = 1;
  if (code === 1 || code === 2) frames = 2;
  else if (code === 3) frames = packet[1]! & 0x3f;
  return frame * frames;
}

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
    granule += BigInt(opusPacketSamples48k(p));
  }
  pages.push(page(batch, end, 0x04, serial, pageSeq));
  return concat(pages);
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

export interface DemuxedOggOpus {
  info: OggOpusInfo;
  packets: Uint8Array[];
  /** Granule of the last page: pre-skip plus the samples to keep, at 48 kHz. */
  lastGranule: bigint;
}

/** Reads an Ogg Opus stream, checking every page's CRC. */
export function demuxOggOpus(bytes: Uint8Array): DemuxedOggOpus {
  const packets: Uint8Array[] = [];
  let partial: Uint8Array[] = [];
  let lastGranule = 0n;
  let o = 0;
  while (o < bytes.length) {
    if (String.fromCharCode(...bytes.subarray(o, o + 4)) !== 'OggS') throw new Error(`no Ogg page at byte ${o}`);
    const v = new DataView(bytes.buffer, bytes.byteOffset + o);
    const segments = bytes[o + 26]!;
    const lacing = bytes.subarray(o + 27, o + 27 + segments);
    const bodyLength = lacing.reduce((a, b) => a + b, 0);
    const pageBytes = bytes.slice(o, o + 27 + segments + bodyLength);
    const crc = v.getUint32(22, true);
    new DataView(pageBytes.buffer).setUint32(22, 0, true);
    if (oggCrc(pageBytes) !== crc) throw new Error(`bad Ogg CRC at byte ${o}`);
    const granule = v.getBigUint64(6, true);
    if (granule !== 0xffffffffffffffffn) lastGranule = granule;
    let b = o + 27 + segments;
    for (const l of lacing) {
      partial.push(bytes.subarray(b, b + l));
      b += l;
      if (l < 255) {
        packets.push(concat(partial));
        partial = [];
      }
    }
    o += 27 + segments + bodyLength;
  }
  const head = packets.shift();
  if (!head || String.fromCharCode(...head.subarray(0, 8)) !== 'OpusHead') throw new Error('not an Ogg Opus stream');
  packets.shift(); // OpusTags
  const hv = new DataView(head.buffer, head.byteOffset);
  return {
    info: { channels: head[9]!, preSkip: hv.getUint16(10, true), inputSampleRate: hv.getUint32(12, true) },
    packets,
    lastGranule,
  };
}

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Packs packets as (u16 LE length, bytes)*, the compact form the library stores. */
export function packPackets(packets: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(packets.reduce((a, p) => a + 2 + p.length, 0));
  let o = 0;
  for (const p of packets) {
    out[o] = p.length & 0xff;
    out[o + 1] = p.length >> 8;
    out.set(p, o + 2);
    o += 2 + p.length;
  }
  return out;
}

export function unpackPackets(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  while (o + 2 <= bytes.length) {
    const n = bytes[o]! | (bytes[o + 1]! << 8);
    out.push(bytes.subarray(o + 2, o + 2 + n));
    o += 2 + n;
  }
  return out;
}
