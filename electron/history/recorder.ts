// Saves a reading while it streams: metadata first, then its chunks in short transactions, one per
// segment or per FLUSH_MS of waiting, whichever comes first (the PCM compressed to Opus on the way, a
// provider's encoded bytes kept as they came). A crash leaves every batch committed so far playable;
// the next open marks the reading partial. The last batch and the final status commit together.
import type { Chunk } from '../../shared/chunk';
import { OpusStreamEncoder } from './audio/opus-codec';
import { packPackets } from './audio/packed-packets';
import type { BlockRow, ChunkRow, ReadingMeta, StreamRow } from './library-rows';
import type { LibraryStore } from './library-store';

/** What happens to a reading the user stopped part way: kept as it is, or thrown away. */
export type StoppedReadingPolicy = 'keep' | 'complete' | 'discard';

export type RecordingOutcome =
  /** Every segment was spoken. */
  | 'complete'
  /** Stopped by the user: saved as 'stopped' (playable as far as it got). */
  | 'stopped'
  /** Ended by an error: saved as 'partial'. */
  | 'partial'
  /** Not wanted: removed. */
  | 'discard';

export interface RecorderOptions {
  /** Opus bitrate for PCM, bits per second. */
  bitrate?: number;
  /** Saving must never break a reading: failures are reported here and recording stops. */
  onError?: (error: unknown) => void;
  /** The longest a saved chunk waits for its batch to commit, ms; default FLUSH_MS. */
  flushMs?: number;
  /**
   * Writes the reading's row elsewhere (the library's writer thread, for a long text) and gives its
   * row id; the store's own beginReading when absent.
   */
  writeRow?: (meta: ReadingMeta) => Promise<number>;
}

/**
 * Each commit costs about the same (~0.3-0.5 ms) whatever few rows it holds, so a commit per chunk
 * (135 a minute) spent most of the save on commits. A segment's chunks usually arrive within this
 * long of each other; half a second of streaming is what a crash may lose on top of that.
 */
export const FLUSH_MS = 500;

export interface Recorder {
  readonly readingId: string;
  /** Queues a chunk for saving. Never throws; chunks must come in seq order. */
  add(chunk: Chunk): void;
  /** Saves what is queued, then settles the reading's status. */
  finish(outcome: RecordingOutcome): Promise<void>;
  /** The first error, if saving failed. */
  readonly error: unknown;
  /** Bytes of audio added but not yet saved (encoded and committed, or given up). */
  readonly unsavedBytes: number;
  /**
   * Resolves once no more than `bytes` of audio wait to be saved: a voice that makes audio faster than
   * the library saves it (a file written as fast as the voice goes) waits here, so memory stays bounded.
   */
  whenUnsavedAtMost(bytes: number): Promise<void>;
}

/** The bytes a chunk's audio holds in memory until it is saved. */
function audioBytes(chunk: Chunk): number {
  return chunk.audio.kind === 'pcm' ? chunk.audio.samples.byteLength : chunk.audio.bytes.byteLength;
}

interface OpenStream {
  streamNo: number;
  sampleRate: number;
  channels: number;
  encoder: OpusStreamEncoder;
  framesIn: number;
  nextBlock: number;
}

/**
 * Packets are stored in blocks of about 1 KB: rows that size pack SQLite's 4 KB pages well, where a
 * chunk's worth (often just over half a page) would leave nearly half of every page empty.
 */
const BLOCK_BYTES = 1000;

function toBlocks(s: { streamNo: number; nextBlock: number }, packets: Uint8Array[]): BlockRow[] {
  const blocks: BlockRow[] = [];
  let group: Uint8Array[] = [];
  let bytes = 0;
  const flush = () => {
    if (group.length) blocks.push({ streamNo: s.streamNo, blockNo: s.nextBlock++, packets: packPackets(group) });
    group = [];
    bytes = 0;
  };
  for (const p of packets) {
    if (bytes + p.length + 2 > BLOCK_BYTES) flush();
    group.push(p);
    bytes += p.length + 2;
  }
  flush();
  return blocks;
}

export function startRecording(store: LibraryStore, meta: ReadingMeta, options: RecorderOptions = {}): Recorder {
  // The row, with the whole text, is written with the first chunk, not as the reading starts: a text
  // of two million characters takes ~40 ms to insert, too long to add to the start's own work. A
  // reading that ends before its first chunk writes nothing (it would play as nothing).
  return recorderFor(store, () => (options.writeRow ? options.writeRow(meta) : store.beginReading(meta)), meta.id, 0, options, true);
}

/**
 * Goes on recording a saved reading (marked 'recording' again, so a crash leaves it partial):
 * chunks continue its seq numbering, PCM goes into a new stream after its existing ones.
 */
export function resumeRecording(store: LibraryStore, readingId: string, options: RecorderOptions = {}): Recorder {
  const rid = store.ridOf(readingId);
  if (rid === undefined) throw new Error(`No reading ${readingId} in the library.`);
  store.markRecording(rid);
  return recorderFor(store, () => rid, readingId, store.streams(rid).length, options);
}

/**
 * `begin` gives the reading's row id (writing the row if need be), asked once, when there is first
 * something to save. `fresh`: a reading begun by this recorder, dropped if it ends with nothing saved.
 */
