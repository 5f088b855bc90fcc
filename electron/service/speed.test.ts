// One Speed, made per voice: the rate each request asks the voice for, the synthRate each chunk
// carries (the player stretches by Speed / synthRate), and a Speed change mid-reading reaching the
// requests not yet made. Over the whole core (createAloudCore with a settings file) and a tone voice
// that records every request and honours its rate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { createToneSynthesizer, type ToneSynthesizer } from '../../test/fakes/tone-synthesizer';
import { openLibrary } from '../history/library-store';
import { replayChunks } from '../history/replay';
import type { KeyCipher } from '../settings/key-cipher';
import { openProviderSettings } from '../settings/provider-settings';
import { createAloudCore } from './aloud-core';
import { routedCore, routedReadings } from '../../test/support/routed-readings';
import { listenAll } from '../../test/support/listen-all';

const TEXT = 'First sentence of the text. Second sentence of the text. Third sentence of the text.';
const VOICE = 'tone/tone-voice';

const cipher: KeyCipher = { available: () => true, encrypt: (p) => Buffer.from(p), decrypt: (b) => b.toString() };

interface Setup {
  app: ReturnType<typeof routedCore<ReturnType<typeof createAloudCore>>>;
  tone: ToneSynthesizer;
  chunks: Chunk[];
  started: { speed: number }[];
  dir: string;
}

let s: Setup;

function setup(): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'aloud-speed-'));
  // The tone voice stands in for the built-in voice: a rate parameter (0.25-4) that Automatic uses.
  const tone = createToneSynthesizer({ provider: 'tone', voices: ['tone-voice'], maxChars: 40 });
  const chunks: Chunk[] = [];
  const started: { speed: number }[] = [];
  const app = routedCore(listenAll(createAloudCore({
    builtin: { synthesizer: tone, voice: 'tone-voice' },
    
    store: null,
    settings: openProviderSettings({ dataDir: dir, cipher }),
    keyStorageAvailable: () => true,
    chooseExportFolder: async () => null,
    // One segment at a time, only as the player reaches it: the test decides when each is requested.
    lookahead: 0,
  }), (channel, payload) => {
      if (channel === 'reading:chunk') chunks.push(payload as Chunk);
      if (channel === 'reading:started') started.push(payload as { speed: number });
    }));
  return { app, tone, chunks, started, dir };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

const segmentsOf = (chunks: Chunk[]) => [...new Set(chunks.map((c) => c.segment))];
/** Audio ms per character of the segment's text, from the tone voice's chunks. */
function msPerChar(chunks: Chunk[], segment: number, text: string): number {
  const ms = chunks.filter((c) => c.segment === segment).reduce((sum, c) => sum + c.durationMs, 0);
  return ms / text.replace(/\s+/gu, '').length;
}

beforeEach(() => {
  s = setup();
});

afterEach(async () => {
  await s.app.close();
  rmSync(s.dir, { recursive: true, force: true });
});

it("automatic on a voice whose own rate it prefers: the voice speaks the Speed, chunks carry it, and a change mid-reading reaches the next request", async () => {
  const { app, tone, chunks, started } = s;
  expect(await app.invoke('settings:set', { speed: 1.5 })).toMatchObject({ speed: 1.5, speedMethods: {} });
  const { readingId } = (await app.invoke('reading:start', { text: TEXT })) as { readingId: string };
  await until(() => segmentsOf(chunks).length === 1 && tone.requests[0]?.completed === true);
  expect(started[0]!.speed).toBe(1.5);
  expect(tone.requests.map((r) => r.synthRate)).toEqual([1.5]);

  // The reader's Speed control: the settings channel carries it to the reading under way.
  await app.invoke('settings:set', { speed: 3 });
  await app.invoke('reading:progress', { readingId, segment: 1 });
  await until(() => segmentsOf(chunks).length === 2 && tone.requests[1]?.completed === true);
  await app.invoke('reading:progress', { readingId, segment: 2 });
  await until(() => tone.requests[2]?.completed === true);

  expect(tone.requests.map((r) => r.synthRate)).toEqual([1.5, 3, 3]);
  for (const c of chunks) expect(c.synthRate).toBe(c.segment === 0 ? 1.5 : 3);
  // The voice really spoke faster: half the audio per character at 3x than at 1.5x.
  const [first, second] = tone.requests;
  expect(msPerChar(chunks, 1, second!.text) / msPerChar(chunks, 0, first!.text)).toBeCloseTo(0.5, 1);
});

it('time-stretch chosen for the voice: the voice is only ever asked for 1x, whatever the Speed and its changes', async () => {
  const { app, tone, chunks, started } = s;
  const view = await app.invoke('settings:set', { speedMethod: { voice: VOICE, method: 'stretch' }, speed: 2 });
  expect(view).toMatchObject({ speed: 2, speedMethods: { [VOICE]: 'stretch' } });
  const { readingId } = (await app.invoke('reading:start', { text: TEXT })) as { readingId: string };
  await until(() => tone.requests[0]?.completed === true);
  await app.invoke('settings:set', { speed: 3.5 });
  await app.invoke('reading:progress', { readingId, segment: 2 });
  await until(() => tone.requests.length === 3 && tone.requests[2]!.completed);
  expect(started[0]!.speed).toBe(2);
  expect(tone.requests.map((r) => r.synthRate)).toEqual([1, 1, 1]);
  expect(chunks.length).toBeGreaterThan(0);
  expect(chunks.every((c) => c.synthRate === 1)).toBe(true);
});

