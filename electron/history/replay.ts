// Plays a saved reading back as the same chunks that were recorded: same seq, segments, times and
// words; PCM decoded from the stored Opus at the voice's own rate (or the provider's encoded bytes as
// they came). A partial reading ends where its audio ends.
import type { Chunk, WordTiming } from '../../shared/chunk';
import { joinFloat32 } from '../../shared/audio/pcm';
import { OpusStreamDecoder } from './audio/opus-codec';
import { unpackPackets } from './audio/packed-packets';
import { resample } from './audio/sinc-resampler';
import type { BlockRow, ChunkRow, StreamRow } from './library-rows';
import type { LibraryStore } from './library-store';

export interface ReplayOptions {
  /** The id the replayed chunks carry (the new reading's); defaults to the saved one. */
  readingId?: string;
  signal?: AbortSignal;
}

/** Samples a stream decodes to, produced on demand block by block. */
class StreamReader {
  private readonly decoder: OpusStreamDecoder;
  private pendingBlocks: BlockRow[] = [];
  private nextBlock = 0;
  private buffer: Float32Array<ArrayBuffer> = new Float32Array(0);
  private bufferStart = 0; // frame index of buffer[0]
  private ended = false;

  constructor(
    readonly info: StreamRow,
    private readonly store: LibraryStore,
    private readonly rid: number,
  ) {
    this.decoder = new OpusStreamDecoder({
      opusRate: info.codecRate,
      channels: info.channels,
      preSkip: info.preSkip,
      outRate: info.sampleRate,
    });
  }

  private nextPackets(): Uint8Array | undefined {
    if (this.pendingBlocks.length === 0) {
      this.pendingBlocks = this.store.blocks(this.rid, this.info.streamNo, this.nextBlock);
      if (this.pendingBlocks.length) this.nextBlock = this.pendingBlocks.at(-1)!.blockNo + 1;
    }
    return this.pendingBlocks.shift()?.packets;
  }

  /** Frames [start, start + count), or fewer if the stream ends first (a partial reading). */
  read(start: number, count: number): Float32Array<ArrayBuffer> {
    const ch = this.info.channels;
    while (!this.ended && this.bufferStart + this.buffer.length / ch < start + count) {
      const packets = this.nextPackets();
      const more = packets ? this.decoder.decode(unpackPackets(packets)) : this.finish();
      this.buffer = joinFloat32([this.buffer, more]);
    }
    const from = Math.max(0, start - this.bufferStart);
    const to = Math.min(this.buffer.length / ch, start + count - this.bufferStart);
    const out = this.buffer.slice(from * ch, Math.max(from, to) * ch);
    // Drop what no later chunk needs (chunks come in order).
    this.buffer = this.buffer.slice(Math.max(from, to) * ch);
    this.bufferStart += Math.max(from, to);
    return out;
  }

  private finish(): Float32Array {
    this.ended = true;
    return this.decoder.finish();
  }

  close(): void {
    this.decoder.close();
  }
}

/** A shortfall under this is resampler rounding at the very end, not missing audio: pad it. */
const PAD_TOLERANCE_MS = 10;

export async function* replayChunks(store: LibraryStore, id: string, options: ReplayOptions = {}): AsyncGenerator<Chunk> {
  const reading = store.get(id);
  if (!reading) throw new Error(`No reading ${id} in the library.`);
  const readingId = options.readingId ?? id;
  const streams = new Map(store.streams(reading.rid).map((s) => [s.streamNo, s]));
  const readers = new Map<number, StreamReader>();
  try {
    for (const row of store.chunks(reading.rid)) {
      if (options.signal?.aborted) return;
      const chunk = rowToChunk(row, readingId, streams, readers, store, reading.rid);
      if (!chunk) return;
      yield chunk;
      if (chunk.durationMs < row.durationMs - PAD_TOLERANCE_MS) return; // the audio ran out here
    }
  } finally {
    for (const r of readers.values()) r.close();
  }
}

function rowToChunk(
  row: ChunkRow,
  readingId: string,
  streams: Map<number, StreamRow>,
  readers: Map<number, StreamReader>,
  store: LibraryStore,
  rid: number,
): Chunk | undefined {
  const base = { readingId, segment: row.segment, seq: row.seq, startMs: row.startMs };
  if (row.encoded) {
    return { ...base, durationMs: row.durationMs, audio: { kind: 'encoded', mime: row.encoded.mime, bytes: new Uint8Array(row.encoded.bytes) }, words: row.words };
  }
  const ref = row.stream!;
  const info = streams.get(ref.streamNo);
  if (!info) return undefined;
  let reader = readers.get(ref.streamNo);
  if (!reader) {
    reader = new StreamReader(info, store, rid);
    readers.set(ref.streamNo, reader);
  }
  let samples = reader.read(ref.sampleStart, ref.sampleCount);
  const frames = samples.length / info.channels;
  const shortMs = ((ref.sampleCount - frames) / info.sampleRate) * 1000;
  if (frames === 0 && ref.sampleCount > 0) return undefined;
  let durationMs = row.durationMs;
  let words: WordTiming[] = row.words;
  if (shortMs > 0 && shortMs <= PAD_TOLERANCE_MS) {
    const padded = new Float32Array(ref.sampleCount * info.channels);
    padded.set(samples);
    samples = padded;
  } else if (shortMs > 0) {
    durationMs = (frames / info.sampleRate) * 1000;
    const end = row.startMs + durationMs;
    words = row.words.filter((w) => w.startMs < end);
  }
  return { ...base, durationMs, audio: { kind: 'pcm', sampleRate: info.sampleRate, channels: info.channels, samples }, words };
}

/** The whole reading as one PCM buffer (for export). Encoded chunks must be Ogg Opus to be decoded here. */
export async function readingPcm(store: LibraryStore, id: string): Promise<{ sampleRate: number; channels: number; samples: Float32Array }> {
  const parts: Float32Array[] = [];
  let sampleRate = 0;
  let channels = 0;
  for await (const chunk of replayChunks(store, id)) {
    if (chunk.audio.kind !== 'pcm') throw new Error(`Cannot decode ${chunk.audio.mime} audio for export; export it as it came.`);
    if (!sampleRate) {
      sampleRate = chunk.audio.sampleRate;
      channels = chunk.audio.channels;
    }
    if (chunk.audio.channels !== channels) throw new Error('This reading changes channel count part way; export it as it came.');
    // A fallback voice at another rate: brought to the first voice's rate, so the file plays as heard.
    parts.push(chunk.audio.sampleRate === sampleRate ? chunk.audio.samples : resample(chunk.audio.samples, chunk.audio.sampleRate, sampleRate, channels));
  }
  return { sampleRate: sampleRate || 22050, channels: channels || 1, samples: joinFloat32(parts.length ? parts : [new Float32Array(0)]) };
}
