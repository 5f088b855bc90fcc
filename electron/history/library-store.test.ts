import { openLibrary, type LibraryStore } from './library-store';
import { ftsQuery } from './library-queries';

let now = 1_700_000_000_000;
let lib: LibraryStore;
const DAY = 86_400_000;

function add(id: string, text: string, opts: { provider?: string; voice?: string; at?: number; bytes?: number; status?: 'complete' | 'stopped' } = {}) {
  const rid = lib.beginReading({ id, text, provider: opts.provider ?? 'builtin', voice: opts.voice ?? 'en-us', synthRate: 1, createdAt: opts.at ?? now });
  lib.append(rid, {
    ...(opts.bytes
      ? {
          streams: [{ streamNo: 0, codec: 'opus', sampleRate: 22050, codecRate: 24000, channels: 1, preSkip: 156 }],
          blocks: [{ streamNo: 0, blockNo: 0, packets: new Uint8Array(opts.bytes) }],
          chunks: [{ seq: 0, segment: 0, startMs: 0, durationMs: 1000, words: [], stream: { streamNo: 0, sampleStart: 0, sampleCount: 22050 } }],
        }
      : {}),
    status: opts.status ?? 'complete',
  });
  return rid;
}

beforeEach(() => {
  now = 1_700_000_000_000;
  lib = openLibrary({ path: ':memory:', now: () => now });
});
afterEach(() => lib.close());

describe('library list', () => {
  it('pages newest first with a keyset cursor, never repeating or skipping a row', () => {
    for (let i = 0; i < 25; i++) add(`r${String(i).padStart(2, '0')}`, `reading number ${i}`, { at: now + (i % 5) * 1000 });
    const seen: string[] = [];
    let after: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = lib.list({ limit: 7, after });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.id));
      const last = page.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(new Set(seen).size).toBe(25);
    const times = seen.map((id) => lib.get(id)!.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by provider, voice and date range', () => {
    add('a', 'alpha', { provider: 'builtin', voice: 'en-us', at: now - 3 * DAY });
    add('b', 'beta', { provider: 'inworld', voice: 'Ashley', at: now - 2 * DAY });
    add('c', 'gamma', { provider: 'inworld', voice: 'Dennis', at: now - DAY });
    expect(lib.list({ provider: 'inworld' }).map((r) => r.id)).toEqual(['c', 'b']);
    expect(lib.list({ voice: 'Ashley' }).map((r) => r.id)).toEqual(['b']);
    expect(lib.list({ from: now - 2.5 * DAY, to: now - 0.5 * DAY }).map((r) => r.id)).toEqual(['c', 'b']);
    expect(lib.list({ provider: 'builtin', from: now - 2 * DAY })).toEqual([]);
  });
});