it("changing a voice's method mid-reading applies from its next request; 'auto' forgets the choice", async () => {
  const { app, tone } = s;
  await app.invoke('settings:set', { speed: 2 });
  const { readingId } = (await app.invoke('reading:start', { text: TEXT })) as { readingId: string };
  await until(() => tone.requests[0]?.completed === true);
  await app.invoke('settings:set', { speedMethod: { voice: VOICE, method: 'stretch' } });
  await app.invoke('reading:progress', { readingId, segment: 1 });
  await until(() => tone.requests[1]?.completed === true);
  expect(await app.invoke('settings:set', { speedMethod: { voice: VOICE, method: 'auto' } })).toMatchObject({ speedMethods: {} });
  await app.invoke('reading:progress', { readingId, segment: 2 });
  await until(() => tone.requests[2]?.completed === true);
  expect(tone.requests.map((r) => r.synthRate)).toEqual([2, 1, 2]);
});

it('refuses a method that is not one of auto, stretch, voice, and a voice that is not a voice key', async () => {
  await expect(s.app.invoke('settings:set', { speedMethod: { voice: VOICE, method: 'fast' } })).rejects.toThrow(/Invalid arguments for 'settings:set'/);
  await expect(s.app.invoke('settings:set', { speedMethod: { voice: 'no-slash', method: 'voice' } })).rejects.toThrow(/not of the form provider\/id/);
  await expect(s.app.invoke('settings:set', { speed: 5 })).rejects.toThrow(/Invalid arguments/);
});

it("the voice's own rate as far as its range goes: a narrow voice asked for 3x speaks at its top (1.2x), the chunks say so", async () => {
  const narrow = createToneSynthesizer({ provider: 'narrow', voices: ['n'], rate: { min: 0.7, max: 1.2, auto: false } });
  const chunks: Chunk[] = [];
  let ended = false;
  const svc = routedReadings({
    synthesizers: [narrow],
    defaultVoice: 'narrow/n',
    emit: (channel, payload) => {
      if (channel === 'reading:chunk') chunks.push(payload as Chunk);
      if (channel === 'reading:ended') ended = true;
    },
    speedMethod: () => 'voice',
  });
  await svc.invoke('reading:start', { text: 'Short one. Short two.', speed: 3 });
  await until(() => ended);
  expect(narrow.requests.map((r) => r.synthRate)).toEqual([1.2, 1.2]);
  expect(chunks.every((c) => c.synthRate === 1.2)).toBe(true);
  // Automatic on this voice (auto: false) would have stretched instead.
  await svc.close();
});

it('a reading whose voice changed rate part way is saved at one rate: the library finishes it at its first rate, so it replays right at any Speed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aloud-speed-lib-'));
  const tone = createToneSynthesizer({ provider: 'tone', voices: ['tone-voice'], maxChars: 40 });
  const store = openLibrary({ path: ':memory:' });
  const chunks: Chunk[] = [];
  let ended = false;
  const app = routedCore(listenAll(createAloudCore({
    builtin: { synthesizer: tone, voice: 'tone-voice' },
    
    store,
    settings: openProviderSettings({ dataDir: dir, cipher }),
    keyStorageAvailable: () => true,
    chooseExportFolder: async () => null,
    lookahead: 0,
  }), (channel, payload) => {
      if (channel === 'reading:chunk') chunks.push(payload as Chunk);
      if (channel === 'reading:ended') ended = true;
    }));
  try {
    const { readingId } = (await app.invoke('reading:start', { text: TEXT })) as { readingId: string };
    await until(() => tone.requests[0]?.completed === true);
    await app.invoke('settings:set', { speed: 2 });
    await app.invoke('reading:progress', { readingId, segment: 2 });
    await until(() => ended);
    await app.recorder!.settled();
    // Heard: segment 0 at 1x, the rest from the voice at 2x. Saved: finished in the background at 1x
    // (from its last saved segment, which it makes again).
    expect(tone.requests.slice(0, 3).map((r) => [r.text, r.synthRate])).toEqual([
      ['First sentence of the text.', 1],
      ['Second sentence of the text.', 2],
      ['Third sentence of the text.', 2],
    ]);
    const background = tone.requests.slice(3);
    expect(background.every((r) => r.synthRate === 1)).toBe(true);
    expect(background.slice(-2).map((r) => r.text)).toEqual(['Second sentence of the text.', 'Third sentence of the text.']);
    const saved = store.get(readingId)!;
    expect(saved).toMatchObject({ status: 'complete', synthRate: 1 });
    const replayed: Chunk[] = [];
    for await (const c of replayChunks(store, readingId)) replayed.push(c);
    expect(replayed.flatMap((c) => c.words.map((w) => w.text))).toEqual(TEXT.split(' '));
    // Every saved segment has the audio length of 1x speech (the tone voice: 10 ms a character and gap).
    const sentence = TEXT.split('. ').map((t, i, all) => (i < all.length - 1 ? `${t}.` : t));
    for (const segment of [0, 1, 2]) expect(msPerChar(replayed, segment, sentence[segment]!)).toBeCloseTo(msPerChar(chunks, 0, sentence[0]!), 0);
    // What was heard of segment 1 was twice as fast: it is not what the library keeps.
    expect(msPerChar(chunks, 1, sentence[1]!) / msPerChar(chunks, 0, sentence[0]!)).toBeCloseTo(0.5, 1);
  } finally {
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
