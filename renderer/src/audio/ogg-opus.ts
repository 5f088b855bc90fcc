// Splits an Ogg Opus byte stream (arriving in arbitrary pieces) into Opus packets for WebCodecs, and
// reads what gapless playback needs: the pre-skip from OpusHead (samples to drop at the start) and
// the last page's granule position (where the audio ends, trimming the final packet's padding).

export interface OpusHead {
  channels: number;
  /** Samples at 48 kHz to drop from the start of the decoded stream. */
  preSkip: number;
  /** The whole OpusHead packet: WebCodecs takes it as the decoder's description. */
  bytes: Uint8Array;
}

export interface OpusPacket {
  bytes: Uint8Array;
  /** Samples at 48 kHz the packet decodes to. */
  samples: number;
}

export class OggOpusReader {
  private buf = new Uint8Array(0);
  /** Packet continued from the previous page. */
  private partial: Uint8Array[] = [];
  private packetsSeen = 0;
  head: OpusHead | null = null;
  /** Granule position of the page that ended the stream (set when the end-of-stream page arrives). */
  endGranule: number | null = null;

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
      const flags = b[at + 5]!;
      const count = b[at + 26]!;
      if (b.length - at < 27 + count) break;
      let size = 0;
      for (let i = 0; i < count; i++) size += b[at + 27 + i]!;
      if (b.length - at < 27 + count + size) break;
      const view = new DataView(b.buffer, b.byteOffset + at);
      const granule = view.getUint32(6, true) + view.getUint32(10, true) * 2 ** 32;
      let p = at + 27 + count;
      for (let i = 0; i < count; i++) {
        const lace = b[at + 27 + i]!;
        this.partial.push(b.subarray(p, p + lace));
        p += lace;
        if (lace < 255) this.packet(joinAll(this.partial), out);
        if (lace < 255) this.partial = [];
      }
      if (flags & 0x04) this.endGranule = granule;
      at += 27 + count + size;
    }
    this.buf = b.slice(at);
    return out;
  }

  private packet(p: Uint8Array, out: OpusPacket[]): void {
    const n = this.packetsSeen++;
    if (n === 0) {
      if (String.fromCharCode(...p.subarray(0, 8)) !== 'OpusHead') throw new Error('not an Ogg Opus stream');
      this.head = { channels: p[9]!, preSkip: p[10]! | (p[11]! << 8), bytes: p.slice() };
      return;
    }
    if (n === 1) return; // OpusTags
    if (p.length === 0) return;
    out.push({ bytes: p.slice(), samples: opusPacketSamples(p) });
  }
}

function joinAll(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
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
  const frames = code === 0 ? 1 : code === 3 ? (p[1]! & 0x3f) : 2;
  return frameSize * frames;
}
