// Turns a reading's chunks, in any audio format, into one gapless PCM stream for the player, in
// order: PCM goes straight through, WAV chunks are unwrapped, MP3 / Ogg Opus are decoded per
// segment (each segment's synthesis is its own stream). Decoding is asynchronous, so a chunk's
// place on the timeline is known only once its segment's audio reaches the queue: `place` is called
// then, with the output frame the chunk's startMs corresponds to.
import type { Chunk } from '../../../shared/chunk';
import { EncodedStreamDecoder, encodedKind, type DecodedPcm } from './encoded-stream';
import { decodeWav } from '../../../shared/audio/wav';

export interface PcmSink {
  /** Queues interleaved samples made at `synthRate` (shared/chunk.ts); returns the output frame they start at. */
  push(samples: Float32Array, channels: number, sampleRate: number, synthRate?: number): number;
  /** The output rate (frames returned by push count at this rate). */
  readonly sampleRate: number;
}

export type Placement = (chunk: Chunk, startFrame: number, sampleRate: number) => void;

interface EncodedSegment {
  segment: number;
  mime: string;
  /** One request made the segment: one rate for all its audio. */
  synthRate: number;
  decoder: EncodedStreamDecoder;
  /** Decoded audio waiting for the segments before it to be queued. */
  stash: DecodedPcm[];
  active: boolean;
  /** Output frame where the segment's audio starts, once known. */
  startFrame: number;
  startMs: number;
  /** Chunks whose words wait for startFrame. */
  waiting: Chunk[];
  done: Promise<void>;
  /** Called once the decoder has given its last frame. */
  finished: () => void;
}

export class ChunkAudioFeed {
  /** Resolves when everything added so far has been queued. */
  private last: Promise<void> = Promise.resolve();
  private open: EncodedSegment | null = null;
  private closed = false;

  constructor(
    /** Called with the first audio's rate, before anything is pushed (the player's begin). */
    private readonly begin: (sampleRate: number) => PcmSink,
    private readonly place: Placement,
    private readonly onError: (err: Error) => void,
  ) {}

  private sink: PcmSink | null = null;

  add(chunk: Chunk): void {
    if (this.closed) return;
    const audio = chunk.audio;
    if (audio.kind === 'pcm') {
      this.endSegment();
      this.after(() => this.pushPcm(chunk, audio));
      return;
    }
    const kind = encodedKind(audio.mime);
    if (kind === 'wav') {
      this.endSegment();
      this.after(() => {
        if (audio.bytes.length === 0) return this.placeHere(chunk);
        const wav = decodeWav(audio.bytes);
        this.pushPcm(chunk, { samples: wav.samples, channels: wav.channels, sampleRate: wav.sampleRate });
      });
      return;
    }
    if (!kind) {
      this.fail(new Error(`This player cannot play ${audio.mime}.`));
      return;
    }
    if (!this.open || this.open.segment !== chunk.segment || this.open.mime !== audio.mime) {
      this.endSegment();
      this.open = this.startSegment(chunk, kind, audio.mime);
    }
    const seg = this.open;
    if (seg.startFrame >= 0) this.placeInSegment(seg, chunk);
    else seg.waiting.push(chunk);
    if (audio.bytes.length > 0) seg.decoder.push(audio.bytes);
  }

  /** No more chunks: decodes the rest; resolves once all audio is queued. */
  async end(): Promise<void> {
    this.endSegment();
    await this.last;
  }

  /** Drops everything (a stop). */
  close(): void {
    this.closed = true;
    this.open?.decoder.close();
    this.open = null;
  }

  private startSegment(first: Chunk, kind: 'mp3' | 'opus', mime: string): EncodedSegment {
    let finished!: () => void;
    const flushed = new Promise<void>((r) => (finished = r));
    const seg: EncodedSegment = {
      segment: first.segment,
      mime,
      synthRate: first.synthRate ?? 1,
      stash: [],
      active: false,
      startFrame: -1,
      startMs: first.startMs,
      waiting: [],
      done: Promise.resolve(),
      finished,
      decoder: new EncodedStreamDecoder(
        kind,
        (pcm) => {
          if (seg.active) this.pushDecoded(seg, pcm);
          else seg.stash.push(pcm);
        },
        (err) => this.fail(err),
      ),
    };
    const turn = this.last.then(() => {
      seg.active = true;
      for (const pcm of seg.stash) this.pushDecoded(seg, pcm);
      seg.stash = [];
    });
    seg.done = Promise.all([turn, flushed]).then(() => {
      // A segment that decoded to nothing still places its words, where it would have started.
      if (seg.startFrame < 0 && !this.closed) this.setSegmentStart(seg, this.sink ? this.framesQueued() : 0);
    });
    this.last = seg.done;
    return seg;
  }

  private endSegment(): void {
    const seg = this.open;
    if (!seg) return;
    this.open = null;
    void seg.decoder.finish().then(seg.finished);
  }

  private pushDecoded(seg: EncodedSegment, pcm: DecodedPcm): void {
    if (this.closed) return;
    const sink = this.ensureSink(pcm.sampleRate);
    const start = sink.push(pcm.samples, pcm.channels, pcm.sampleRate, seg.synthRate);
    if (seg.startFrame < 0) this.setSegmentStart(seg, start);
  }

  private setSegmentStart(seg: EncodedSegment, frame: number): void {
    seg.startFrame = frame;
    for (const c of seg.waiting) this.placeInSegment(seg, c);
    seg.waiting = [];
  }

  /** Within a segment the provider's clock holds: a chunk starts startMs - segment startMs in. */
  private placeInSegment(seg: EncodedSegment, chunk: Chunk): void {
    const rate = this.sink?.sampleRate ?? 0;
    if (!rate) return;
    this.place(chunk, seg.startFrame + Math.round(((chunk.startMs - seg.startMs) * rate) / 1000), rate);
  }

  private pushPcm(chunk: Chunk, pcm: DecodedPcm): void {
    if (this.closed) return;
    if (pcm.samples.length === 0 && !this.sink) return; // words without audio before any audio: nothing to place against
    const sink = this.ensureSink(pcm.sampleRate);
    const start = sink.push(pcm.samples, pcm.channels, pcm.sampleRate, chunk.synthRate ?? 1);
    this.place(chunk, start, sink.sampleRate);
  }

  private placeHere(chunk: Chunk): void {
    if (this.sink) this.place(chunk, this.framesQueued(), this.sink.sampleRate);
  }

  private framesQueued(): number {
    return this.sink!.push(new Float32Array(0), 1, this.sink!.sampleRate);
  }

  private ensureSink(sampleRate: number): PcmSink {
    this.sink ??= this.begin(sampleRate);
    return this.sink;
  }

  /** Runs `step` once everything added before it has been queued. */
  private after(step: () => void): void {
    this.last = this.last.then(() => {
      if (this.closed) return;
      try {
        step();
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.close();
    this.onError(err);
  }
}
