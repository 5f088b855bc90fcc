// The library at 100,000 readings: search (FTS5) against a LIKE scan, the first page of the list against
// an unindexed sort, saving a one-minute reading of real built-in-voice speech (SQLite time on the main
// thread, batched commits against a commit per chunk and against writing raw PCM), and database bytes
// per hour of speech against raw 16-bit PCM.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import Database from 'better-sqlite3';
import { cacheKey } from '../../electron/history/cache-key';
import { migrate } from '../../electron/history/migrate';
import { migrations } from '../../electron/history/migrations';
import { openLibrary, type LibraryStore } from '../../electron/history/library-store';
import { lastCheckPath } from '../../electron/history/health-schedule';
import { startRecording } from '../../electron/history/recorder';
import { startReading } from '../../electron/speech/reading';
import { median, percentile, report, reportRatio } from './format';

const READINGS = 100_000;

/** mulberry32 */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = `the of and to a in is that it was for on are as with his they at be this from have or by one had not but what all
were when we there can an your which their said if do will each about how up out them then she many some so these would other into has
more her two like him see time could no make than first been its who now people my made over did down only way find use may water long
little very after words called just where most know get through back much before go good new write our used me man too any day same right
look think also around another came come work three word must because does part even place well such here take why things help put years
different away again off went old number great tell men say small every found still between name should home big give air line set own
under read last never us left end along while might next sound below saw something thought both few those always looked show large often
together asked house world going want school important until form food keep children feet land side without boy once animals life enough
took sometimes four head above kind began almost live page got earth need far hand high year mother light parts country father let night
following picture being study second eyes soon times story boys since white days ever paper hard near sentence better best across during
today others however sure means knew try told young miles sun ways thing whole hear example heard several change answer room sea against
top turned learn point city play toward five using himself usually`.split(/\s+/);

/** Common words by Zipf's law plus a long tail of invented ones, as real text has. */
function makeTextGenerator(random: () => number) {
  const syll = ['ka', 'lo', 'mi', 'ren', 'to', 'sa', 'vel', 'nor', 'di', 'an', 'qui', 'bre', 'ost', 'um', 'ix', 'far', 'gel', 'pha'];
  const rare = Array.from({ length: 20_000 }, () => {
    const n = 2 + Math.floor(random() * 3);
    return Array.from({ length: n }, () => syll[Math.floor(random() * syll.length)]).join('');
  });
  const word = () => {
    if (random() < 0.8) {
      // Zipf over the common words: rank ~ 1/u.
      const r = Math.min(COMMON.length - 1, Math.floor(Math.pow(COMMON.length, random())) - 1);
      return COMMON[r]!;
    }
    return rare[Math.floor(Math.pow(random(), 2) * rare.length)]!;
  };
  return () => {
    const sentences = 1 + Math.floor(-Math.log(1 - random()) * 4);
    let text = '';
    for (let s = 0; s < sentences; s++) {
      const n = 5 + Math.floor(random() * 18);
      const ws = Array.from({ length: n }, word);
      ws[0] = ws[0]![0]!.toUpperCase() + ws[0]!.slice(1);
      text += `${ws.join(' ')}${random() < 0.1 ? '?' : '.'} `;
    }
    return { text: text.trim(), rare };
  };
}

