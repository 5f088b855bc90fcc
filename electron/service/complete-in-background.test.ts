import { DEFAULT_HEARING_RULES } from '../../shared/hearing-rules';
import type { Chunk } from '../../shared/chunk';
import { startReading } from '../speech/reading';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { completeInBackground } from './complete-in-background';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { startRecording } from '../history/recorder';
import { replayChunks } from '../history/replay';

const TEXT = 'First sentence of four. The second one is here. Third comes next, then. And the fourth ends it.';
let lib: LibraryStore;
beforeEach(() => {
  lib = openLibrary({ path: ':memory:' });
});
afterEach(() => lib.close());

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function liveChunks(): Promise<Chunk[]> {
  const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050, maxChars: 40 });
  return all(startReading({ readingId: 'r', text: TEXT, synthesizer: synth, voice: 'en-us', synthRate: 1, lookahead: Infinity }).chunks());
}

it('finishes a stopped reading in the background: the saved copy equals a reading heard to the end', async () => {
  const full = await liveChunks();
  expect(new Set(full.map((c) => c.segment)).size).toBe(4);
  // The user stopped during the second segment.
  const rec = startRecording(lib, { id: 'r', text: TEXT, provider: 'builtin', voice: 'en-us', synthRate: 1 });
  for (const c of full.filter((c) => c.segment <= 1)) rec.add(c);
  await rec.finish('stopped');
  expect(lib.findCached(TEXT, 'builtin', 'en-us', 1)).toBeUndefined();

  const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050, maxChars: 40 });
  expect(await completeInBackground({ store: lib, readingId: 'r', synthesizer: synth, voice: 'en-us' })).toBe('complete');
  // Only the cut-off segment and those after it were synthesized again.
  expect(synth.requests.map((r) => r.text)).toEqual(['The second one is here.', 'Third comes next, then.', 'And the fourth ends it.']);

  expect(lib.get('r')!.status).toBe('complete');
  expect(lib.findCached(TEXT, 'builtin', 'en-us', 1)).toBe('r');
  const replayed = await all(replayChunks(lib, 'r'));
  expect(replayed.map((c) => [c.seq, c.segment])).toEqual(full.map((c) => [c.seq, c.segment]));
  const words = replayed.flatMap((c) => c.words);
  const fullWords = full.flatMap((c) => c.words);
  expect(words.map((w) => [w.text, w.charStart, w.charEnd])).toEqual(fullWords.map((w) => [w.text, w.charStart, w.charEnd]));
  words.forEach((w, i) => {
    // Stored to the microsecond.
    expect(Math.abs(w.startMs - fullWords[i]!.startMs)).toBeLessThan(0.001);
    expect(Math.abs(w.endMs - fullWords[i]!.endMs)).toBeLessThan(0.001);
  });
  replayed.forEach((c, i) => {
    expect(c.startMs).toBeCloseTo(full[i]!.startMs, 6);
    expect(c.audio.kind === 'pcm' && c.audio.samples.length).toBe(full[i]!.audio.kind === 'pcm' && full[i]!.audio.samples.length);
  });
  expect(lib.get('r')!.durationMs).toBeCloseTo(full.at(-1)!.startMs + full.at(-1)!.durationMs, 6);
});

it('keeps the reading as it got when the voice fails in the background', async () => {
  const full = await liveChunks();
  const rec = startRecording(lib, { id: 'r', text: TEXT, provider: 'builtin', voice: 'en-us', synthRate: 1 });
  rec.add(full[0]!);
  await rec.finish('stopped');
  const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 40, failOn: { request: 1, kind: 'server' } });
  const errors: unknown[] = [];
  expect(await completeInBackground({ store: lib, readingId: 'r', synthesizer: synth, voice: 'en-us', onError: (e) => errors.push(e) })).toBe('stopped');
  expect(errors).toHaveLength(1);
  expect(lib.get('r')!.status).toBe('stopped');
  expect((await all(replayChunks(lib, 'r'))).length).toBeGreaterThanOrEqual(1);
});

it('finishes a reading by the rules (fit to hear) it was made with, whatever the settings say now', async () => {
  const text = 'Start at https://www.example.org/guide today. Then read https://github.com/aloud too. The end.';
  const hearing = { ...DEFAULT_HEARING_RULES };
  const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050, maxChars: 60 });
  const full = await all(startReading({ readingId: 'r', text, synthesizer: synth, voice: 'en-us', synthRate: 1, lookahead: Infinity, hearing }).chunks());
  const rec = startRecording(lib, { id: 'r', text, provider: 'builtin', voice: 'en-us', synthRate: 1, settings: { hearing } });
  // Stopped during the second sentence: it is spoken again whole, by the saved rules.
  for (const c of full.filter((c) => c.segment <= 1)) rec.add(c);
  await rec.finish('stopped');

  const later = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050, maxChars: 60 });
  expect(await completeInBackground({ store: lib, readingId: 'r', synthesizer: later, voice: 'en-us' })).toBe('complete');
  expect(later.requests.map((r) => r.text)).toEqual(['Then read link to github.com too.', 'The end.']);
  expect(lib.findCached(text, 'builtin', 'en-us', 1, { hearing })).toBe('r');
});
