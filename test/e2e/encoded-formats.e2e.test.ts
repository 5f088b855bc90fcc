// Compressed cloud audio end to end: the Inworld adapter streaming MP3 and Ogg Opus from its fake
// (real ffmpeg encodings of the built-in voice), decoded in Chromium by WebCodecs in the player.
// Each segment is its own compressed stream; the seams must be gapless: the player queues the
// speech's own length (encoder delay and padding trimmed), never runs dry, plays no pause between
// sentences longer than the speech has there, and highlights every word once, in order.
import { existsSync } from 'node:fs';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import { startInworldFake } from '../fakes/inworld-server';
import type { FakeProviderServer } from '../fakes/provider-server';
import { resample, speechFromSynthesizer, type SpeechSource } from '../fakes/spoken-audio';
import { untaggedEndPadding } from '../../shared/audio/mp3-frames';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const SENTENCES = ['Compressed voices arrive as little frames.', 'The player decodes them in order.', 'No gap is heard between the sentences.'];
const TEXT = SENTENCES.join(' ');
const RATE = 24000;

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('compressed cloud audio in Chromium (MP3, Ogg Opus)', () => {
  let harness: Harness;
  let builtin: BuiltinVoice;
  let fake: FakeProviderServer;
  let reader: Reader | undefined;
  let voice = 'inworld-mp3/Dennis';
  let speech: SpeechSource;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    builtin = createBuiltinVoice();
    speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
    for (const s of SENTENCES) await speech(s);
    fake = await startInworldFake({ speech, apiKey: 'inworld-key' });
    const inworld = (audioEncoding: 'MP3' | 'OGG_OPUS', id: string) => {
      const synth = createInworldSynthesizer({ apiKey: 'inworld-key', baseUrl: fake.url, sampleRateHertz: RATE, timestampType: 'WORD', audioEncoding });
      // Its own provider id per encoding; a limit that makes each sentence a segment (its own stream).
      return { ...synth, provider: id, maxChars: 45 };
    };
    const synthesizers = [builtin, inworld('MP3', 'inworld-mp3'), inworld('OGG_OPUS', 'inworld-opus')];
    harness = await startServiceHarness({ synthesizers, defaultVoice: `builtin/${DEFAULT_BUILTIN_VOICE}` }, () => voice);
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });

  afterAll(async () => {
    await harness?.close();
    await fake?.close();
    await builtin?.close();
  });

  function chunksOf(readingId: string | null): Chunk[] {
    return harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === readingId);
  }

  const mp3Pad = untaggedEndPadding(576); // MPEG-2 layer III at 24 kHz
  it.each([
    // The fake's MP3 carries no LAME tag, as providers' streams do: the end padding is cut from LAME's
    // bounds and the quiet at the end. The speech ends in a pause, which the bitstream cannot tell from
    // padding, so up to (most - least) samples of that pause may go too; nothing is added.
    ['MP3', 'inworld-mp3/Dennis', 'audio/mpeg', 1, mp3Pad.most - mp3Pad.least, 0],
    // Opus decodes at 48 kHz; the end granule trims it to the sample (one per resampled segment).
    ['Ogg Opus', 'inworld-opus/Dennis', 'audio/ogg', 2, 2, 2],
  ])('%s: plays gaplessly with no underrun and highlights each word once, in order', async (_name, voiceKey, mime, scale, shortBy, longBy) => {
    voice = voiceKey;
    const requestsBefore = fake.requests.length;
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    // The output from (about) the first frame on, to measure the pauses between sentences.
    await page.waitForFunction(() => (window.__aloudPlayer?.stats().framesPlayed ?? 0) > 0, null, { polling: 20 });
    const tapFrom = await page.evaluate(() => {
      window.__aloudPlayer!.startTap(12); // the reading is about 7 s long
      return window.__aloudPlayer!.stats().framesPlayed;
    });
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(reader.problems).toEqual([]);
    expect(probe.phase).toBe('finished');
    const chunks = chunksOf(probe.readingId);
    expect(chunks.every((c) => c.audio.kind === 'encoded' && c.audio.mime.startsWith(mime))).toBe(true);
    const segments = new Set(chunks.map((c) => c.segment)).size;
    expect(segments).toBeGreaterThanOrEqual(2);

    // The queue holds the speech itself: encoder delay trimmed at each seam, padding bounded.
    const texts = fake.requests.slice(requestsBefore).flatMap((r) => {
      const text = (r.body as { text?: unknown } | undefined)?.text;
      return typeof text === 'string' ? [text] : [];
    });
    expect(texts).toHaveLength(segments);
    const sources: Float32Array[] = [];
    for (const t of texts) {
      const spoken = await speech(t);
      sources.push(resample(spoken.samples, spoken.sampleRate, RATE * scale));
    }
    const expected = sources.reduce((n, x) => n + x.length, 0);
    const queued = probe.stats.framesQueued;
    expect(Math.abs(probe.stats.framesPlayed - queued)).toBeLessThanOrEqual(128);
    expect(probe.stats.underruns).toBe(0);
    // Each segment's length as played: from where its audio starts in the queue (its first word's
    // place, less the word's time into the segment) to where the next one starts.
    const rate = RATE * scale;
    const starts = [...new Set(chunks.map((c) => c.segment))].map((segment) => {
      const own = chunks.filter((c) => c.segment === segment);
      const first = own.flatMap((c) => c.words)[0]!;
      const placed = probe.words.find((w) => w.charStart === first.charStart)!;
      return placed.frame - Math.round(((first.startMs - own[0]!.startMs) * rate) / 1000);
    });
    const lengths = starts.map((at, k) => (starts[k + 1] ?? queued) - at);
    console.log(`${_name}: segments played ${lengths.join(', ')} frames; the speech has ${sources.map((x) => x.length).join(', ')}`);
    lengths.forEach((n, k) => {
      expect(n).toBeGreaterThanOrEqual(sources[k]!.length - shortBy - 2);
      expect(n).toBeLessThanOrEqual(sources[k]!.length + longBy);
    });
    expect(queued).toBeGreaterThanOrEqual(expected - segments * (shortBy + 2));
    expect(queued).toBeLessThanOrEqual(expected + segments * longBy);

    // The pause at each seam as played is no longer than the speech's own there (the end of one
    // sentence's pause and the start of the next's): no gap is added. The tap is lined up with the
    // output by the second sentence's first 100 ms of sound.
    const tap = Float32Array.from((await page.evaluate(() => window.__aloudPlayer!.readTap())).samples);
    const second = sources[1]!;
    const onset = second.findIndex((v) => Math.abs(v) > 0.1);
    const tapStart = tapFrom - bestShift(tap, second.subarray(onset, onset + rate / 10), starts[1]! + onset - tapFrom, rate / 4);
    for (let k = 0; k + 1 < segments; k++) {
      const spoken = quietRun(sources[k]!, sources[k]!.length - 1, -1) + quietRun(sources[k + 1]!, 0, 1);
      const at = starts[k + 1]! - tapStart;
      const played = quietRun(tap, at - 1, -1) + quietRun(tap, at, 1);
      console.log(`${_name}: seam ${k + 1}: pause ${((played / rate) * 1000).toFixed(1)} ms played, ${((spoken / rate) * 1000).toFixed(1)} ms in the speech`);
      // 2 ms for where the codec's noise around the speech crosses the quiet level.
      expect(played).toBeLessThanOrEqual(spoken + rate / 500);
    }

    const words = chunks.flatMap((c) => c.words);
    expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd).replace(/[^\p{L}]/gu, ''))).toEqual(TEXT.match(/\p{L}+/gu));
    expect(probe.highlights.map((h) => h.charStart)).toEqual(words.map((w) => w.charStart));
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(probe.words[h.index]!.frame);
  });
});

/** How many samples within 1e-3 of zero run from x[at] on (step 1) or back (step -1). */
function quietRun(x: Float32Array, at: number, step: 1 | -1): number {
  let n = 0;
  for (let i = at; i >= 0 && i < x.length && Math.abs(x[i]!) <= 1e-3; i += step) n++;
  return n;
}

/** The shift d in [-reach, reach] at which `part` best matches x[guess + d ...] (normalised correlation). */
function bestShift(x: Float32Array, part: Float32Array, guess: number, reach: number): number {
  let best = { d: 0, score: -Infinity };
  for (let d = -reach; d <= reach; d++) {
    const at = guess + d;
    if (at < 0 || at + part.length > x.length) continue;
    let dot = 0;
    let energy = 0;
    for (let i = 0; i < part.length; i++) {
      dot += part[i]! * x[at + i]!;
      energy += x[at + i]! * x[at + i]!;
    }
    const score = dot / Math.sqrt(energy + 1e-12);
    if (score > best.score) best = { d, score };
  }
  return best.d;
}
