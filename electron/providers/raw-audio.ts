// Raw binary audio as the OpenAI-compatible, Sarvam and AI TTS streams send it: a WAV (told by its
// RIFF header, whatever the Content-Type claims) or bare s16le PCM at a rate the request fixed.
// It counts the sample bytes it has decoded, so that when the bytes start over from a durable copy
// (restart()) it skips exactly the samples already handed on; and it notices a stream that ends
// in the middle of a sample or header.
import { SynthesisError } from '../speech/synthesis-error';
import type { PcmPiece } from './estimate-timings';
import { createPcmDecoder, type PcmDecoder } from '../../shared/audio/pcm';
import { parseWavHeader, startsWithRiff, wavEncoding } from '../../shared/audio/wav';

export class RawAudioDecoder {
  private head = new Uint8Array(0);
  private pcm: PcmDecoder | undefined;
  private rate: number;
  private width = 2;
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
  }

  push(bytes: Uint8Array): PcmPiece {
    let data = bytes;
    if (!this.pcm) {
      const joined = new Uint8Array(this.head.length + bytes.length);
      joined.set(this.head);
      joined.set(bytes, this.head.length);
      this.head = joined;
      if (joined.length < 4) return this.empty();
      const isWav = this.expect === 'wav' || (this.expect === 'sniff' && startsWithRiff(joined));
      if (!isWav) {
        this.pcm = createPcmDecoder('s16le');
        this.width = 2;
      } else {
        let fmt;
        try {
          fmt = parseWavHeader(joined);
          if (fmt && fmt.channels !== 1) throw new Error(`${fmt.channels} channels`);
          if (fmt) this.width = wavEncoding(fmt) === 's16le' ? 2 : 4;
        } catch (err) {
          throw new SynthesisError(this.provider, 'server', `unreadable WAV audio (${(err as Error).message})`, { cause: err });
        }
        if (!fmt) return this.empty();
        this.rate = fmt.sampleRate;
        this.pcm = createPcmDecoder(wavEncoding(fmt));
        data = joined.subarray(fmt.dataOffset);
      }
      if (!isWav) data = joined;
      this.head = new Uint8Array(0);
    }
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
    }
    const samples = this.pcm.push(data);
    this.doneBytes += samples.length * this.width;
    return { samples, sampleRate: this.rate };
  }

  /** Throws if the audio ended in the middle of a header or a sample, or before what was skipped. */
  end(): void {
    if (this.head.length > 0 || (this.pcm?.pending ?? 0) > 0) throw new SynthesisError(this.provider, 'server', 'the audio stream ended in the middle of a sample');
    if (this.skip > 0) throw new SynthesisError(this.provider, 'server', 'the saved audio is shorter than the stream');
  }

  private empty(): PcmPiece {
    return { samples: new Float32Array(0), sampleRate: this.rate };
  }
}

/** Decodes a whole byte stream (no restarts). */
export async function* decodeRawAudio(provider: string, source: AsyncIterable<Uint8Array>, expect: 'wav' | 'pcm' | 'sniff', pcmRate: number): AsyncGenerator<PcmPiece> {
  const d = new RawAudioDecoder(provider, expect, pcmRate);
  for await (const bytes of source) {
    const piece = d.push(bytes);
    if (piece.samples.length > 0) yield piece;
  }
  d.end();
}