function recorderFor(store: LibraryStore, begin: () => number | Promise<number>, readingId: string, firstStream: number, options: RecorderOptions, fresh = false): Recorder {
  let rid: number | undefined;
  const begun = async (): Promise<number> => (rid ??= await begin());
  let chunksAdded = 0;
  const flushMs = options.flushMs ?? FLUSH_MS;
  let stream: OpenStream | undefined;
  let streamCount = firstStream;
  let failed: unknown;
  let finished = false;
  let queue: Promise<void> = Promise.resolve();
  /** Written but not yet committed: the open batch, its segment and when its first chunk came. */
  let batch: { streams: StreamRow[]; blocks: BlockRow[]; chunks: ChunkRow[] } = { streams: [], blocks: [], chunks: [] };
  let batchSegment = -1;
  let batchSince = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsaved = 0;
  const waiters: { bytes: number; resolve: () => void }[] = [];
  const settle = (bytes: number) => {
    unsaved -= bytes;
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (unsaved <= waiters[i]!.bytes) waiters.splice(i, 1)[0]!.resolve();
    }
  };

  const fail = (e: unknown) => {
    if (failed === undefined) {
      failed = e;
      options.onError?.(e);
    }
  };
  const enqueue = (work: () => Promise<void> | void) => {
    queue = queue.then(async () => {
      if (failed !== undefined) return;
      try {
        await work();
      } catch (e) {
        fail(e);
      }
    });
  };

  /** Commits the open batch (with the final status, when finishing). */
  function flush(status?: 'complete' | 'stopped' | 'partial'): void {
    clearTimeout(timer);
    timer = undefined;
    const b = batch;
    batch = { streams: [], blocks: [], chunks: [] };
    batchSegment = -1;
    // Only after begun(): every batch holds a chunk saved, or is the final one, which begins first.
    if (b.chunks.length || b.blocks.length || b.streams.length || status) store.append(rid!, { ...b, ...(status ? { status } : {}) });
  }

  /** Adds a chunk's rows to the batch; a new segment commits the one before first. */
  function stage(chunk: ChunkRow, blocks: BlockRow[], streams: StreamRow[] = []): void {
    if (batch.chunks.length && chunk.segment !== batchSegment) flush();
    if (!batch.chunks.length) {
      batchSegment = chunk.segment;
      batchSince = performance.now();
      // A stream that goes quiet (a pause, a slow provider) still commits what it sent.
      timer ??= setTimeout(() => enqueue(() => flush()), flushMs);
      timer.unref?.();
    }
    batch.streams.push(...streams);
    batch.blocks.push(...blocks);
    batch.chunks.push(chunk);
    if (performance.now() - batchSince >= flushMs) flush();
  }

  /** The last packets of a stream, written as its final block. */
  async function closeStream(): Promise<BlockRow[]> {
    if (!stream) return [];
    const s = stream;
    stream = undefined;
    return toBlocks(s, await s.encoder.finish());
  }

  async function save(chunk: Chunk): Promise<void> {
    await begun();
    const audio = chunk.audio;
    const base = { seq: chunk.seq, segment: chunk.segment, startMs: chunk.startMs, durationMs: chunk.durationMs, words: chunk.words };
    if (audio.kind === 'encoded') {
      stage({ ...base, encoded: { mime: audio.mime, bytes: audio.bytes } }, []);
      return;
    }
    const blocks: BlockRow[] = [];
    const streams: StreamRow[] = [];
    if (stream && (stream.sampleRate !== audio.sampleRate || stream.channels !== audio.channels)) blocks.push(...(await closeStream()));
    if (!stream) {
      const encoder = new OpusStreamEncoder({ sampleRate: audio.sampleRate, channels: audio.channels, bitrate: options.bitrate });
      stream = { streamNo: streamCount++, sampleRate: audio.sampleRate, channels: audio.channels, encoder, framesIn: 0, nextBlock: 0 };
      streams.push({
        streamNo: stream.streamNo,
        codec: 'opus',
        sampleRate: audio.sampleRate,
        codecRate: encoder.opusRate,
        channels: audio.channels,
        preSkip: encoder.preSkip,
      });
    }
    const s = stream;
    const frames = audio.samples.length / audio.channels;
    const packets = await s.encoder.encode(audio.samples);
    blocks.push(...toBlocks(s, packets));
    stage({ ...base, stream: { streamNo: s.streamNo, sampleStart: s.framesIn, sampleCount: frames } }, blocks, streams);
    s.framesIn += frames;
  }

  return {
    readingId,
    get error() {
      return failed;
    },
    get unsavedBytes() {
      return unsaved;
    },
    whenUnsavedAtMost(bytes) {
      if (unsaved <= bytes) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ bytes, resolve }));
    },
    add(chunk) {
      if (finished) return;
      chunksAdded++;
      const bytes = audioBytes(chunk);
      unsaved += bytes;
      // Settled whether it was saved or skipped after a failure: a failed library never holds a reading up.
      enqueue(() => save(chunk));
      queue = queue.finally(() => settle(bytes));
    },
    async finish(outcome) {
      if (finished) return queue;
      finished = true;
      enqueue(async () => {
        if (outcome === 'discard' || (fresh && chunksAdded === 0)) {
          clearTimeout(timer);
          batch = { streams: [], blocks: [], chunks: [] };
          stream?.encoder.close();
          stream = undefined;
          if (rid !== undefined) store.deleteByRid(rid);
          return;
        }
        await begun();
        const tail = await closeStream();
        batch.blocks.push(...tail);
        flush(outcome);
      });
      await queue;
      clearTimeout(timer);
      if (failed !== undefined) stream?.encoder.close();
    },
  };
}