function timeIt(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * Times every call the recorder makes into the store until restored: wall time (what the main thread
 * is blocked for, including waits for a core on a loaded machine), CPU time, the longest, how many.
 */
function timeStoreCalls(store: LibraryStore) {
  const stats = { totalMs: 0, cpuMs: 0, maxMs: 0, calls: 0 };
  const methods = ['beginReading', 'append', 'setStatus', 'markRecording', 'deleteByRid'] as const;
  const originals = methods.map((m) => [m, store[m]] as const);
  for (const [m, fn] of originals) {
    (store as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
      const t = performance.now();
      const cpu = process.cpuUsage();
      try {
        return (fn as (...a: unknown[]) => unknown).apply(store, args);
      } finally {
        const ms = performance.now() - t;
        const used = process.cpuUsage(cpu);
        stats.cpuMs += (used.user + used.system) / 1000;
        stats.totalMs += ms;
        stats.maxMs = Math.max(stats.maxMs, ms);
        stats.calls++;
      }
    };
  }
  return { stats, restore: () => originals.forEach(([m]) => delete (store as unknown as Record<string, unknown>)[m]) };
}

function fileBytes(path: string): number {
  return [path, `${path}-wal`].reduce((a, p) => a + (existsSync(p) ? statSync(p).size : 0), 0);
}

export async function buildLibrary(lib: LibraryStore): Promise<{ rare: string[]; ms: number; chars: number }> {
  const random = rng(42);
  const gen = makeTextGenerator(random);
  const providers = ['builtin', 'inworld', 'together', 'elevenlabs', 'openai', 'sarvam', 'aitts'];
  const voices = ['en-us', 'en-gb', 'Ashley', 'Dennis', 'Rachel', 'alloy', 'meera'];
  const insert = lib.db.prepare(`INSERT INTO readings (id, created_at, updated_at, chars, preview, provider, voice, rate, settings, cache_key, status, duration_ms, chunk_count, audio_bytes, pinned)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, 'complete', ?, ?, ?, ?)`);
  const insertText = lib.db.prepare(`INSERT INTO reading_texts (rid, text) VALUES (?, ?)`);
  const start = Date.UTC(2025, 0, 1);
  let rare: string[] = [];
  let chars = 0;
  const t = performance.now();
  lib.db.transaction(() => {
    for (let i = 0; i < READINGS; i++) {
      const g = gen();
      rare = g.rare;
      chars += g.text.length;
      const at = start + Math.floor((i / READINGS) * 700 * 86_400_000 + random() * 3_600_000);
      const p = Math.floor(random() * providers.length);
      const durationMs = g.text.length * 65;
      const { lastInsertRowid } = insert.run(`r${i}`, at, at, g.text.length, g.text.slice(0, 160), providers[p]!, voices[p]!, 1, cacheKey(g.text, providers[p]!, voices[p]!, 1), durationMs, 1 + Math.floor(g.text.length / 200), Math.round(durationMs * 4), random() < 0.02 ? 1 : 0);
      insertText.run(lastInsertRowid, g.text);
    }
  })();
  return { rare, ms: performance.now() - t, chars };
}

async function oneMinuteOfSpeech(): Promise<{ chunks: Chunk[]; text: string; seconds: number }> {
  const voice = createBuiltinVoice();
  const para =
    'Users want to listen again without paying a provider again, to find the paragraph they listened to on Tuesday, and to take audio with them. ' +
    'The library keeps every reading in a local database, compressed, with the timing of every word. ';
  const chunks: Chunk[] = [];
  let text = '';
  try {
    while (chunks.reduce((a, c) => a + c.durationMs, 0) < 60_000) {
      text += para;
      chunks.length = 0;
      const reading = startReading({ readingId: 'minute', text, synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, lookahead: Infinity });
      for await (const c of reading.chunks()) chunks.push(c);
    }
  } finally {
    await voice.close();
  }
  const seconds = chunks.reduce((a, c) => a + (c.audio.kind === 'pcm' ? c.audio.samples.length / c.audio.sampleRate : 0), 0);
  return { chunks, text, seconds };
}

export default async function libraryBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aloud-bench-'));
  try {
    // ---- a library of 100,000 readings ----
    const path = join(dir, 'library.sqlite');
    const lib = openLibrary({ path });
    const built = await buildLibrary(lib);
    report(`build ${READINGS} readings (${(built.chars / 1e6).toFixed(1)} M chars of text, one transaction)`, built.ms / 1000, 's');
    lib.db.pragma('wal_checkpoint(TRUNCATE)');
    report('library file, text and metadata only', fileBytes(path) / 2 ** 20, 'MB');

    const random = rng(7);
    const common = ['river', 'important', 'children', 'picture', 'country', 'answer', 'mother', 'school', 'learn', 'world'];
    const queries: string[] = [];
    for (let i = 0; i < 200; i++) {
      const kind = i % 4;
      const rareWord = built.rare[Math.floor(random() * built.rare.length)]!;
      const c = common[Math.floor(random() * common.length)]!;
      if (kind === 0) queries.push(c);
      else if (kind === 1) queries.push(rareWord);
      else if (kind === 2) queries.push(`${c} ${common[Math.floor(random() * common.length)]}`);
      else queries.push(rareWord.slice(0, 4)); // a prefix, as typed
    }
    lib.search('warm up');
    const searchMs = queries.map((q) => timeIt(() => lib.search(q, { limit: 50 })));
    const rankMs = queries.slice(0, 60).map((q) => timeIt(() => lib.search(q, { limit: 50, order: 'rank' })));
    const likeStmt = lib.db.prepare(`SELECT r.id, substr(t.text, 1, 160) FROM readings r JOIN reading_texts t ON t.rid = r.rid WHERE t.text LIKE ? ORDER BY r.created_at DESC LIMIT 50`);
    const likeMs = queries.slice(0, 12).map((q) => timeIt(() => likeStmt.all(`%${q}%`)));
    reportRatio('search median (FTS5, newest 50 hits with snippets)', median(searchMs), 'ms', 'LIKE scan median', median(likeMs));
    reportRatio('search p95 (aim < 20 ms)', percentile(searchMs, 95), 'ms', 'LIKE scan p95', percentile(likeMs, 95));
    reportRatio('search p95, best match first (bm25 over every match)', percentile(rankMs, 95), 'ms', 'newest first', percentile(searchMs, 95));
    reportRatio('  longest single search statement', Math.max(...searchMs), 'ms', 'search p95', percentile(searchMs, 95));
    // Where the tail comes from: p95 by kind of query.
    const kinds = ['a common word', 'a rare word', 'two common words', 'a prefix (4 letters)'];
    kinds.forEach((kind, k) => {
      const ms = searchMs.filter((_, i) => i % 4 === k);
      report(`  p95 for ${kind} (median ${median(ms).toFixed(2)} ms)`, percentile(ms, 95), 'ms');
    });
    // The first letters of a word as they are typed: the prefixes that match the most terms.
    const typed = Array.from({ length: 40 }, (_, i) => {
      const w = i % 2 ? common[Math.floor(random() * common.length)]! : built.rare[Math.floor(random() * built.rare.length)]!;
      return w.slice(0, 2 + (i % 4 < 2 ? 0 : 1));
    });
    const typedMs = typed.map((q) => timeIt(() => lib.search(q, { limit: 50 })));
    report(`  p95 for 2 and 3 typed letters (median ${median(typedMs).toFixed(2)} ms)`, percentile(typedMs, 95), 'ms');

    const firstPage = Array.from({ length: 30 }, () => timeIt(() => lib.list({ limit: 50 })));
    const unindexed = lib.db.prepare(`SELECT id, preview FROM readings NOT INDEXED ORDER BY created_at DESC LIMIT 50`);
    const scanPage = Array.from({ length: 5 }, () => timeIt(() => unindexed.all()));
    reportRatio('first page of the list (50 rows)', median(firstPage), 'ms', 'unindexed sort', median(scanPage));
    const filtered = Array.from({ length: 30 }, (_, i) => timeIt(() => lib.list({ limit: 50, provider: i % 2 ? 'inworld' : 'sarvam', from: Date.UTC(2025, 5, 1) })));
    report('first page, filtered by provider and date', median(filtered), 'ms');
    const deep = lib.list({ limit: 50, after: { createdAt: Date.UTC(2025, 11, 1), id: 'r' } });
    const deepMs = Array.from({ length: 30 }, () => timeIt(() => lib.list({ limit: 50, after: { createdAt: deep[0]!.createdAt, id: deep[0]!.id } })));
    report('a page deep in the list (keyset)', median(deepMs), 'ms');
    const cacheMs = Array.from({ length: 200 }, (_, i) => timeIt(() => lib.findCached(`text ${i}`, 'builtin', 'en-us', 1)));
    report('findCached (a miss, hashing the text)', median(cacheMs), 'ms');

    // ---- saving one minute of real speech ----
    const speech = await oneMinuteOfSpeech();
    const segments = new Set(speech.chunks.map((c) => c.segment)).size;
    report(`one reading of the built-in voice (${speech.chunks.length} chunks in ${segments} segments)`, speech.seconds, 's of audio');
    const emptyPath = join(dir, 'minute.sqlite');
    const fresh = openLibrary({ path: emptyPath });
    fresh.db.pragma('wal_checkpoint(TRUNCATE)');
    const emptyBytes = fileBytes(emptyPath);
    // "Save" is every call the recorder makes into SQLite for the reading (begin, batches, status):
    // synchronous calls on the main thread, which is what the tray and the audio could wait on.
    const save = async (store: LibraryStore, id: string, flushMs?: number) => {
      const timed = timeStoreCalls(store);
      const t = performance.now();
      const rec = startRecording(store, { id, text: speech.text, provider: 'builtin', voice: DEFAULT_BUILTIN_VOICE, synthRate: 1 }, flushMs === undefined ? {} : { flushMs });
      for (const c of speech.chunks) rec.add({ ...c, readingId: id });
      await rec.finish('complete');
      const wallMs = performance.now() - t;
      timed.restore();
      if (rec.error) throw rec.error;
      return { ...timed.stats, wallMs };
    };
    for (const [label, store] of [
      ['into the 100k library', lib],
      ['into an empty library', fresh],
    ] as const) {
      const batched = await save(store, `minute-${label}`);
      if (store === fresh) {
        fresh.db.pragma('wal_checkpoint(TRUNCATE)');
        const perHour = ((fileBytes(emptyPath) - emptyBytes) / speech.seconds) * 3600;
        const rawPerHour = 22050 * 2 * 3600;
        reportRatio('database bytes per hour of speech (aim <= 32 MB)', perHour / 2 ** 20, 'MB/h', 'raw 16-bit PCM at 22050 Hz', rawPerHour / 2 ** 20);
        const stored = fresh.get(`minute-${label}`)!;
        report('  of which Opus audio', ((stored.audioBytes / speech.seconds) * 3600) / 2 ** 20, 'MB/h');
      }
      // Baseline from the same run: a commit per chunk (flushMs 0), as the recorder used to write.
      const perChunk = await save(store, `minute-per-chunk-${label}`, 0);
      store.delete(`minute-per-chunk-${label}`);
      reportRatio(`save a one-minute reading ${label}: SQLite time on the main thread (aim < 50 ms)`, batched.totalMs, 'ms', 'a commit per chunk', perChunk.totalMs);
      reportRatio(`  of which CPU time (the rest is waiting for a core)`, batched.cpuMs, 'ms', 'a commit per chunk', perChunk.cpuMs);
      reportRatio(`  longest single SQLite call (${batched.calls} calls, a transaction each)`, batched.maxMs, 'ms', `a commit per chunk (${perChunk.calls} calls)`, perChunk.maxMs);
      reportRatio(`  wall time, encoding included (runs while the speech plays)`, batched.wallMs, 'ms', 'the audio itself', speech.seconds * 1000);
    }
    // Baseline for the write path: the same chunks as raw 16-bit PCM, one transaction each.
    lib.db.exec('CREATE TABLE raw_pcm (seq INTEGER PRIMARY KEY, pcm BLOB NOT NULL) STRICT');
    const rawInsert = lib.db.prepare('INSERT INTO raw_pcm (seq, pcm) VALUES (?, ?)');
    const rawMs = timeIt(() => {
      for (const c of speech.chunks) {
        if (c.audio.kind !== 'pcm') continue;
        const s16 = Int16Array.from(c.audio.samples, (x) => Math.round(Math.max(-1, Math.min(1, x)) * 32767));
        lib.db.transaction(() => rawInsert.run(c.seq, new Uint8Array(s16.buffer)))();
      }
    });
    report('  baseline: the same minute as raw PCM, SQLite time', rawMs, 'ms');

    longTextCommits(dir);

    fresh.close();
    lib.close();
    startupCheck(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opening the library at start: with quick_check skipped (a clean exit, checked this week) against the
 * check being due (after a crash, or weekly), which reads the whole file.
 */
function startupCheck(path: string): void {
  const open = () => timeIt(() => openLibrary({ path }).close());
  open(); // the first open records a sound check; the file is in the page cache after it
  const skipped = Array.from({ length: 5 }, open);
  const due = Array.from({ length: 5 }, () => {
    rmSync(lastCheckPath(path), { force: true });
    return open();
  });
  reportRatio(`open the library at start (${(fileBytes(path) / 2 ** 20).toFixed(0)} MB), check not due`, median(skipped), 'ms', 'quick_check due (after a crash, weekly)', median(due));
}

/**
 * The recorder's commit (duration, chunk count) to a reading of a 1.9 MB text: the text in its own
 * table (schema 4) against the text in the reading's row (schema 3), where SQLite rewrote it each time.
 */
function longTextCommits(dir: string): void {
  const text = 'A book of many words, read for hours. '.repeat(50_000);
  const perCommit = (upto: number): { ms: number; walBytes: number } => {
    const path = join(dir, `long-text-${upto}.sqlite`);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 0');
    migrate(db, migrations.slice(0, upto));
    let rid: number;
    if (upto < 4) {
      rid = Number(db.prepare(`INSERT INTO readings (id, created_at, updated_at, text, provider, voice, rate, cache_key, status) VALUES ('b', 1, 1, ?, 'builtin', 'en-us', 1, 'k', 'recording')`).run(text).lastInsertRowid);
    } else {
      rid = Number(db.prepare(`INSERT INTO readings (id, created_at, updated_at, chars, preview, provider, voice, rate, cache_key, status) VALUES ('b', 1, 1, ?, '', 'builtin', 'en-us', 1, 'k', 'recording')`).run(text.length).lastInsertRowid);
      db.prepare('INSERT INTO reading_texts (rid, text) VALUES (?, ?)').run(rid, text);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    const grow = db.prepare(`UPDATE readings SET duration_ms = duration_ms + 100, chunk_count = chunk_count + 1, updated_at = ? WHERE rid = ?`);
    const commit = db.transaction((i: number) => grow.run(i, rid));
    const ms = timeIt(() => {
      for (let i = 0; i < 50; i++) commit(i);
    });
    const walBytes = statSync(`${path}-wal`).size;
    db.close();
    return { ms: ms / 50, walBytes: walBytes / 50 };
  };
  const apart = perCommit(4);
  const inRow = perCommit(3);
  reportRatio('a commit to a reading of a 1.9 MB text (50 of them)', apart.ms, 'ms', 'the text in the row (schema 3)', inRow.ms);
  reportRatio('  written to the WAL per commit', apart.walBytes / 1024, 'KB', 'the text in the row', inRow.walBytes / 1024);
}
