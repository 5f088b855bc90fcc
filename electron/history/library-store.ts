// The library's SQLite store: opening (version check, WAL, foreign keys, migrations), the short
// prepared statements the recorder writes with and replay reads with; the list and search queries are
// in library-queries.ts, the row types in library-rows.ts.
import { closeSync, existsSync, openSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { cacheKey } from './cache-key';
import { listReadings, searchReadings, type SearchOptions } from './library-queries';
import {
  summaryColumns,
  toSummary,
  type BlockRow,
  type ChunkRow,
  type ListOptions,
  type ReadingDetail,
  type ReadingMeta,
  type ReadingStatus,
  type ReadingSummary,
  type SearchHit,
  type StreamRow,
  type SummaryRecord,
  type WriteBatch,
} from './library-rows';
import { checkLibraryHealth, isUnreadableDatabase, UnreadableLibraryError, type LibraryDamage } from './library-health';
import { salvageLibrary } from './library-salvage';
import { PREVIEW_CHARS } from './migrations/004-texts-apart';
import { FutureLibraryError, latestVersion, migrate, schemaVersion } from './migrate';
import { packWords, unpackWords } from './packed-words';
import { ownStartTime, writerAlive } from './writer-liveness';
import { closeMarker, healthCheckDue, openMarker, recordSoundCheck } from './health-schedule';

// better-sqlite3 leaves SQLite's URI file names off unless this is set before its module loads (which
// happens at the first connection): `immutable` needs them. A plain path is read as before.
process.env['SQLITE_USE_URI'] ??= '1';

export interface OpenLibraryOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** Path to a better-sqlite3 .node built for the running runtime (Electron's ABI in the app). */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * Read the file as it is on disk, without SQLite's shared-memory index beside it (which a read-only
   * or full disk cannot hold): for reading a library nothing can write to. Implies readonly.
   */
  immutable?: boolean;
  /**
   * Run quick_check on an existing library before writing, when it is due (health-schedule.ts: after
   * an unclean exit, else weekly), and mark the library open until close (the app: on by default).
   * The command line's `say` skips it: a check reads the whole file, and `say` must start at once.
   */
  checkHealth?: boolean;
  now?: () => number;
}

export function openLibrary(given: OpenLibraryOptions): LibraryStore {
  const options = given.immutable ? { ...given, readonly: true } : given;
  const onDisk = options.path !== ':memory:';
  const existed = onDisk && existsSync(options.path);
  // A new library is the user's alone (SQLite gives its WAL and SHM files the same permissions).
  if (!options.readonly && onDisk && !existed) closeSync(openSync(options.path, 'a', 0o600));
  // SQLite reads a URI's parameters only where URIs are enabled (see the top of this file).
  const file = options.immutable ? `${pathToFileURL(options.path).href}?immutable=1` : options.path;
  const connect = () =>
    new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  let db = connect();
  try {
    // Check the version before anything writes to the file (journal_mode=WAL would).
    let found = schemaVersion(db);
    if (found > latestVersion()) throw new FutureLibraryError(found, latestVersion());
    // Damage is found, and the file copied aside, before the first write; then the library is
    // rebuilt from what can still be read (or, if even that fails, used as it is).
    const now = options.now ?? Date.now;
    const watch = !options.readonly && (options.checkHealth ?? true) && onDisk;
    const due = watch && existed && found > 0 && healthCheckDue(options.path, now()) !== null;
    let damage = due ? checkLibraryHealth(db, options.path, options.now) : null;
    if (due && !damage) recordSoundCheck(options.path, now());
    if (watch) openMarker(options.path);
    if (damage) {
      damage = rebuildDamaged(db, options.path, damage, options.nativeBinding);
      if (!db.open) db = connect();
      found = schemaVersion(db);
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    // A new file lets trimming give space back to the disk (must be set before the first table).
    if (!options.readonly && found === 0) db.pragma('auto_vacuum = INCREMENTAL');
    if (!options.readonly) {
      if (onDisk) db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a crash may lose the last commits but never corrupts; fsync per chunk would stall.
      db.pragma('synchronous = NORMAL');
      migrate(db);
    } else if (found < latestVersion()) {
      throw new Error('This library needs upgrading: open it once with Aloud (not read-only).');
    }
    return new LibraryStore(db, now, options.readonly ?? false, damage, watch ? () => closeMarker(options.path) : undefined);
  } catch (e) {
    db.close();
    if (!options.readonly && (options.checkHealth ?? true) && onDisk) closeMarker(options.path);
    // "file is not a database" alone names neither the file nor a way out.
    if (isUnreadableDatabase(e)) throw new UnreadableLibraryError(options.path);
    throw e;
  }
}

/** Salvages a damaged library in place (its copy already kept); the damage, told as what was done. */
function rebuildDamaged(db: Db, path: string, damage: LibraryDamage, nativeBinding?: string): LibraryDamage {
  try {
    const { readings, cutShort } = salvageLibrary(db, path, nativeBinding);
    const lost = cutShort.length > 0 ? ' Some readings or their audio stood on damaged parts of the file and could not be kept.' : '';
    return {
      ...damage,
      rebuilt: true,
      message:
        `Aloud found damage in its library (${path}) and rebuilt it from what could still be read: ${readings} ${readings === 1 ? 'reading' : 'readings'} kept.${lost} ` +
        `The damaged file is kept unchanged at ${damage.backupPath}.`,
    };
  } catch {
    // The damaged file stays in use (its copy is safe); the message already says what to do.
    return damage;
  }
}

export class LibraryStore {
  private readonly s: Record<string, Statement>;

  constructor(
    readonly db: Db,
    private readonly now: () => number,
    readonly readonly: boolean,
    /** What quick_check found when the library was opened, and where the copy was kept; null if sound. */
    readonly damage: LibraryDamage | null = null,
    /** Run once the library is closed (the app's open marker removed: a clean exit). */
    private readonly onClosed?: () => void,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertReading: p(`INSERT INTO readings (id, created_at, updated_at, chars, preview, provider, voice, rate, settings, cache_key, status, writer_pid, writer_started)
        VALUES (@id, @createdAt, @createdAt, length(@text), substr(@text, 1, ${PREVIEW_CHARS}), @provider, @voice, @rate, @settings, @cacheKey, 'recording', @pid, @started)`),
      insertText: p(`INSERT INTO reading_texts (rid, text) VALUES (?, ?)`),
      insertStream: p(`INSERT INTO audio_streams (reading_rid, stream_no, codec, sample_rate, codec_rate, channels, pre_skip)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      insertBlock: p(`INSERT INTO audio_blocks (reading_rid, stream_no, block_no, packets) VALUES (?, ?, ?, ?)`),
      insertChunk: p(`INSERT INTO chunks (reading_rid, seq, segment, start_ms, duration_ms, words, stream_no, sample_start, sample_count, mime, bytes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      grow: p(`UPDATE readings SET duration_ms = max(duration_ms, ?), chunk_count = chunk_count + ?, audio_bytes = audio_bytes + ?, updated_at = ?
        WHERE rid = ?`),
      setStatus: p(`UPDATE readings SET status = ?, writer_pid = NULL, writer_started = NULL, updated_at = ? WHERE rid = ?`),
      markRecording: p(`UPDATE readings SET status = 'recording', writer_pid = ?, writer_started = ?, updated_at = ? WHERE rid = ?`),
      dropChunksFrom: p(`DELETE FROM chunks WHERE reading_rid = ? AND segment >= ?`),
      recount: p(`UPDATE readings SET chunk_count = (SELECT count(*) FROM chunks WHERE reading_rid = @rid),
        duration_ms = coalesce((SELECT max(start_ms + duration_ms) FROM chunks WHERE reading_rid = @rid), 0) WHERE rid = @rid`),
      recording: p(`SELECT rid, writer_pid, writer_started, chunk_count FROM readings WHERE status = 'recording'`),
      markPartial: p(`UPDATE readings SET status = 'partial', writer_pid = NULL, writer_started = NULL WHERE rid = ?`),
      rid: p(`SELECT rid FROM readings WHERE id = ?`),
      detail: p(`SELECT ${summaryColumns('r.')}, t.text, r.settings, r.rid FROM readings r JOIN reading_texts t ON t.rid = r.rid WHERE r.id = ?`),
      cached: p(`SELECT id FROM readings WHERE cache_key = ? AND status = 'complete' ORDER BY created_at DESC LIMIT 1`),
      streams: p(`SELECT stream_no, codec, sample_rate, codec_rate, channels, pre_skip FROM audio_streams WHERE reading_rid = ? ORDER BY stream_no`),
      blocks: p(`SELECT stream_no, block_no, packets FROM audio_blocks WHERE reading_rid = ? AND stream_no = ? AND block_no >= ?
        ORDER BY block_no LIMIT ?`),
      chunks: p(`SELECT seq, segment, start_ms, duration_ms, words, stream_no, sample_start, sample_count, mime, bytes
        FROM chunks WHERE reading_rid = ? ORDER BY seq`),
      delete: p(`DELETE FROM readings WHERE id = ?`),
      deleteRid: p(`DELETE FROM readings WHERE rid = ?`),
      pin: p(`UPDATE readings SET pinned = ? WHERE id = ?`),
      refresh: p(`UPDATE readings SET created_at = @now, updated_at = @now WHERE id = @id`),
      totalBytes: p(`SELECT coalesce(sum(audio_bytes), 0) AS n FROM readings`),
      expired: p(`SELECT rid FROM readings WHERE pinned = 0 AND created_at < ? AND status != 'recording' LIMIT 500`),
      oldestUnpinned: p(`SELECT rid, audio_bytes FROM readings WHERE pinned = 0 AND status != 'recording' ORDER BY pinned, created_at LIMIT 200`),
      count: p(`SELECT count(*) AS n FROM readings`),
    };
    this.appendTx = db.transaction((rid: number, batch: WriteBatch) => this.appendNow(rid, batch));
    this.beginTx = db.transaction((meta: ReadingMeta): number => {
      const info = this.s.insertReading!.run({
        id: meta.id,
        createdAt: meta.createdAt ?? this.now(),
        text: meta.text,
        provider: meta.provider,
        voice: meta.voice,
        rate: meta.synthRate,
        settings: JSON.stringify(meta.settings ?? {}),
        cacheKey: cacheKey(meta.text, meta.provider, meta.voice, meta.synthRate, meta.settings),
        pid: process.pid,
        started: ownStartTime(),
      });
      const rid = Number(info.lastInsertRowid);
      this.s.insertText!.run(rid, meta.text);
      return rid;
    });
    if (!readonly) this.recovered = this.recoverInterrupted();
  }

  /** How many readings cut off by a crash were settled when this library was opened. */
  recovered = 0;

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    this.onClosed?.();
  }

  /**
   * Readings whose writer died (a crash) are kept as partial, playable up to where they stopped; one
   * that died before anything was saved has nothing to play and is dropped. Returns how many it settled.
   */
  recoverInterrupted(): number {
    let n = 0;
    type Row = { rid: number; writer_pid: number | null; writer_started: number | null; chunk_count: number };
    for (const r of this.s.recording!.all() as Row[]) {
      // The PID alone is not enough: after a reboot or a long while another process may hold it.
      if (r.writer_pid !== null && writerAlive(r.writer_pid, r.writer_started)) continue;
      if (r.chunk_count === 0) this.s.deleteRid!.run(r.rid);
      else this.s.markPartial!.run(r.rid);
      n++;
    }
    return n;
  }

  // ---- writing (the recorder) ----

  beginReading(meta: ReadingMeta): number {
    return this.beginTx(meta);
  }

  private readonly beginTx: (meta: ReadingMeta) => number;

  /**
   * Writes a batch in one short transaction. The recorder batches a segment's chunks (or ~250 ms of
   * them): one commit each instead of one per chunk, and a crash keeps every batch committed.
   */
  append(rid: number, batch: WriteBatch): void {
    this.appendTx(rid, batch);
  }

  private readonly appendTx: (rid: number, batch: WriteBatch) => void;

  private appendNow(rid: number, { streams = [], blocks = [], chunks = [], status }: WriteBatch): void {
    for (const st of streams) this.s.insertStream!.run(rid, st.streamNo, st.codec, st.sampleRate, st.codecRate, st.channels, st.preSkip);
    let bytes = 0;
    let endMs = 0;
    for (const b of blocks) {
      this.s.insertBlock!.run(rid, b.streamNo, b.blockNo, b.packets);
      bytes += b.packets.length;
    }
    for (const chunk of chunks) {
      this.s.insertChunk!.run(
        rid,
        chunk.seq,
        chunk.segment,
        chunk.startMs,
        chunk.durationMs,
        packWords(chunk.words),
        chunk.stream?.streamNo ?? null,
        chunk.stream?.sampleStart ?? null,
        chunk.stream?.sampleCount ?? null,
        chunk.encoded?.mime ?? null,
        chunk.encoded?.bytes ?? null,
      );
      bytes += chunk.encoded?.bytes.length ?? 0;
      endMs = Math.max(endMs, chunk.startMs + chunk.durationMs);
    }
    if (blocks.length || chunks.length) this.s.grow!.run(endMs, chunks.length, bytes, this.now(), rid);
    if (status) this.setStatus(rid, status);
  }

  setStatus(rid: number, status: Exclude<ReadingStatus, 'recording'>): void {
    this.s.setStatus!.run(status, this.now(), rid);
  }

  markRecording(rid: number): void {
    this.s.markRecording!.run(process.pid, ownStartTime(), this.now(), rid);
  }

  /** Forgets the chunks of segments from `segment` on (their audio bytes stay until the reading goes). */
  dropChunksFrom(rid: number, segment: number): void {
    this.db.transaction(() => {
      this.s.dropChunksFrom!.run(rid, segment);
      this.s.recount!.run({ rid });
    })();
  }

  deleteByRid(rid: number): void {
    this.s.deleteRid!.run(rid);
  }

  // ---- reading back ----

  ridOf(id: string): number | undefined {
    return (this.s.rid!.get(id) as { rid: number } | undefined)?.rid;
  }

  get(id: string): (ReadingDetail & { rid: number }) | undefined {
    const r = this.s.detail!.get(id) as (SummaryRecord & { text: string; settings: string; rid: number }) | undefined;
    if (!r) return undefined;
    return { ...toSummary(r), text: r.text, settings: JSON.parse(r.settings) as Record<string, unknown>, rid: r.rid };
  }

  /** A complete saved reading made from the same inputs, if any. */
  findCached(text: string, provider: string, voice: string, synthRate: number, settings: Record<string, unknown> = {}): string | undefined {
    return (this.s.cached!.get(cacheKey(text, provider, voice, synthRate, settings)) as { id: string } | undefined)?.id;
  }

  streams(rid: number): StreamRow[] {
    return (this.s.streams!.all(rid) as Record<string, number>[]).map((r) => ({
      streamNo: r.stream_no!,
      codec: 'opus',
      sampleRate: r.sample_rate!,
      codecRate: r.codec_rate!,
      channels: r.channels!,
      preSkip: r.pre_skip!,
    }));
  }

  /** A stream's blocks from fromBlock on, a few at a time (no statement stays open across awaits). */
  blocks(rid: number, streamNo: number, fromBlock = 0, limit = 32): BlockRow[] {
    return (this.s.blocks!.all(rid, streamNo, fromBlock, limit) as { stream_no: number; block_no: number; packets: Buffer }[]).map((r) => ({
      streamNo: r.stream_no,
      blockNo: r.block_no,
      packets: new Uint8Array(r.packets.buffer, r.packets.byteOffset, r.packets.byteLength),
    }));
  }

  chunks(rid: number): ChunkRow[] {
    type Rec = {
      seq: number;
      segment: number;
      start_ms: number;
      duration_ms: number;
      words: string;
      stream_no: number | null;
      sample_start: number | null;
      sample_count: number | null;
      mime: string | null;
      bytes: Buffer | null;
    };
    return (this.s.chunks!.all(rid) as Rec[]).map((r) => ({
      seq: r.seq,
      segment: r.segment,
      startMs: r.start_ms,
      durationMs: r.duration_ms,
      words: unpackWords(r.words),
      ...(r.stream_no !== null ? { stream: { streamNo: r.stream_no, sampleStart: r.sample_start ?? 0, sampleCount: r.sample_count ?? 0 } } : {}),
      ...(r.mime !== null && r.bytes ? { encoded: { mime: r.mime, bytes: new Uint8Array(r.bytes) } } : {}),
    }));
  }

  // ---- the library window and the CLI ----

  /** Newest first, a page at a time (keyset paging: cheap at any depth). */
  list(options: ListOptions = {}): ReadingSummary[] {
    return listReadings(this.db, options);
  }

  /** Full-text search over the text with a snippet each, newest first or best match first. */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return searchReadings(this.db, query, options);
  }

  count(): number {
    return (this.s.count!.get() as { n: number }).n;
  }

  delete(id: string): boolean {
    return this.s.delete!.run(id).changes > 0;
  }

  /** Dates a saved reading now, so it lists first again (it was heard again); false if there is none. */
  refresh(id: string): boolean {
    return this.s.refresh!.run({ id, now: this.now() }).changes > 0;
  }

  setPinned(id: string, pinned: boolean): boolean {
    return this.s.pin!.run(pinned ? 1 : 0, id).changes > 0;
  }

  totalAudioBytes(): number {
    return (this.s.totalBytes!.get() as { n: number }).n;
  }

  /**
   * Enforces the size/age limit: deletes unpinned readings older than maxAgeMs, then the oldest
   * unpinned ones until the audio fits in maxBytes. Works in small transactions. Returns how many went.
   */
  trim(limits: { maxBytes?: number; maxAgeMs?: number }): number {
    let removed = 0;
    if (limits.maxAgeMs !== undefined) {
      const cutoff = this.now() - limits.maxAgeMs;
      for (;;) {
        const rids = (this.s.expired!.all(cutoff) as { rid: number }[]).map((r) => r.rid);
        if (rids.length === 0) break;
        this.db.transaction(() => rids.forEach((rid) => this.s.deleteRid!.run(rid)))();
        removed += rids.length;
      }
    }
    if (limits.maxBytes !== undefined) {
      let total = this.totalAudioBytes();
      while (total > limits.maxBytes) {
        const batch = this.s.oldestUnpinned!.all() as { rid: number; audio_bytes: number }[];
        if (batch.length === 0) break;
        const doomed: number[] = [];
        for (const r of batch) {
          if (total <= limits.maxBytes) break;
          doomed.push(r.rid);
          total -= r.audio_bytes;
        }
        this.db.transaction(() => doomed.forEach((rid) => this.s.deleteRid!.run(rid)))();
        removed += doomed.length;
      }
    }
    if (removed > 0) this.db.pragma('incremental_vacuum');
    return removed;
  }
}
