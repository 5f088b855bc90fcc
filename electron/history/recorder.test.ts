import type { Chunk } from '../../shared/chunk';
import { espeakChunks } from '../../test/fakes/espeak-chunks';
import { openLibrary, type LibraryStore } from './library-store';
import { startRecording } from './recorder';
import { replayChunks } from './replay';

const TEXT = 'The library keeps every reading. Replay costs nothing! Search finds the paragraph you heard on Tuesday.';
const meta = (id: string) => ({ id, text: TEXT, provider: 'builtin', voice: 'en-us', synthRate: 1 });
let live: Chunk[];
let lib: LibraryStore;

beforeAll(() => {
  live = espeakChunks('live-1', TEXT);
});
beforeEach(() => {
  lib = openLibrary({ path: ':memory:' });
});
afterEach(() => lib.close());

async function collect(it: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe('recording real speech and replaying it', () => {
  it('replays the same chunks: same words at the same times, audio within 50 ms after Opus', async () => {
    const rec = startRecording(lib, meta('live-1'));
    for (const c of live) rec.add(c);
    await rec.finish('complete');
    expect(rec.error).toBeUndefined();

    const saved = lib.get('live-1')!;
    expect(saved.status).toBe('complete');
    expect(saved.chunkCount).toBe(live.length);
    const replayed = await collect(replayChunks(lib, 'live-1', { readingId: 'again-2' }));
    expect(replayed).toHaveLength(live.length);
    for (const [i, c] of replayed.entries()) {
      const orig = live[i]!;
      expect(c.readingId).toBe('again-2');
      expect([c.seq, c.segment]).toEqual([orig.seq, orig.segment]);
      expect(c.startMs).toBeCloseTo(orig.startMs, 6);
      expect(c.words.map((w) => [w.text, w.charStart, w.charEnd])).toEqual(orig.words.map((w) => [w.text, w.charStart, w.charEnd]));
      c.words.forEach((w, j) => {
        expect(w.startMs).toBeCloseTo(orig.words[j]!.startMs, 2);
        expect(w.endMs).toBeCloseTo(orig.words[j]!.endMs, 2);
      });
      expect(c.audio.kind).toBe('pcm');
      if (c.audio.kind === 'pcm' && orig.audio.kind === 'pcm') {
        expect(c.audio.sampleRate).toBe(orig.audio.sampleRate);
        expect(Math.abs(c.audio.samples.length - orig.audio.samples.length) / orig.audio.sampleRate).toBeLessThan(0.05);
      }
    }
    const total = (cs: Chunk[]) => cs.reduce((a, c) => a + (c.audio.kind === 'pcm' ? c.audio.samples.length / c.audio.sampleRate : 0), 0);
    expect(Math.abs(total(replayed) - total(live))).toBeLessThan(0.05);
    // Compact: Opus at 32 kb/s, well under the 32 MB/hour aim.
    const perHour = (saved.audioBytes / total(live)) * 3600;
    expect(perHour).toBeLessThan(32 * 1024 * 1024);
  });

  it('keeps a provider\'s encoded bytes as they came', async () => {
    const mp3 = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    const rec = startRecording(lib, { ...meta('enc'), provider: 'elevenlabs', voice: 'Rachel' });
    rec.add({ readingId: 'enc', segment: 0, seq: 0, startMs: 0, durationMs: 1234, audio: { kind: 'encoded', mime: 'audio/mpeg', bytes: mp3 }, words: [{ text: 'The', charStart: 0, charEnd: 3, startMs: 10, endMs: 200 }] });
    await rec.finish('complete');
    const [c] = await collect(replayChunks(lib, 'enc'));
    expect(c!.audio).toEqual({ kind: 'encoded', mime: 'audio/mpeg', bytes: mp3 });
    expect(c!.durationMs).toBe(1234);
    expect(c!.words[0]).toEqual({ text: 'The', charStart: 0, charEnd: 3, startMs: 10, endMs: 200 });
  });

  it('starts a new stream when the voice changes format part way (a fallback voice)', async () => {
    const other = espeakChunks('mix', 'A second voice.').map((c) => ({ ...c, seq: c.seq + live.length, segment: c.segment + 10 }));
    const resampled = other.map((c) => c.audio.kind === 'pcm' ? { ...c, audio: { ...c.audio, sampleRate: 16000 } } : c);
    const rec = startRecording(lib, meta('mix'));
    for (const c of [...live, ...resampled]) rec.add(c);
    await rec.finish('complete');
    const replayed = await collect(replayChunks(lib, 'mix'));
    expect(replayed.map((c) => (c.audio.kind === 'pcm' ? c.audio.sampleRate : 0))).toEqual([...live.map(() => 22050), ...resampled.map(() => 16000)]);
    expect(lib.streams(lib.get('mix')!.rid)).toHaveLength(2);
  });
});

describe('a reading that ends before its first chunk', () => {
  it.each(['stopped', 'partial', 'complete'] as const)('ended %s, leaves nothing in the library (it would play as nothing)', async (outcome) => {
    const rec = startRecording(lib, { id: 'silent', text: 'Stopped before a sound.', provider: 'builtin', voice: 'en-us', synthRate: 1 });
    // Nothing is written before there is something to save.
    expect(lib.get('silent')).toBeUndefined();
    await rec.finish(outcome);
    expect(lib.get('silent')).toBeUndefined();
    expect(lib.count()).toBe(0);
  });
});

describe('a reading whose row is written elsewhere (the writer thread, for a long text)', () => {
  it('writes no chunk before the row is there, then saves them all, in order, under its row id', async () => {
    let release!: () => void;
    const asked: string[] = [];
    const rec = startRecording(lib, meta('elsewhere'), {
      writeRow: async (m) => {
        asked.push(m.id);
        await new Promise<void>((r) => (release = r));
        return lib.beginReading(m);
      },
    });
    for (const c of live) rec.add(c);
    await new Promise((r) => setTimeout(r, 20));
    // Asked once, with the first chunk; nothing written while the row is on its way.
    expect(asked).toEqual(['elsewhere']);
    expect(lib.get('elsewhere')).toBeUndefined();
    release();
    await rec.finish('complete');
    expect(rec.error).toBeUndefined();
    expect(lib.get('elsewhere')).toMatchObject({ status: 'complete', chunkCount: live.length });
  });

  it('reports a row that could not be written, and saves nothing after it', async () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const errors: unknown[] = [];
    const rec = startRecording(lib, meta('refused'), { writeRow: () => Promise.reject(full), onError: (e) => errors.push(e) });
    for (const c of live) rec.add(c);
    await rec.finish('complete');
    expect(errors).toEqual([full]);
    expect(lib.count()).toBe(0);
  });
});

