// A reading spoken by the real built-in voice (eSpeak NG in its worker) through the real speech
// pipeline is saved as it streams and read back: the same words at the same times, and audio within
// 50 ms of the live length after the Opus round trip.
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { openLibrary, type LibraryStore } from '../../electron/history/library-store';
import { startRecording } from '../../electron/history/recorder';
import { replayChunks } from '../../electron/history/replay';
import { startReading } from '../../electron/speech/reading';

const TEXT = 'Users want to listen again without paying a provider again. They want to find the paragraph they heard on Tuesday, and take the audio with them.';

let voice: BuiltinVoice;
let lib: LibraryStore;
beforeAll(async () => {
  voice = createBuiltinVoice();
  await voice.listVoices();
});
afterAll(async () => {
  await voice.close();
});
beforeEach(() => {
  lib = openLibrary({ path: ':memory:' });
});
afterEach(() => lib.close());

async function speakAndRecord(id: string): Promise<Chunk[]> {
  const reading = startReading({ readingId: id, text: TEXT, synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, lookahead: Infinity });
  const rec = startRecording(lib, { id, text: TEXT, provider: voice.provider, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1 });
  const live: Chunk[] = [];
  for await (const c of reading.chunks()) {
    live.push(c);
    rec.add(c);
  }
  await rec.finish((await reading.done) === 'finished' ? 'complete' : 'stopped');
  expect(rec.error).toBeUndefined();
  return live;
}

it('saves a built-in voice reading and replays the same words at the same times', async () => {
  const live = await speakAndRecord('builtin-1');
  expect(live.length).toBeGreaterThan(1);
  const liveWords = live.flatMap((c) => c.words);
  expect(liveWords.length).toBeGreaterThan(15);

  const replayed: Chunk[] = [];
  for await (const c of replayChunks(lib, 'builtin-1')) replayed.push(c);
  expect(replayed.map((c) => [c.seq, c.segment, c.startMs])).toEqual(live.map((c) => [c.seq, c.segment, c.startMs]));
  const words = replayed.flatMap((c) => c.words);
  expect(words.map((w) => [w.text, w.charStart, w.charEnd])).toEqual(liveWords.map((w) => [w.text, w.charStart, w.charEnd]));
  words.forEach((w, i) => {
    expect(Math.abs(w.startMs - liveWords[i]!.startMs)).toBeLessThan(0.001);
    expect(Math.abs(w.endMs - liveWords[i]!.endMs)).toBeLessThan(0.001);
  });
  const seconds = (cs: Chunk[]) => cs.reduce((a, c) => a + (c.audio.kind === 'pcm' ? c.audio.samples.length / c.audio.sampleRate : 0), 0);
  expect(Math.abs(seconds(replayed) - seconds(live))).toBeLessThan(0.05);
  for (const [i, c] of replayed.entries()) expect(Math.abs(c.durationMs - live[i]!.durationMs)).toBeLessThan(50);

  // The next identical request is found in the library.
  expect(lib.findCached(TEXT, 'builtin', DEFAULT_BUILTIN_VOICE, 1)).toBe('builtin-1');
  expect(lib.findCached(TEXT, 'builtin', DEFAULT_BUILTIN_VOICE, 1.5)).toBeUndefined();
});
