// The library's rows as the rest of the app sees them, and how a summary row is read from SQL.
import type { WordTiming } from '../../shared/chunk';

export type ReadingStatus = 'recording' | 'complete' | 'partial' | 'stopped';

export interface ReadingMeta {
  id: string;
  text: string;
  provider: string;
  voice: string;
  /** The rate the voice spoke at (a multiple of its normal rate); the SQL column is `rate`. */
  synthRate: number;
  /** Whatever else shaped the audio (pronunciation rules, provider model, ...). Part of the cache key. */
  settings?: Record<string, unknown>;
  createdAt?: number;
}

export interface ReadingSummary {
  id: string;
  createdAt: number;
  provider: string;
  voice: string;
  /** The rate the voice spoke at (a multiple of its normal rate); the SQL column is `rate`. */
  synthRate: number;
  status: ReadingStatus;
  durationMs: number;
  chunkCount: number;
  audioBytes: number;
  pinned: boolean;
  chars: number;
  /** The start of the text, for the list. */
  preview: string;
}

export interface SearchHit extends ReadingSummary {
  /** The matching passage, matches wrapped in [ and ]. */
  snippet: string;
}

export interface ReadingDetail extends ReadingSummary {
  text: string;
  settings: Record<string, unknown>;
}

export interface ListFilter {
  provider?: string;
  voice?: string;
  /** created_at range, ms since the epoch, inclusive from, exclusive to. */
  from?: number;
  to?: number;
}

export interface ListOptions extends ListFilter {
  limit?: number;
  /** Keyset cursor: the last row of the previous page. */
  after?: { createdAt: number; id: string };
}

export interface StreamRow {
  streamNo: number;
  codec: 'opus';
  sampleRate: number;
  codecRate: number;
  channels: number;
  preSkip: number;
}

export interface ChunkRow {
  seq: number;
  segment: number;
  startMs: number;
  durationMs: number;
  words: WordTiming[];
  /** PCM stored in a stream: frames [sampleStart, sampleStart + sampleCount) at the stream's rate. */
  stream?: { streamNo: number; sampleStart: number; sampleCount: number };
  /** A provider's own encoded audio. */
  encoded?: { mime: string; bytes: Uint8Array };
}

export interface BlockRow {
  streamNo: number;
  blockNo: number;
  packets: Uint8Array;
}

/** What the recorder writes in one transaction: new streams, audio blocks, chunks, and the final status. */
export interface WriteBatch {
  streams?: StreamRow[];
  blocks?: BlockRow[];
  chunks?: ChunkRow[];
  /** Settles the reading in the same transaction, so 'complete' never stands without all its rows. */
  status?: Exclude<ReadingStatus, 'recording'>;
}

export function summaryColumns(t = ''): string {
  return `${t}id, ${t}created_at, ${t}provider, ${t}voice, ${t}rate, ${t}status, ${t}duration_ms, ${t}chunk_count,
    ${t}audio_bytes, ${t}pinned, ${t}chars, ${t}preview`;
}

export interface SummaryRecord {
  id: string;
  created_at: number;
  provider: string;
  voice: string;
  rate: number;
  status: ReadingStatus;
  duration_ms: number;
  chunk_count: number;
  audio_bytes: number;
  pinned: number;
  chars: number;
  preview: string;
}

export function toSummary(r: SummaryRecord): ReadingSummary {
  return {
    id: r.id,
    createdAt: r.created_at,
    provider: r.provider,
    voice: r.voice,
    synthRate: r.rate,
    status: r.status,
    durationMs: r.duration_ms,
    chunkCount: r.chunk_count,
    audioBytes: r.audio_bytes,
    pinned: r.pinned === 1,
    chars: r.chars,
    preview: r.preview,
  };
}