describe('batched commits', () => {
  it('commits one transaction per segment, the last one with the status, when chunks come faster than FLUSH_MS', async () => {
    const calls: Parameters<LibraryStore['append']>[1][] = [];
    const append = lib.append.bind(lib);
    lib.append = (rid, batch) => {
      calls.push(batch);
      append(rid, batch);
    };
    const rec = startRecording(lib, meta('batched'), { flushMs: 60_000 });
    for (const c of live) rec.add(c);
    await rec.finish('complete');
    const segments = [...new Set(live.map((c) => c.segment))];
    expect(segments.length).toBeGreaterThan(1);
    expect(calls.map((b) => b.chunks?.map((c) => c.seq))).toEqual(segments.map((s) => live.filter((c) => c.segment === s).map((c) => c.seq)));
    expect(calls.map((b) => b.status)).toEqual([...segments.slice(1).map(() => undefined), 'complete']);
    expect(calls[0]!.streams).toHaveLength(1);
    expect(lib.get('batched')).toMatchObject({ status: 'complete', chunkCount: live.length });
  });

  it('commits what a quiet stream sent within flushMs, without waiting for the segment to end', async () => {
    const rec = startRecording(lib, meta('quiet'), { flushMs: 50 });
    const first = live.filter((c) => c.segment === live[0]!.segment).slice(0, 2);
    for (const c of first) rec.add(c);
    await vi.waitFor(() => expect(lib.get('quiet')!.chunkCount).toBe(2), { timeout: 10_000, interval: 10 });
    expect(lib.get('quiet')!.status).toBe('recording');
    await rec.finish('stopped');
    expect(lib.get('quiet')).toMatchObject({ status: 'stopped', chunkCount: 2 });
  });
});

