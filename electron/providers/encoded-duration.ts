// How much audio a piece of an MP3 or Ogg Opus stream holds, without decoding it. A chunk's
// duration is needed to place the next chunk on the reading's clock; timestamps cannot give it
// (they end at the last word, not at the end of the audio), the container framing can:
// MP3 frames hold a fixed number of samples, Ogg pages carry the sample position (granule).
// A unit (frame or page) counts in the chunk that completes it, so the sum over a stream is exact.

export interface DurationCounter {
  /** Milliseconds of audio completed by these bytes. */
  push(bytes: Uint8Array): number;
}

export function createDurationCounter(mime: string): DurationCounter | undefined {
  const m = mime.toLowerCase();
  if (m.startsWith('audio/mpeg') || m.startsWith('audio/mp3')) return createMp3DurationCounter();
  if (m.startsWith('audio/ogg') || m.startsWith('audio/opus')) return createOggOpusDurationCounter();
  return undefined;
}

class ByteQueue {
  private buf = new Uint8Array(0);
  private at = 0;
  append(bytes: Uint8Array): void {
    const rest = this.buf.subarray(this.at);
    const next = new Uint8Array(rest.byteLength + bytes.byteLength);
    next.set(rest);
    next.set(bytes, rest.byteLength);
    this.buf = next;
    this.at = 0;
  }
  get length(): number {
    return this.buf.byteLength - this.at;
  }
  byte(i: number): number {
    return this.buf[this.at + i]!;
  }
  view(): DataView {
    return new DataView(this.buf.buffer, this.buf.byteOffset + this.at, this.length);
  }
  skip(n: number): void {
    this.at += n;
  }
}

const MP3_BITRATES: Record<string, number[]> = {
  // kbit/s by bitrate index, for [MPEG version][layer]
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, number[]> = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000] };

interface Mp3Frame {
  length: number;
  samples: number;
  sampleRate: number;
}

/** Reads a frame header; undefined if these 4 bytes are not one. */
export function parseMp3FrameHeader(b0: number, b1: number, b2: number): Mp3Frame | undefined {
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  if (versionBits === 1 || layerBits === 0) return undefined;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 25;
  const layer = 4 - layerBits;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const bitrate = MP3_BITRATES[`${version === 1 ? 1 : 2}-${layer}`]![bitrateIndex]! * 1000;
  const sampleRate = MP3_RATES[version]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  if (layer === 1) return { length: (Math.floor((12 * bitrate) / sampleRate) + padding) * 4, samples: 384, sampleRate };
  const samples = layer === 3 && version !== 1 ? 576 : 1152;
  return { length: Math.floor(((samples / 8) * bitrate) / sampleRate) + padding, samples, sampleRate };
}

export function createMp3DurationCounter(): DurationCounter {
  const q = new ByteQueue();
  let id3Checked = false;
  let first = true;
  let pendingSkip = 0;
  return {
    push(bytes) {
      q.append(bytes);
      let ms = 0;
      if (!id3Checked) {
        if (q.length < 10) return 0;
        id3Checked = true;
        if (q.byte(0) === 0x49 && q.byte(1) === 0x44 && q.byte(2) === 0x33) {
          // ID3v2: a 10-byte header then a syncsafe size; its bytes are skipped as they arrive.
          const size = ((q.byte(6) & 0x7f) << 21) | ((q.byte(7) & 0x7f) << 14) | ((q.byte(8) & 0x7f) << 7) | (q.byte(9) & 0x7f);
          pendingSkip = 10 + size;
        }
      }
      for (;;) {
        if (pendingSkip > 0) {
          const n = Math.min(pendingSkip, q.length);
          q.skip(n);
          pendingSkip -= n;
          if (pendingSkip > 0) return ms;
        }
        if (q.length < 4) return ms;
        const frame = parseMp3FrameHeader(q.byte(0), q.byte(1), q.byte(2));
        if (!frame) {
          q.skip(1); // resynchronise
          continue;
        }
        if (q.length < frame.length) return ms;
        // The first frame may be a Xing/Info tag: metadata that decoders do not play.
        if (!(first && isXingFrame(q, frame.length))) ms += (frame.samples / frame.sampleRate) * 1000;
        first = false;
        q.skip(frame.length);
      }
    },
  };
}

function isXingFrame(q: ByteQueue, length: number): boolean {
  for (let i = 4; i + 4 <= Math.min(length, 64); i++) {
    const tag = String.fromCharCode(q.byte(i), q.byte(i + 1), q.byte(i + 2), q.byte(i + 3));
    if (tag === 'Xing' || tag === 'Info') return true;
  }
  return false;
}

export function createOggOpusDurationCounter(): DurationCounter {
  const q = new ByteQueue();
  let preSkip = 0;
  let doneMs = 0; // audio counted so far
  let headSeen = false;
  return {
    push(bytes) {
      q.append(bytes);
      const before = doneMs;
      for (;;) {
        if (q.length < 27) break;
        if (q.byte(0) !== 0x4f || q.byte(1) !== 0x67 || q.byte(2) !== 0x67 || q.byte(3) !== 0x53) {
          q.skip(1); // resynchronise on "OggS"
          continue;
        }
        const segments = q.byte(26);
        if (q.length < 27 + segments) break;
        let body = 0;
        for (let i = 0; i < segments; i++) body += q.byte(27 + i);
        const size = 27 + segments + body;
        if (q.length < size) break;
        const v = q.view();
        const lo = v.getUint32(6, true);
        const hi = v.getUint32(10, true);
        const start = 27 + segments;
        if (!headSeen && body >= 12 && String.fromCharCode(...Array.from({ length: 8 }, (_, i) => q.byte(start + i))) === 'OpusHead') {
          headSeen = true;
          preSkip = v.getUint16(start + 10, true);
        } else if (!(lo === 0xffffffff && hi === 0xffffffff)) {
          const granule = hi * 2 ** 32 + lo;
          doneMs = Math.max(doneMs, (Math.max(0, granule - preSkip) / 48000) * 1000);
        }
        q.skip(size);
      }
      return doneMs - before;
    },
  };
}
