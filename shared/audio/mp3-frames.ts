// MP3 framing, the one reader for both processes: splits a byte stream (arriving in arbitrary pieces)
// into whole frames, skipping an ID3v2 tag, and reads the gapless info of a Xing/Info frame (LAME tag:
// encoder delay and padding). Main counts the frames' duration; the player decodes them.

export interface Mp3Frame {
  /** The whole frame, header included. */
  bytes: Uint8Array;
  sampleRate: number;
  channels: number;
  /** Samples per channel the frame decodes to. */
  samples: number;
}

export interface Mp3Gapless {
  /** Samples the encoder added before the audio (not counting the decoder's own 529). */
  delay: number;
  /** Samples the encoder added after the audio (the decoder's 529 included, by LAME's convention). */
  padding: number;
  /** Audio frames in the stream, when the tag says. */
  frames?: number;
}

/** The MP3 decoder's own delay (the synthesis filterbank), added to the encoder's. */
export const MP3_DECODER_DELAY = 529;
/** LAME's encoder delay, the one to assume when a stream carries no tag to say. */
export const LAME_ENCODER_DELAY = 576;

/**
 * How many decoded samples past the audio an untagged LAME stream ends with. LAME pads the end with at
 * least 576 samples (its delay again) and then to a whole frame, so the padding is 576 to 576 + frame - 1
 * samples, of which the decoder's 529 of delay take the first: 47 to 46 + frame remain to cut.
 */
export function untaggedEndPadding(samplesPerFrame: number): { least: number; most: number } {
  const least = LAME_ENCODER_DELAY - MP3_DECODER_DELAY;
  return { least, most: least + samplesPerFrame - 1 };
}

const BITRATES: Record<string, number[]> = {
  // kbit/s by bitrate index, for [MPEG version]-[layer]
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES: Record<number, number[]> = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000] };

export interface Mp3Header {
  /** Bytes in the frame, header included. */
  length: number;
  samples: number;
  sampleRate: number;
  channels: number;
  mpeg1: boolean;
}

/** Reads a frame header from the 4 bytes at `at`; undefined if they are not one. */
export function parseMp3Header(b: Uint8Array, at: number): Mp3Header | undefined {
  const b1 = b[at + 1]!;
  const b2 = b[at + 2]!;
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  if (versionBits === 1 || layerBits === 0) return undefined;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 25;
  const layer = 4 - layerBits;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const bitrate = BITRATES[`${version === 1 ? 1 : 2}-${layer}`]![bitrateIndex]! * 1000;
  const sampleRate = RATES[version]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  const channels = b[at + 3]! >> 6 === 3 ? 1 : 2;
  const mpeg1 = version === 1;
  if (layer === 1) return { length: (Math.floor((12 * bitrate) / sampleRate) + padding) * 4, samples: 384, sampleRate, channels, mpeg1 };
  const samples = layer === 3 && !mpeg1 ? 576 : 1152;
  return { length: Math.floor(((samples / 8) * bitrate) / sampleRate) + padding, samples, sampleRate, channels, mpeg1 };
}

export class Mp3FrameReader {
  private buf = new Uint8Array(0);
  private id3Checked = false;
  private skip = 0;
  private first = true;
  /** From the Info/Xing frame, if the stream has one (set before the first audio frame is returned). */
  gapless: Mp3Gapless | null = null;

  /** Whole audio frames completed by these bytes (the Info frame is metadata: never returned). */
  push(bytes: Uint8Array): Mp3Frame[] {
    const joined = new Uint8Array(this.buf.length + bytes.length);
    joined.set(this.buf);
    joined.set(bytes, this.buf.length);
    let at = 0;
    const frames: Mp3Frame[] = [];
    if (!this.id3Checked && joined.length >= 10) {
      this.id3Checked = true;
      if (joined[0] === 0x49 && joined[1] === 0x44 && joined[2] === 0x33) {
        // ID3v2: a 10-byte header and a syncsafe size; its bytes are skipped as they arrive.
        this.skip = 10 + (((joined[6]! & 0x7f) << 21) | ((joined[7]! & 0x7f) << 14) | ((joined[8]! & 0x7f) << 7) | (joined[9]! & 0x7f));
      }
    }
    if (this.id3Checked) {
      for (;;) {
        if (this.skip > 0) {
          const n = Math.min(this.skip, joined.length - at);
          at += n;
          this.skip -= n;
          if (this.skip > 0) break;
        }
        if (joined.length - at < 4) break;
        const h = parseMp3Header(joined, at);
        if (!h) {
          at++; // resynchronise
          continue;
        }
        if (joined.length - at < h.length) break;
        // A view: `joined` is never written again, and WebCodecs copies what it is given.
        const frame = joined.subarray(at, at + h.length);
        at += h.length;
        if (this.first) {
          this.first = false;
          const info = readInfoFrame(frame, h);
          if (info) {
            this.gapless = info;
            continue;
          }
        }
        frames.push({ bytes: frame, sampleRate: h.sampleRate, channels: h.channels, samples: h.samples });
      }
    }
    this.buf = joined.slice(at);
    return frames;
  }
}

/** The Xing/Info frame's gapless fields (LAME tag: 12-bit delay and padding), or undefined. */
function readInfoFrame(frame: Uint8Array, h: Mp3Header): Mp3Gapless | undefined {
  // The tag follows the side information, whose size depends on the version and channels.
  const side = h.mpeg1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  const at = 4 + side;
  if (at + 8 > frame.length) return undefined;
  const tag = String.fromCharCode(...frame.subarray(at, at + 4));
  if (tag !== 'Xing' && tag !== 'Info') return undefined;
  const flags = (frame[at + 4]! << 24) | (frame[at + 5]! << 16) | (frame[at + 6]! << 8) | frame[at + 7]!;
  let p = at + 8;
  let frames: number | undefined;
  if (flags & 1) {
    frames = ((frame[p]! << 24) | (frame[p + 1]! << 16) | (frame[p + 2]! << 8) | frame[p + 3]!) >>> 0;
    p += 4;
  }
  if (flags & 2) p += 4;
  if (flags & 4) p += 100;
  if (flags & 8) p += 4;
  // LAME extension: 9-byte encoder name, then delay/padding 21 bytes in.
  if (p + 24 > frame.length) return { delay: 0, padding: 0, frames };
  const d = p + 21;
  const delay = (frame[d]! << 4) | (frame[d + 1]! >> 4);
  const padding = ((frame[d + 1]! & 0x0f) << 8) | frame[d + 2]!;
  return { delay, padding, frames };
}