describe('stopped and discarded readings', () => {
  it('keeps a stopped reading as stopped, playable as far as it got', async () => {
    const rec = startRecording(lib, meta('stop'));
    for (const c of live.slice(0, 4)) rec.add(c);
    await rec.finish('stopped');
    expect(lib.get('stop')!.status).toBe('stopped');
    expect(await collect(replayChunks(lib, 'stop'))).toHaveLength(4);
    expect(lib.findCached(TEXT, 'builtin', 'en-us', 1)).toBeUndefined();
  });

  it('removes a discarded reading entirely', async () => {
    const rec = startRecording(lib, meta('gone'));
    for (const c of live.slice(0, 2)) rec.add(c);
    await rec.finish('discard');
    expect(lib.get('gone')).toBeUndefined();
    expect(lib.db.prepare('SELECT count(*) AS n FROM audio_blocks').get()).toEqual({ n: 0 });
  });

  it('reports a failed write once and stops recording instead of throwing into the reading', async () => {
    const errors: unknown[] = [];
    const rec = startRecording(lib, meta('dup'), { onError: (e) => errors.push(e) });
    rec.add(live[0]!);
    // The same seq again, in the next segment: segment 0 commits, then this batch violates the key.
    rec.add({ ...live[0]!, segment: live[0]!.segment + 1 });
    rec.add(live[1]!);
    await rec.finish('complete');
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/UNIQUE/);
    // The failed batch rolled back whole; the one committed before it stays, and nothing after.
    expect(lib.get('dup')!.chunkCount).toBe(1);
    expect(lib.get('dup')!.status).toBe('recording');
  });
});

describe('partial readings', () => {
  it('drops a reading whose writer died before anything of it was saved: nothing to play', () => {
    const rid = lib.beginReading(meta('empty'));
    lib.db.prepare('UPDATE readings SET writer_pid = 999999999 WHERE rid = ?').run(rid);
    expect(lib.recoverInterrupted()).toBe(1);
    expect(lib.get('empty')).toBeUndefined();
  });

  it('replays a reading cut off mid-stream up to where its audio stops', async () => {
    // Simulate a crash: chunks written, encoder never flushed, status left 'recording'.
    const rec = startRecording(lib, meta('cut'));
    for (const c of live.slice(0, 5)) rec.add(c);
    await new Promise((r) => setTimeout(r, 200));
    while (lib.get('cut')!.chunkCount < 5) await new Promise((r) => setTimeout(r, 20));
    const rid = lib.get('cut')!.rid;
    lib.db.prepare('UPDATE readings SET writer_pid = 999999999 WHERE rid = ?').run(rid);
    expect(lib.recoverInterrupted()).toBe(1);
    expect(lib.get('cut')!.status).toBe('partial');
    const replayed = await collect(replayChunks(lib, 'cut'));
    // Everything but the encoder's last unflushed frame or two is there.
    const ms = replayed.reduce((a, c) => a + c.durationMs, 0);
    const liveMs = live.slice(0, 5).reduce((a, c) => a + c.durationMs, 0);
    expect(ms).toBeGreaterThan(liveMs - 60);
    expect(ms).toBeLessThanOrEqual(liveMs + 1);
  });
});
