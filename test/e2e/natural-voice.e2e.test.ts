// A natural voice in the reader (Piper's, then Kokoro's): the fixture voice, installed as a user's would
// be, spoken by onnxruntime-node in the neural worker behind the real reading service, played and
// highlighted by the built renderer in Debian's Chromium. The player's word onsets are the model's own:
// read back from the audio (each phoneme id sounds as its own tone), they match to the sample.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { createKokoroVoices } from '../../electron/engine/kokoro-voices';
import { createNeuralVoices, type NeuralVoices } from '../../electron/engine/neural-voices';
import { heardKokoroIds, installTinyKokoro, kokoroTables, kokoroWordStarts } from '../support/tiny-kokoro';
import { heardIds, installTinyVoice, TINY_VOICE, tinyTables, wordStartSamples } from '../support/tiny-piper';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, staleFrameLimit, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const TEXT = 'Natural voices read offline, and every word lights up as it is heard. This one is a tiny test voice.';
const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('reading aloud in Chromium with a natural voice', () => {
  let harness: Harness;
  let voices: NeuralVoices;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    const folder = mkdtempSync(join(tmpdir(), 'aloud-e2e-voices-'));
    await installTinyVoice(folder);
    voices = createNeuralVoices({ folder });
    await voices.warmUp(TINY_VOICE);
    const key = `piper/${TINY_VOICE}`;
    harness = await startServiceHarness({ synthesizers: [voices], defaultVoice: key }, () => key, undefined, { onClose: () => voices.close() });
  }, 240_000);

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  it("plays the voice's audio whole and lights each word at the sample the model put it", { timeout: 120_000 }, async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    const figures = JSON.stringify({ ...probe.stats, animationFrames: probe.animationFrames, staleFrames: probe.staleFrames });
    expect(probe.phase, figures).toBe('finished');

    const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === probe.readingId);
    // The context runs at the voice's own rate, and every frame the model made is played.
    expect(probe.stats.sampleRate).toBe(tinyTables.sampleRate);
    const pcm = chunks.map((c) => (c.audio.kind === 'pcm' ? c.audio.samples : new Float32Array()));
    const total = pcm.reduce((n, s) => n + s.length, 0);
    expect(probe.stats.framesQueued).toBe(total);
    expect(probe.stats.underruns, figures).toBe(0);

    // Where each word starts, read from the audio alone (each chunk is one run of the model).
    const onsets: number[] = [];
    let offset = 0;
    for (const samples of pcm) {
      onsets.push(...wordStartSamples(heardIds(samples)).map((s) => s + offset));
      offset += samples.length;
    }
    const words = probe.words.filter((w) => /\p{L}/u.test(w.text));
    // eSpeak, which gives the phonemes, says "as it is" and "This one" as one word each (one word event,
    // one run of phonemes in the model's input), as the built-in voice highlights them.
    expect(words.map((w) => w.text)).toEqual(['Natural', 'voices', 'read', 'offline', 'and', 'every', 'word', 'lights', 'up', 'as it is', 'heard', 'This one', 'is', 'a', 'tiny', 'test', 'voice']);
    expect(onsets.length).toBe(words.length);
    words.forEach((w, i) => expect(Math.abs(w.frame - onsets[i]!), w.text).toBeLessThanOrEqual(1));

    // The highlight visited each word once, in order, never before it was heard, and kept up.
    expect(probe.highlights.map((h) => h.index)).toEqual(probe.words.map((w) => w.index));
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(probe.words[h.index]!.frame);
    const { limit } = staleFrameLimit(probe);
    expect(probe.staleFrames / probe.animationFrames, figures).toBeLessThanOrEqual(limit);
    expect(reader.problems).toEqual([]);
  });
});

describe.skipIf(chromiumMissing && !inCI)('reading aloud in Chromium with a Kokoro voice', () => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    const folder = mkdtempSync(join(tmpdir(), 'aloud-e2e-kokoro-'));
    await installTinyKokoro(folder);
    const kokoro = createKokoroVoices({ folder });
    await kokoro.warmUp('af_heart');
    harness = await startServiceHarness({ synthesizers: [kokoro], defaultVoice: 'kokoro/af_heart' }, () => 'kokoro/af_heart', undefined, { onClose: () => kokoro.close() });
  }, 240_000);

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  it("plays Kokoro's audio whole at 24 kHz and lights each word at the sample its durations put it", { timeout: 120_000 }, async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    const figures = JSON.stringify({ ...probe.stats, animationFrames: probe.animationFrames, staleFrames: probe.staleFrames });
    expect(probe.phase, figures).toBe('finished');
    const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === probe.readingId);
    expect(probe.stats.sampleRate).toBe(kokoroTables.sampleRate);
    const pcm = chunks.map((c) => (c.audio.kind === 'pcm' ? c.audio.samples : new Float32Array()));
    expect(probe.stats.framesQueued).toBe(pcm.reduce((n, s) => n + s.length, 0));
    expect(probe.stats.underruns, figures).toBe(0);

    const onsets: number[] = [];
    let offset = 0;
    for (const samples of pcm) {
      onsets.push(...kokoroWordStarts(heardKokoroIds(samples)).map((s) => s + offset));
      offset += samples.length;
    }
    const words = probe.words.filter((w) => /\p{L}/u.test(w.text));
    expect(onsets.length).toBe(words.length);
    words.forEach((w, i) => expect(Math.abs(w.frame - onsets[i]!), w.text).toBeLessThanOrEqual(1));
    expect(probe.highlights.map((h) => h.index)).toEqual(probe.words.map((w) => w.index));
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(probe.words[h.index]!.frame);
    const { limit } = staleFrameLimit(probe);
    expect(probe.staleFrames / probe.animationFrames, figures).toBeLessThanOrEqual(limit);
    expect(reader.problems).toEqual([]);
  });
});