describe('library search', () => {
  beforeEach(() => {
    add('tue', 'On Tuesday we read about the migration of arctic terns across the Atlantic.', { at: now - DAY });
    add('wed', 'Wednesday: a recipe for sourdough bread, with a long fermentation.', { at: now });
    add('cafe', 'Un café crème à la terrasse.', { provider: 'sarvam', at: now - 2 * DAY });
  });

  it('finds words anywhere in the text, with a snippet marking the match', () => {
    const hits = lib.search('arctic terns');
    expect(hits.map((h) => h.id)).toEqual(['tue']);
    expect(hits[0]!.snippet).toContain('[arctic] [terns]');
  });

  it('matches a prefix of the last word as it is typed, and ignores accents', () => {
    expect(lib.search('sourd').map((h) => h.id)).toEqual(['wed']);
    expect(lib.search('cafe creme').map((h) => h.id)).toEqual(['cafe']);
    expect(lib.search('te').map((h) => h.id).sort()).toEqual(['cafe', 'tue']);
    // One letter is a word, not a prefix: it would match nearly everything.
    expect(ftsQuery('the t')).toBe('"the" "t"');
    expect(lib.search('t')).toEqual([]);
  });

  it('lists hits newest first by default, or best match first', () => {
    add('many', 'terns terns terns terns, a book all about terns', { at: now + DAY });
    expect(lib.search('terns').map((h) => h.id)).toEqual(['many', 'tue']);
    add('once', 'one tern among the terns of the many Atlantic arctic seabird colonies along the coast', { at: now + 2 * DAY });
    expect(lib.search('terns').map((h) => h.id)).toEqual(['once', 'many', 'tue']);
    expect(lib.search('terns', { order: 'rank' })[0]!.id).toBe('many');
  });

  it('treats FTS syntax in the input as plain words', () => {
    expect(ftsQuery('NOT "terns" OR *')).toBe('"NOT" "terns" "OR"*');
    expect(lib.search('terns) OR (bread').map((h) => h.id)).toEqual([]);
    expect(lib.search('  ')).toEqual([]);
  });

  it('combines search with filters', () => {
    expect(lib.search('a', { provider: 'sarvam' }).map((h) => h.id)).toEqual(['cafe']);
    expect(lib.search('the', { from: now - 0.5 * DAY })).toEqual([]);
  });

  it('forgets deleted readings', () => {
    expect(lib.delete('tue')).toBe(true);
    expect(lib.search('terns')).toEqual([]);
    expect(lib.get('tue')).toBeUndefined();
    expect(lib.delete('tue')).toBe(false);
  });
});

