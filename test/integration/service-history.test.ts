// The service with the library: every reading is recorded, and the same request again is replayed
// from the library (no synthesis at all) with the same chunks, words and times under the new id.
import type { Chunk } from '../../shared/chunk';
import { openLibrary, type LibraryStore } from '../../electron/history/library-store';
import { libraryReadingCache } from '../../electron/service/reading-cache';
import { routedReadings, type RoutedReadings } from '../support/routed-readings';
import type { EndReason } from '../../electron/service/reading-service';
import { recordReadings, type ReadingRecorder } from '../../electron/service/record-readings';
import { createScriptedSynthesizer, type ScriptedSynthesizer } from '../fakes/scripted-synthesizer';
import { DEFAULT_HEARING_RULES, type HearingRules } from '../../shared/hearing-rules';

let store: LibraryStore;
let recorder: ReadingRecorder;
let synth: ScriptedSynthesizer;
let svc: RoutedReadings;
let chunks: Map<string, Chunk[]>;
let autoProgress: boolean;
/** The voice's own rate range for the next service built; null: a voice that only time-stretches. */
let voiceRate: { min: number; max: number; auto: boolean } | null;
/** How each reading ended, and who waits to hear it (a replay can end before start() returns). */
let endings: Map<string, EndReason>;
let waiters: Map<string, (r: EndReason) => void>;
/** The rules that make text fit to hear, as the settings stand at each reading's start. */
let hearing: HearingRules | undefined;

function endOf(readingId: string): Promise<EndReason> {
  const known = endings.get(readingId);
  return known ? Promise.resolve(known) : new Promise((resolve) => waiters.set(readingId, resolve));
}

const TEXT = 'The first sentence is here. A second one follows it. Then a third, and a fourth to close.';

beforeEach(() => {
  voiceRate = { min: 0.5, max: 2.5, auto: true };
  hearing = undefined;
  start();
});

/** The service over a fresh library, its voice speaking at its own rate when voiceRate allows. */
function start(): void {
  store = openLibrary({ path: ':memory:' });
  recorder = recordReadings(store);
  synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050, msPerWord: 120, ...(voiceRate ? { rate: voiceRate } : {}) });
  chunks = new Map();
  autoProgress = true;
  endings = new Map();
  waiters = new Map();
  svc = routedReadings({
    synthesizers: [synth],
    defaultVoice: 'builtin/en-us',
    lookahead: 1,
    observe: (r) => recorder.observe(r),
    history: libraryReadingCache(store),
    textRules: () => (hearing ? { hearing } : {}),
    emit: (channel, payload) => {
      if (channel === 'reading:chunk') {
        const c = payload as Chunk;
        if (!chunks.has(c.readingId)) chunks.set(c.readingId, []);
        chunks.get(c.readingId)!.push(c);
        // Play along: the player reports each segment as it reaches it.
        if (autoProgress) void svc.invoke('reading:progress', { readingId: c.readingId, segment: c.segment });
      }
      if (channel === 'reading:ended') {
        const { readingId, reason } = payload as { readingId: string; reason: EndReason };
        endings.set(readingId, reason);
        waiters.get(readingId)?.(reason);
      }
    },
  });
}
afterEach(async () => {
  await svc.close();
  store.close();
});

async function read(text: string, rate = 1): Promise<{ id: string; reason: EndReason }> {
  const { readingId } = (await svc.invoke('reading:start', { text, speed: rate })) as { readingId: string };
  const reason = await endOf(readingId);
  await recorder.idle();
  return { id: readingId, reason };
}

