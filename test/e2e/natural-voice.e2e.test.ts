// A natural voice in the reader, Piper's and Kokoro's: the fixture voice, installed as a user's would
// be, spoken by onnxruntime-node in the natural voices' worker behind the real reading service, played and
// highlighted by the built renderer in Debian's Chromium. The player's word onsets are the model's own:
// read back from the audio (each phoneme id sounds as its own tone), they match to the sample.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { createKokoroVoices } from '../../electron/engine/kokoro-voices';
import { createPiperVoices } from '../../electron/engine/piper-voices';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import { heardKokoroIds, installTinyKokoro, kokoroTables, kokoroWordStarts } from '../support/tiny-kokoro';
import { heardIds, installTinyVoice, TINY_VOICE, tinyTables, wordStartSamples } from '../support/tiny-piper';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, staleFrameLimit, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const TEXT = 'Natural voices read offline, and every word lights up as it is heard. This one is a tiny test voice.';
const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

interface Family {
  name: string;
  /** Installs the fixture into `folder` and makes its warmed-up synthesizer. */
  setUp(folder: string): Promise<Synthesizer & { close(): Promise<void> }>;
  voiceKey: string;
  sampleRate: number;
  /** Where each word starts in one run's audio, read from the audio alone. */
  wordStarts(samples: Float32Array): number[];
}

const FAMILIES: Family[] = [
  {
    name: 'Piper',
    async setUp(folder) {
      await installTinyVoice(folder);
      const voices = createPiperVoices({ folder });
      await voices.warmUp(TINY_VOICE);
      return voices;
    },
    voiceKey: `piper/${TINY_VOICE}`,
    sampleRate: tinyTables.sampleRate,
    wordStarts: (samples) => wordStartSamples(heardIds(samples)),
  },
  {
    name: 'Kokoro',
    async setUp(folder) {
      await installTinyKokoro(folder);
      const voices = createKokoroVoices({ folder });
      await voices.warmUp('af_heart');
      return voices;
    },
    voiceKey: 'kokoro/af_heart',
    sampleRate: kokoroTables.sampleRate,
    wordStarts: (samples) => kokoroWordStarts(heardKokoroIds(samples)),
  },
];

describe.skipIf(chromiumMissing && !inCI).each(FAMILIES)('reading aloud in Chromium with a $name voice', (family) => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    const voices = await family.setUp(mkdtempSync(join(tmpdir(), 'aloud-e2e-voices-')));
    harness = await startServiceHarness({ synthesizers: [voices], defaultVoice: family.voiceKey }, () => family.voiceKey, undefined, { onClose: () => voices.close() });
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  it("plays the voice's audio whole and lights each word at the sample the model put it", async () => {
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
    expect(probe.stats.sampleRate).toBe(family.sampleRate);
    const pcm = chunks.map((c) => (c.audio.kind === 'pcm' ? c.audio.samples : new Float32Array()));
    expect(probe.stats.framesQueued).toBe(pcm.reduce((n, s) => n + s.length, 0));
    expect(probe.stats.underruns, figures).toBe(0);

    // Where each word starts, read from the audio alone (each chunk is one run of the model).
    const onsets: number[] = [];
    let offset = 0;
    for (const samples of pcm) {
      onsets.push(...family.wordStarts(samples).map((s) => s + offset));
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
