// A reading cut off by a real crash (the writing process killed with SIGKILL part way) plays from the
// library: the library lists it as partial with the duration it saved, library:play streams its
// saved chunks through the reading:* events with the voice switched off (the saved words up to the
// cut, nothing after, ending 'finished'), and it exports to audio and captions that match.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { openLibrary, type LibraryStore } from '../../electron/history/library-store';
import { createAloudCore } from '../../electron/service/aloud-core';
import { routedCore } from '../support/routed-readings';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import { espeakChunks } from '../fakes/espeak-chunks';
import { cutReadingByCrash } from './history-cut-reading';
import { listenAll } from '../support/listen-all';

const TEXT =
  'The first sentence was saved before the crash. So was the second one, word by word. ' +
  'The third may or may not have made it. The fourth was never written. Nor was the fifth, at the end.';
/** The encoder holds back its last few ms until a stream is closed, which a crash never does. */
const ENCODER_TAIL_MS = 60;

let dir: string;
let live: Chunk[];
let saved: number;
let store: LibraryStore;
let app: ReturnType<typeof routedCore<ReturnType<typeof createAloudCore>>>;
let events: { channel: string; payload: unknown }[];
let synthesisCalls = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aloud-partial-'));
  const dbPath = join(dir, 'library.sqlite');
  live = espeakChunks('cut-1', TEXT);
  await cutReadingByCrash({ dbPath, meta: { id: 'cut-1', text: TEXT, provider: 'builtin', voice: 'en-us', synthRate: 1 }, chunks: live, killAfter: 5 });
  // The next start: the store is opened again and finds the reading its dead writer left.
  store = openLibrary({ path: dbPath });
  saved = store.get('cut-1')!.chunkCount;
  const off: Synthesizer = {
    provider: 'builtin',
    maxChars: 500,
    listVoices: () => Promise.reject(new Error('offline')),
    synthesize: () => {
      synthesisCalls++;
      throw new Error('the voice is switched off: the library must play this');
    },
  };
  events = [];
  app = routedCore(listenAll(createAloudCore({
    builtin: { synthesizer: off, voice: 'en-us' },
    store,
    settings: null,
    keyStorageAvailable: () => false,
    chooseExportFolder: async () => join(dir, 'export'),
    
  }), (channel, payload) => {
      events.push({ channel, payload });
      // Play along: the player reports each segment it reaches.
      if (channel === 'reading:chunk') {
        const c = payload as Chunk;
        void app.invoke('reading:progress', { readingId: c.readingId, segment: c.segment }).catch(() => undefined);
      }
    }));
});
afterAll(async () => {
  await app?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const invoke = (channel: string, args: unknown) => app.invoke(channel, args);
const endOf = (chunks: Chunk[]) => chunks.at(-1)!.startMs + chunks.at(-1)!.durationMs;

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

it('finds the crashed reading at the next start and lists it as partial, with the duration it saved', async () => {
  expect(saved).toBeGreaterThanOrEqual(5);
  expect(saved).toBeLessThan(live.length);
  const { items } = (await invoke('library:list', {})) as { items: { id: string; status: string; durationMs: number; chunkCount: number }[] };
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ id: 'cut-1', status: 'partial', chunkCount: saved });
  expect(items[0]!.durationMs).toBeCloseTo(endOf(live.slice(0, saved)), 3);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
});

it('plays it from the library up to the cut, the saved words in order, and ends cleanly there', async () => {
  const { readingId } = (await invoke('library:play', { id: 'cut-1' })) as { readingId: string };
  await waitFor(() => events.some((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string }).readingId === readingId), 'the replay to end');
  const ended = events.find((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string }).readingId === readingId)!.payload;
  expect(ended).toEqual({ readingId, reason: 'finished' });
  const played = events.filter((e) => e.channel === 'reading:chunk' && (e.payload as Chunk).readingId === readingId).map((e) => e.payload as Chunk);

  // The saved chunks, in order, and not one chunk past the cut.
  expect(played.map((c) => c.seq)).toEqual(live.slice(0, saved).map((c) => c.seq));
  const cutMs = endOf(live.slice(0, saved));
  const audioMs = played.reduce((a, c) => a + (c.audio.kind === 'pcm' ? (c.audio.samples.length / c.audio.sampleRate) * 1000 : 0), 0);
  expect(audioMs).toBeLessThanOrEqual(cutMs + 1);
  expect(audioMs).toBeGreaterThan(cutMs - ENCODER_TAIL_MS);
  // Every word the saved audio holds, with its live timing; none from after the cut.
  // (Times are kept to the microsecond.)
  const key = (w: { text: string; charStart: number; startMs: number }) => [w.text, w.charStart, Math.round(w.startMs * 1000)];
  const words = played.flatMap((c) => c.words.map(key));
  const savedWords = live.slice(0, saved).flatMap((c) => c.words.map(key));
  expect(savedWords.slice(0, words.length)).toEqual(words);
  expect(live.slice(0, saved).flatMap((c) => c.words).filter((w) => w.startMs < cutMs - ENCODER_TAIL_MS).length).toBeLessThanOrEqual(words.length);
  expect(synthesisCalls).toBe(0);
  // Playing did not save it again, nor change it.
  expect(store.count()).toBe(1);
  expect(store.get('cut-1')!.status).toBe('partial');
});

it('exports it: the WAV and Opus decode to the saved audio, the captions hold the saved words', async () => {
  const { files } = (await invoke('library:export', { ids: ['cut-1'], formats: ['wav', 'compressed', 'srt'] })) as { files: string[] };
  const cutMs = endOf(live.slice(0, saved));
  for (const ext of ['wav', 'opus']) {
    const file = files.find((f) => f.endsWith(`.${ext}`))!;
    const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-ar', '48000', '-'], { maxBuffer: 1 << 28 });
    const ms = (pcm.length / 2 / 48000) * 1000;
    expect(Math.abs(ms - cutMs), `${ext}: ${ms.toFixed(1)} ms decoded, ${cutMs.toFixed(1)} ms saved`).toBeLessThan(ENCODER_TAIL_MS);
  }
  const srt = readFileSync(files.find((f) => f.endsWith('.srt'))!, 'utf8');
  const cueWords = srt
    .split(/\r?\n/)
    .filter((line) => line.trim() && !/^\d+$/.test(line) && !line.includes('-->'))
    .join(' ')
    .split(/\s+/);
  expect(cueWords).toEqual(live.slice(0, saved).flatMap((c) => c.words.map((w) => TEXT.slice(w.charStart, w.charEnd))));
});