it('replays a finished reading from the library instead of synthesizing it again', async () => {
  const first = await read(TEXT);
  expect(first.reason).toBe('finished');
  const synthesized = synth.requests.length;
  expect(synthesized).toBeGreaterThan(1);
  expect(store.get(first.id)!.status).toBe('complete');

  const again = await read(TEXT);
  expect(again.reason).toBe('finished');
  expect(synth.requests.length).toBe(synthesized); // nothing sent to the voice
  const a = chunks.get(first.id)!;
  const b = chunks.get(again.id)!;
  expect(b.every((c) => c.readingId === again.id)).toBe(true);
  expect(b.map((c) => [c.seq, c.segment, c.startMs, c.durationMs])).toEqual(a.map((c) => [c.seq, c.segment, c.startMs, c.durationMs]));
  expect(b.map((c) => c.words)).toEqual(a.map((c) => c.words));
  // A replay is not saved a second time.
  expect(store.list().map((r) => r.id)).toEqual([first.id]);
});

it('synthesizes when the Speed asks the voice for another rate, and when the saved copy was stopped part way', async () => {
  await read(TEXT);
  const n = synth.requests.length;
  await read(TEXT, 1.5);
  expect(synth.requests.length).toBeGreaterThan(n);
  expect(synth.requests.slice(n).every((r) => r.synthRate === 1.5)).toBe(true);

  // A stopped reading is no cache entry.
  const other = 'A different text. It has two sentences.';
  const { readingId } = (await svc.invoke('reading:start', { text: other })) as { readingId: string };
  await svc.invoke('reading:stop', { readingId });
  expect(await endOf(readingId)).toBe('stopped');
  await recorder.idle();
  const before = synth.requests.length;
  await read(other);
  expect(synth.requests.length).toBeGreaterThan(before);
});

it('replays the saved clip at another Speed when the voice time-stretches (no new synthesis)', async () => {
  await svc.close();
  store.close();
  voiceRate = null;
  start();
  const first = await read(TEXT);
  const n = synth.requests.length;
  const faster = await read(TEXT, 2);
  expect(faster.reason).toBe('finished');
  expect(synth.requests.length).toBe(n);
  // The player is told the audio was made at 1x, so it stretches it by the whole Speed.
  expect(chunks.get(faster.id)!.every((c) => (c.synthRate ?? 1) === 1)).toBe(true);
  expect(chunks.get(faster.id)!.map((c) => c.words)).toEqual(chunks.get(first.id)!.map((c) => c.words));
});

it('a replay can be paused, resumed and stopped like a live reading', async () => {
  const long = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
  await read(long);
  const n = synth.requests.length;
  autoProgress = false; // a player stuck on the first segment: the replay waits for it
  const { readingId } = (await svc.invoke('reading:start', { text: long })) as { readingId: string };
  while (!chunks.get(readingId)?.some((c) => c.segment === 1)) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  expect(Math.max(...chunks.get(readingId)!.map((c) => c.segment))).toBe(1); // lookahead 1: no further
  await svc.invoke('reading:pause', { readingId });
  await svc.invoke('reading:resume', { readingId });
  await svc.invoke('reading:stop', { readingId });
  expect(await endOf(readingId)).toBe('stopped');
  expect(synth.requests.length).toBe(n);
});

it('speaks the text fit to hear, saves the rules with the reading, and replays it only while the rules are the same', async () => {
  hearing = DEFAULT_HEARING_RULES;
  const text = 'Read https://www.github.com/aloud/app today.[2] It is free.';
  const first = await read(text);
  expect(synth.requests.map((r) => r.text)).toEqual(['Read link to github.com today.', 'It is free.']);
  // The words point into the text as shown: the link's words into the link.
  const words = chunks.get(first.id)!.flatMap((c) => c.words);
  const link = text.indexOf('https');
  expect(words.filter((w) => ['link', 'to', 'github.com'].includes(w.text)).every((w) => w.charStart >= link && w.charEnd <= link + 'https://www.github.com/aloud/app'.length)).toBe(true);
  expect(store.get(first.id)!.settings).toEqual({ hearing: DEFAULT_HEARING_RULES });

  await read(text);
  expect(synth.requests).toHaveLength(2); // replayed from the library

  hearing = { ...DEFAULT_HEARING_RULES, links: false };
  await read(text);
  expect(synth.requests.slice(2).map((r) => r.text)).toEqual(['Read https://www.github.com/aloud/app today.', 'It is free.']);
});
