// The stopped-readings setting over the assembled core, real SQLite and the real built-in voice: a
// reading stopped part way is finished in the background ('complete'), kept as heard ('keep') or
// deleted ('discard'); the background never holds up a new reading; closing cuts it short safely.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, type BuiltinVoice } from '../engine/builtin-voice';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { replayChunks } from '../history/replay';
import type { KeyCipher } from '../settings/key-cipher';
import { openProviderSettings, type ProviderSettings } from '../settings/provider-settings';
import { startReading } from '../speech/reading';
import type { Synthesizer } from '../speech/synthesizer';
import { createAloudCore } from './aloud-core';
import { routedCore } from '../../test/support/routed-readings';
import { listenAll } from '../../test/support/listen-all';

const TEXT =
  'The first sentence starts the reading. A second sentence follows it closely. ' +
  'The third one is in the middle of the text. The fourth goes on a little longer than that. ' +
  'A fifth sentence is nearly the last. And the sixth one brings it to an end.';
const OTHER = 'A new reading, started right after the stop.';

const cipher: KeyCipher = { available: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' };

let voice: BuiltinVoice;
/** The reading heard to the end, straight from the voice: the reference. */
let full: Chunk[];
beforeAll(async () => {
  voice = createBuiltinVoice();
  await voice.warmUp();
  full = await all(startReading({ readingId: 'ref', text: TEXT, synthesizer: voice, voice: 'en-us', synthRate: 1, lookahead: Infinity }).chunks());
});
afterAll(() => voice.close());

/** Every request to the voice, in order: which text, when it started and ended. */
let log: { text: string; event: 'start' | 'end' }[];
/** Told the count as each request starts. */
let onStart: ((requests: number) => void) | null;
/** Resolves as the background starts its first request (the second request in all). */
const backgroundStarted = () => new Promise<void>((resolve) => (onStart = (n) => n === 2 && resolve()));
function logged(inner: Synthesizer): Synthesizer {
  return {
    provider: inner.provider,
    maxChars: inner.maxChars,
    listVoices: (signal) => inner.listVoices(signal),
    async *synthesize(req) {
      log.push({ text: req.text, event: 'start' });
      onStart?.(log.filter((e) => e.event === 'start').length);
      try {
        yield* inner.synthesize(req);
      } finally {
        log.push({ text: req.text, event: 'end' });
      }
    },
  };
}

let dir: string;
let store: LibraryStore;
let settings: ProviderSettings;
let app: ReturnType<typeof routedCore<ReturnType<typeof createAloudCore>>>;
let errors: unknown[];
/** Readings that sent a chunk with words, and how each ended, as the reader was told. */
let chunked: Set<string>;
let ended: Map<string, string>;
/** How long the request log was as each reading ended. */
let logAtEnd: Map<string, number>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aloud-stopped-'));
  store = openLibrary({ path: join(dir, 'library.sqlite') });
  settings = openProviderSettings({ dataDir: dir, cipher });
  log = [];
  onStart = null;
  errors = [];
  ended = new Map();
  logAtEnd = new Map();
  chunked = new Set();
  app = routedCore(listenAll(createAloudCore({
    builtin: { synthesizer: logged(voice), voice: 'en-us' },
    store,
    settings,
    keyStorageAvailable: () => false,
    chooseExportFolder: async () => null,
    // Nothing plays: the reading makes its first segment and waits for a playhead that never moves.
    lookahead: 0,
    onError: (e) => errors.push(e),
    
  }), (channel, payload) => {
      const p = payload as { readingId: string; reason?: string };
      // A chunk can be all lead-in silence; a stop after one with words leaves something to keep.
      if (channel === 'reading:chunk' && (payload as Chunk).words.length > 0) chunked.add(p.readingId);
      if (channel === 'reading:ended') {
        ended.set(p.readingId, p.reason!);
        logAtEnd.set(p.readingId, log.length);
      }
    }));
});
afterEach(async () => {
  await app.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Starts a reading; resolves with its id and promises of its first chunk and its end. */
async function start(text: string) {
  const { readingId } = (await app.invoke('reading:start', { text })) as { readingId: string };
  const gotChunk = vi.waitFor(() => expect(chunked.has(readingId)).toBe(true), { timeout: 60_000, interval: 5 });
  const gotEnd = vi.waitFor(() => ended.get(readingId) ?? Promise.reject(new Error('not ended')), { timeout: 60_000, interval: 5 });
  return { readingId, gotChunk, gotEnd };
}

/** Reads TEXT and stops it once its first words have arrived. */
async function readAndStop(): Promise<string> {
  const r = await start(TEXT);
  await r.gotChunk;
  await app.invoke('reading:stop', { readingId: r.readingId });
  expect(await r.gotEnd).toBe('stopped');
  return r.readingId;
}

const durationOf = (chunks: Chunk[]) =>
  chunks.reduce((ms, c) => ms + (c.audio.kind === 'pcm' ? (c.audio.samples.length / c.audio.channels / c.audio.sampleRate) * 1000 : 0), 0);
const wordsOf = (chunks: Chunk[]) => chunks.flatMap((c) => c.words.map((w) => w.text));

it('complete (the default): the library gets the whole reading, the same words and length as one heard to the end', async () => {
  expect(settings.stoppedReadings).toBe('complete');
  const id = await readAndStop();
  await app.recorder!.settled();
  expect(store.get(id)!.status).toBe('complete');
  const saved = await all(replayChunks(store, id));
  expect(wordsOf(saved)).toEqual(wordsOf(full));
  expect(Math.abs(durationOf(saved) - durationOf(full))).toBeLessThan(50);
  expect(Math.abs(store.get(id)!.durationMs - durationOf(full))).toBeLessThan(50);
  expect(errors).toEqual([]);
});

it('keep (chosen through the settings channel): the reading stays as heard, a playable partial clip', async () => {
  await expect(app.invoke('settings:set', { stoppedReadings: 'later' })).rejects.toThrow(/Invalid arguments for 'settings:set'/);
  expect(await app.invoke('settings:set', { stoppedReadings: 'keep' })).toMatchObject({ stoppedReadings: 'keep' });
  expect(await app.invoke('settings:get', {})).toMatchObject({ stoppedReadings: 'keep' });
  const id = await readAndStop();
  await app.recorder!.settled();
  expect(store.get(id)!.status).toBe('stopped');
  const saved = await all(replayChunks(store, id));
  const words = wordsOf(saved);
  expect(words.length).toBeGreaterThan(0);
  expect(words.length).toBeLessThan(wordsOf(full).length);
  expect(words).toEqual(wordsOf(full).slice(0, words.length));
  // Nothing was synthesized past the stop.
  expect(log.filter((e) => e.event === 'start').map((e) => e.text)).toEqual(['The first sentence starts the reading.']);
});

it('discard: a stopped reading is deleted', async () => {
  settings.setStoppedReadings('discard');
  const id = await readAndStop();
  await app.recorder!.settled();
  expect(store.get(id)).toBeUndefined();
  expect(store.list({}).length).toBe(0);
});

it('a new reading started right after a stop waits for at most one background segment, and the completion resumes after it', async () => {
  const background = backgroundStarted();
  const id = await readAndStop();
  await background;
  const other = await start(OTHER);
  const startedAt = log.length;
  await other.gotChunk;
  // From the new start to its first audio: no background request began, at most the one in hand ended.
  const between = log.slice(startedAt, log.findIndex((e, i) => i >= startedAt && e.text === OTHER && e.event === 'end'));
  expect(between.filter((e) => e.text !== OTHER && e.event === 'end').length).toBeLessThanOrEqual(1);
  expect(await other.gotEnd).toBe('finished');
  // While the new reading was being read, the background began nothing.
  const whileReading = log.slice(startedAt, logAtEnd.get(other.readingId));
  expect(whileReading.filter((e) => e.text !== OTHER && e.event === 'start')).toEqual([]);
  await app.recorder!.settled();
  expect(store.get(other.readingId)!.status).toBe('complete');
  expect(store.get(id)!.status).toBe('complete');
  const saved = await all(replayChunks(store, id));
  expect(wordsOf(saved)).toEqual(wordsOf(full));
  expect(Math.abs(durationOf(saved) - durationOf(full))).toBeLessThan(50);
});

it('closing the app cuts a running completion short: saved as far as it got, nothing started after', async () => {
  const background = backgroundStarted();
  const id = await readAndStop();
  await background;
  await app.close();
  const requests = log.length;
  const status = store.get(id)!.status;
  // Never left 'recording': crash recovery is not needed, the reading is playable as far as it got.
  expect(['stopped', 'complete']).toContain(status);
  const saved = await all(replayChunks(store, id));
  expect(wordsOf(saved)).toEqual(wordsOf(full).slice(0, wordsOf(saved).length));
  // Settling after the close starts nothing more.
  await app.recorder!.settled();
  expect(log.length).toBe(requests);
  expect(errors).toEqual([]);
});
