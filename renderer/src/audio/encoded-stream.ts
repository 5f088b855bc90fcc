// Decodes one compressed stream (one segment's MP3 or Ogg Opus, arriving in arbitrary pieces) with
// WebCodecs, trimming what the codec adds so segment seams are gapless and the audio starts where
// the word timings say:
// - Opus: Chromium drops the pre-skip itself (measured); the final packet's padding is cut at the
//   end granule.
// - MP3: Chromium returns the decoder's 529-sample delay and the encoder's delay; both are cut (the
//   LAME tag's delay, or LAME's default 576 for a stream without one). With a tag the padding is cut
//   to the sample; without one (the usual case for a stream: the tag's fields are known only at its
//   end) by EndPaddingTrim, from LAME's bounds on the padding and the quiet at the end.
import { LAME_ENCODER_DELAY, MP3_DECODER_DELAY, Mp3FrameReader, untaggedEndPadding } from '../../../shared/audio/mp3-frames';
import { OggOpusReader } from '../../../shared/audio/ogg-pages';
import { EndPaddingTrim } from './end-padding-trim';

export type EncodedKind = 'mp3' | 'opus' | 'wav';

export function encodedKind(mime: string): EncodedKind | undefined {
  const m = mime.toLowerCase();
  if (m.startsWith('audio/mpeg') || m.startsWith('audio/mp3')) return 'mp3';
  if (m.startsWith('audio/ogg') || m.startsWith('audio/opus') || m.startsWith('audio/webm; codecs=opus')) return 'opus';
  if (m.startsWith('audio/wav') || m.startsWith('audio/x-wav') || m.startsWith('audio/wave')) return 'wav';
  return undefined;
}

export interface DecodedPcm {
  /** Interleaved. */
  samples: Float32Array;
  channels: number;
  sampleRate: number;
}

export class EncodedStreamDecoder {
  private decoder: AudioDecoder | null = null;
  private readonly mp3 = new Mp3FrameReader();
  private readonly ogg = new OggOpusReader();
  private timestamp = 0;
  /** Frames still to drop from the start. */
  private skip = -1;
  /** Frames passed on so far. */
  private emitted = 0;
  private failed: Error | null = null;
  /** An untagged MP3's frame length in samples: its end padding is cut by endTrim. */
  private untaggedFrame = 0;
  /** An untagged MP3's end, held back until the stream ends to cut its padding. */
  private endTrim: EndPaddingTrim | null = null;
  /** The decoded rate and channels, as the output has them. */
  private rate = 0;
  private channels = 0;

  constructor(
    readonly kind: 'mp3' | 'opus',
    private readonly onPcm: (pcm: DecodedPcm) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  push(bytes: Uint8Array): void {
    if (this.failed) return;
    try {
      if (this.kind === 'mp3') {
        for (const f of this.mp3.push(bytes)) {
          if (!this.decoder) {
            this.open({ codec: 'mp3', sampleRate: f.sampleRate, numberOfChannels: f.channels });
            const g = this.mp3.gapless;
            this.skip = (g ? g.delay : LAME_ENCODER_DELAY) + MP3_DECODER_DELAY;
            if (!g) this.untaggedFrame = f.samples;
          }
          this.decode(f.bytes, f.samples, f.sampleRate);
        }
      } else {
        for (const p of this.ogg.push(bytes)) {
          const head = this.ogg.head!;
          if (!this.decoder) {
            this.open({ codec: 'opus', sampleRate: 48000, numberOfChannels: head.channels, description: head.bytes });
            this.skip = 0; // Chromium applies the pre-skip
          }
          this.decode(p.bytes, p.samples, 48000);
        }
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** Decodes what is left; resolves once every frame of the stream has been passed on. */
  async finish(): Promise<void> {
    if (this.decoder && !this.failed) {
      try {
        await this.decoder.flush();
        const rest = this.endTrim?.finish();
        if (rest && rest.length > 0) this.pass(rest);
      } catch (err) {
        this.fail(err);
      }
    }
    this.close();
  }

  close(): void {
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
  }

  /** Frames the stream should give in all, when known (else unlimited). */
  private limit(): number {
    if (this.kind === 'opus') {
      const end = this.ogg.endGranule;
      return end === null ? Infinity : Math.max(0, end - this.ogg.head!.preSkip);
    }
    const g = this.mp3.gapless;
    return g?.frames !== undefined ? Math.max(0, g.frames * this.spf - g.delay - g.padding) : Infinity;
  }

  private spf = 1152;

  private open(config: AudioDecoderConfig): void {
    const decoder = new AudioDecoder({ output: (a) => this.output(a), error: (e) => this.fail(e) });
    decoder.configure(config);
    this.decoder = decoder;
  }

  private decode(data: Uint8Array, samples: number, rate: number): void {
    this.spf = samples;
    this.decoder!.decode(new EncodedAudioChunk({ type: 'key', timestamp: Math.round((this.timestamp * 1e6) / rate), data }));
    this.timestamp += samples;
  }

  private output(a: AudioData): void {
    try {
      const frames = a.numberOfFrames;
      const channels = a.numberOfChannels;
      const planes: Float32Array[] = [];
      for (let c = 0; c < channels; c++) {
        const plane = new Float32Array(frames);
        a.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
        planes.push(plane);
      }
      const rate = a.sampleRate;
      a.close();
      const drop = Math.min(frames, Math.max(0, this.skip));
      this.skip -= drop;
      const keep = Math.max(0, Math.min(frames - drop, this.limit() - this.emitted));
      if (keep === 0) return;
      const samples = new Float32Array(keep * channels);
      for (let c = 0; c < channels; c++) {
        const plane = planes[c]!;
        for (let i = 0; i < keep; i++) samples[i * channels + c] = plane[drop + i]!;
      }
      this.emitted += keep;
      this.rate = rate;
      this.channels = channels;
      if (this.untaggedFrame > 0 && !this.endTrim) {
        const { least, most } = untaggedEndPadding(this.untaggedFrame);
        this.endTrim = new EndPaddingTrim(channels, least, most);
      }
      const now = this.endTrim ? this.endTrim.push(samples) : samples;
      if (now.length > 0) this.pass(now);
    } catch (err) {
      this.fail(err);
    }
  }

  private pass(samples: Float32Array): void {
    if (this.failed) return;
    this.onPcm({ samples, channels: this.channels, sampleRate: this.rate });
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = err instanceof Error ? err : new Error(String(err));
    this.close();
    this.onError(this.failed);
  }
}
