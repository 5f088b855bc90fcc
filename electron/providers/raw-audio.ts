// Raw binary audio as the OpenAI-compatible, Sarvam and AI TTS streams send it: a WAV (told by its
// RIFF header, whatever the Content-Type claims) or bare s16le PCM at a rate the request fixed.
// It counts the sample bytes it has decoded, so that when the bytes start over from a durable copy
// (restart()) it skips exactly the samples already handed on; and it notices a stream that ends
// in the middle of a sample or header.
import { SynthesisError } from '../speech/synthesis-error';
import type { PcmPiece } from './estimate-timings';
import { createPcmDecoder, joinFloat32, type PcmDecoder, type PcmEncoding } from '../../shared/audio/pcm';
import { concatBytes } from '../../shared/bytes';
import { parseWavHeader, startsWithRiff, wavEncoding } from '../../shared/audio/wav';

const RIFF = [0x52, 0x49, 0x46, 0x46];
const WAVE = [0x57, 0x41, 0x56, 0x45];
/** Bytes held back while the data's length is unknown: a RIFF header may begin in them. */
const SIGNATURE_BYTES = 12;
const UNKNOWN_SIZES = new Set([0, 0xffffffff]);

/** Where a "RIFF....WAVE" signature starts in `bytes`, at or after `from`; -1 if none. */
function findWavSignature(bytes: Uint8Array, from = 0): number {
  for (let at = from; at + SIGNATURE_BYTES <= bytes.length; at++) {
    if (RIFF.every((b, k) => bytes[at + k] === b) && WAVE.every((b, k) => bytes[at + 8 + k] === b)) return at;
  }
  return -1;
}

export class RawAudioDecoder {
  /** Bytes of a WAV header not yet complete (or, in a WAV of unknown length, held back: see below). */
  private head: Uint8Array = new Uint8Array(0);
  private pcm: PcmDecoder | undefined;
  private rate: number;
  private width = 2;
  private wav = false;
  /** The sample encoding of the WAV being read. */
  private encoding: PcmEncoding | undefined;
  /** Sample bytes left in the current WAV's data chunk: Infinity when its header did not say. */
  private remaining = Infinity;
  /** Sample bytes decoded so far. */
  private doneBytes = 0;
  private skip = 0;

  /** `expect`: 'wav' or 'pcm' if the protocol fixes it, 'sniff' to decide by the first bytes. */
  constructor(
    private readonly provider: string,
    private readonly expect: 'wav' | 'pcm' | 'sniff',
    pcmRate: number,
  ) {
    this.rate = pcmRate;
  }

  /** The bytes start over from the beginning of the same audio (a durable copy of a lost stream). */
  restart(): void {
    this.skip = this.doneBytes;
    this.head = new Uint8Array(0);
    this.pcm = undefined;
    this.remaining = Infinity;
  }

  /**
   * Some services send a stream as several WAV files back to back, each with its own header (Sarvam,
   * per sentence): every header is read and none is played as samples (it would be a click). A header
   * that gives the data's length ends it there; one that does not (a live stream's 0 or 0xFFFFFFFF) is
   * ended by the next RIFF/WAVE signature.
   */
  push(bytes: Uint8Array): PcmPiece {
    const out: Float32Array[] = [];
    let data = this.head.length ? concatBytes([this.head, bytes]) : bytes;
    this.head = new Uint8Array(0);
    while (data.length > 0) {
      if (!this.pcm) {
        const header = this.readHeader(data);
        if (header === null) {
          this.head = data;
          break;
        }
        data = header;
        continue;
      }
      let take = data.length;
      if (this.wav && this.remaining !== Infinity) take = Math.min(take, this.remaining);
      else if (this.wav) {
        const next = findWavSignature(data);
        // Hold back what may be the start of a signature until more bytes tell.
        take = next >= 0 ? next : Math.max(0, data.length - (SIGNATURE_BYTES - 1));
      }
      out.push(this.decode(data.subarray(0, take)));
      data = data.subarray(take);
      if (this.wav && this.remaining !== Infinity) this.remaining -= take;
      if (this.wav && (this.remaining === 0 || (this.remaining === Infinity && startsWithRiff(data) && findWavSignature(data) === 0))) {
        // The next WAV of the stream: its header comes next.
        this.pcm = undefined;
        this.remaining = Infinity;
      } else if (this.wav && this.remaining === Infinity && data.length > 0) {
        this.head = data;
        break;
      }
    }
    return { samples: out.length === 1 ? out[0]! : joinFloat32(out), sampleRate: this.rate };
  }

  /** Reads a header at the start of `data`: the bytes after it, or null when it is not complete yet. */
  private readHeader(data: Uint8Array): Uint8Array | null {
    if (data.length < 4) return null;
    const isWav = this.expect === 'wav' || (this.expect === 'sniff' && startsWithRiff(data)) || this.wav;
    if (!isWav) {
      this.pcm = createPcmDecoder('s16le');
      this.width = 2;
      return data;
    }
    if (this.wav && this.encoding && !startsWithRiff(data)) {
      // More samples after a WAV whose header declared fewer (a live stream that cannot know its
      // length): they go on in the same format, to the end or the next header.
      this.pcm = createPcmDecoder(this.encoding);
      this.remaining = Infinity;
      return data;
    }
    let fmt;
    try {
      fmt = parseWavHeader(data);
      if (fmt && fmt.channels !== 1) throw new Error(`${fmt.channels} channels`);
      if (fmt) this.width = wavEncoding(fmt) === 's16le' ? 2 : 4;
    } catch (err) {
      throw new SynthesisError(this.provider, 'server', `unreadable WAV audio (${(err as Error).message})`, { cause: err });
    }
    if (!fmt) return null;
    this.wav = true;
    this.rate = fmt.sampleRate;
    this.encoding = wavEncoding(fmt);
    this.pcm = createPcmDecoder(this.encoding);
    this.remaining = UNKNOWN_SIZES.has(fmt.dataSize) ? Infinity : fmt.dataSize;
    return data.subarray(fmt.dataOffset);
  }

  private decode(bytes: Uint8Array): Float32Array {
    let data = bytes;
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
    }
    const samples = this.pcm!.push(data);
    this.doneBytes += samples.length * this.width;
    return samples;
  }

  /** Decodes what was held back; throws if the audio ended in the middle of a header or a sample, or before what was skipped. */
  end(): PcmPiece {
    let tail: Float32Array = new Float32Array(0);
    if (this.pcm && this.wav && this.head.length > 0) {
      tail = this.decode(this.head);
      this.head = new Uint8Array(0);
    }
    if (this.head.length > 0 || (this.pcm?.pending ?? 0) > 0) throw new SynthesisError(this.provider, 'server', 'the audio stream ended in the middle of a sample');
    if (this.skip > 0) throw new SynthesisError(this.provider, 'server', 'the saved audio is shorter than the stream');
    return { samples: tail, sampleRate: this.rate };
  }
}

/** Decodes a whole byte stream (no restarts). */
export async function* decodeRawAudio(provider: string, source: AsyncIterable<Uint8Array>, expect: 'wav' | 'pcm' | 'sniff', pcmRate: number): AsyncGenerator<PcmPiece> {
  const d = new RawAudioDecoder(provider, expect, pcmRate);
  for await (const bytes of source) {
    const piece = d.push(bytes);
    if (piece.samples.length > 0) yield piece;
  }
  const tail = d.end();
  if (tail.samples.length > 0) yield tail;
}