describe('pin, delete and trimming', () => {
  it('deletes a reading with its chunks and audio', () => {
    const rid = add('x', 'text', { bytes: 1000 });
    lib.delete('x');
    for (const t of ['chunks', 'audio_blocks', 'audio_streams']) {
      expect(lib.db.prepare(`SELECT count(*) AS n FROM ${t} WHERE reading_rid = ?`).get(rid)).toEqual({ n: 0 });
    }
  });

  it('trims the oldest unpinned readings until the audio fits the size limit', () => {
    for (let i = 0; i < 10; i++) add(`r${i}`, `reading ${i}`, { at: now + i, bytes: 1000 });
    lib.setPinned('r0', true);
    expect(lib.totalAudioBytes()).toBe(10_000);
    const removed = lib.trim({ maxBytes: 6_500 });
    expect(removed).toBe(4);
    expect(lib.list({ limit: 100 }).map((r) => r.id).sort()).toEqual(['r0', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(lib.get('r0')!.pinned).toBe(true);
  });

  it('gives the space of trimmed readings back to the disk', async () => {
    const { mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'aloud-trim-'));
    try {
      const path = join(dir, 'library.sqlite');
      const file = openLibrary({ path, now: () => now });
      const keep = lib;
      lib = file;
      for (let i = 0; i < 40; i++) add(`r${i}`, `reading ${i}`, { at: now + i, bytes: 50_000 });
      file.db.pragma('wal_checkpoint(TRUNCATE)');
      const before = statSync(path).size;
      expect(file.trim({ maxBytes: 200_000 })).toBe(36);
      file.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(statSync(path).size).toBeLessThan(before / 4);
      expect(file.db.pragma('freelist_count', { simple: true })).toBe(0);
      file.close();
      lib = keep;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trims unpinned readings older than the age limit, keeping pinned ones', () => {
    add('old', 'old', { at: now - 40 * DAY });
    add('oldPinned', 'old but pinned', { at: now - 40 * DAY });
    add('new', 'new', { at: now - DAY });
    lib.setPinned('oldPinned', true);
    expect(lib.trim({ maxAgeMs: 30 * DAY })).toBe(1);
    expect(lib.list().map((r) => r.id).sort()).toEqual(['new', 'oldPinned']);
    lib.setPinned('oldPinned', false);
    expect(lib.trim({ maxAgeMs: 30 * DAY })).toBe(1);
  });

  it('never trims a reading still being recorded', () => {
    lib.beginReading({ id: 'live', text: 'live', provider: 'builtin', voice: 'en-us', synthRate: 1, createdAt: now - 100 * DAY });
    expect(lib.trim({ maxAgeMs: DAY, maxBytes: 0 })).toBe(0);
  });
});

describe('cache keys', () => {
  it('finds only a complete reading with the same text, provider, voice, rate and settings', () => {
    const meta = { text: 'same text', provider: 'inworld', voice: 'Ashley', synthRate: 1.25, settings: { model: 'tts-1', b: 2, a: 1 } };
    const rid = lib.beginReading({ id: 'one', ...meta });
    expect(lib.findCached(meta.text, meta.provider, meta.voice, meta.synthRate, meta.settings)).toBeUndefined(); // still recording
    lib.setStatus(rid, 'complete');
    expect(lib.findCached(meta.text, meta.provider, meta.voice, meta.synthRate, { a: 1, b: 2, model: 'tts-1' })).toBe('one');
    expect(lib.findCached(meta.text, meta.provider, meta.voice, 1, meta.settings)).toBeUndefined();
    expect(lib.findCached(meta.text, meta.provider, 'Dennis', meta.synthRate, meta.settings)).toBeUndefined();
    expect(lib.findCached(meta.text, meta.provider, meta.voice, meta.synthRate, { model: 'tts-2' })).toBeUndefined();
  });
});

describe('word timings', () => {
  it('pack compactly and come back exactly, phonemes and visemes included', async () => {
    const { packWords, unpackWords } = await import('./packed-words');
    const words = [
      { text: 'Hello', charStart: 0, charEnd: 5, startMs: 0, endMs: 312.5 },
      {
        text: 'world', charStart: 6, charEnd: 11, startMs: 312.5, endMs: 700.125,
        phonemes: [{ symbol: 'w', startMs: 312.5, durationMs: 80, viseme: 'u' }, { symbol: 'ɜː', startMs: 392.5, durationMs: 120 }],
      },
    ];
    const packed = packWords(words);
    expect(unpackWords(packed)).toEqual(words);
    expect(packed.length).toBeLessThan(JSON.stringify(words).length / 2);
  });
});

describe('library file', () => {
  it("is created readable and writable by its owner only, its WAL too", async () => {
    const { mkdtempSync, rmSync, statSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'aloud-perm-'));
    const lib = openLibrary({ path: join(dir, 'library.sqlite') });
    lib.beginReading({ id: 'p', text: 'Private.', provider: 'builtin', voice: 'en-us', synthRate: 1 });
    for (const f of ['library.sqlite', 'library.sqlite-wal']) {
      if (existsSync(join(dir, f))) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    }
    expect(existsSync(join(dir, 'library.sqlite-wal'))).toBe(true);
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a long text once: the commits that follow (duration, chunk count, status) do not write it again', async () => {
    const { mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'aloud-wal-'));
    const lib = openLibrary({ path: join(dir, 'library.sqlite') });
    const text = 'A book of many words, read for hours. '.repeat(50_000);
    const rid = lib.beginReading({ id: 'book', text, provider: 'builtin', voice: 'en-us', synthRate: 1 });
    lib.db.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < 50; i++) {
      lib.append(rid, { chunks: [{ seq: i, segment: i, startMs: i * 100, durationMs: 100, words: [], encoded: { mime: 'audio/wav', bytes: new Uint8Array(100) } }] });
    }
    lib.setStatus(rid, 'stopped');
    // 51 commits of a small chunk each; with the 1.9 MB text in the row each wrote about 120 KB (5.5 MB).
    expect(statSync(join(dir, 'library.sqlite-wal')).size).toBeLessThan(2 * 1024 * 1024);
    expect(lib.get('book')!.text).toBe(text);
    expect(lib.list({ limit: 1 })[0]).toMatchObject({ id: 'book', chars: text.length, preview: text.slice(0, 160), chunkCount: 50 });
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
