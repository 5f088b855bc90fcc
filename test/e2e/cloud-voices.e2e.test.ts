// Reads aloud through cloud voices end to end: the built renderer in Chromium, the real service and
// speech pipeline in Node, and behind them the real Inworld (WORD timestamps), Together and
// OpenAI-compatible (no timings: estimated at each segment's end) adapters streaming from their fakes,
// which speak with the built-in voice. Assertions are on what the player reports: every frame played,
// no underrun, every word highlighted once, in order.
import { existsSync } from 'node:fs';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import { createOpenAiSynthesizer } from '../../electron/providers/openai';
import { createTogetherSynthesizer } from '../../electron/providers/together';
import { startInworldFake } from '../fakes/inworld-server';
import { startOpenAiFake } from '../fakes/openai-server';
import type { FakeProviderServer } from '../fakes/provider-server';
import { speechFromSynthesizer } from '../fakes/spoken-audio';
import { startTogetherFake } from '../fakes/together-server';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const TEXT = 'Cloud voices stream their speech in pieces. Each word lights up as it is heard.';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('reading aloud in Chromium through cloud voices (fakes)', () => {
  let harness: Harness;
  let builtin: BuiltinVoice;
  let fakes: FakeProviderServer[] = [];
  let reader: Reader | undefined;
  let voice = 'inworld/Dennis';

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    builtin = createBuiltinVoice();
    const speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
    for (const s of TEXT.split(/(?<=\.) /u)) await speech(s);
    const inworld = await startInworldFake({ speech, apiKey: 'inworld-key' });
    const together = await startTogetherFake({ speech, apiKey: 'together-key' });
    const openai = await startOpenAiFake({ speech, apiKey: 'openai-key' });
    fakes = [inworld, together, openai];
    const synthesizers = [
      builtin,
      createInworldSynthesizer({ apiKey: 'inworld-key', baseUrl: inworld.url, sampleRateHertz: 24000, timestampType: 'WORD' }),
      createTogetherSynthesizer({ apiKey: 'together-key', baseUrl: `${together.url}/v1` }),
      createOpenAiSynthesizer({ apiKey: 'openai-key', baseUrl: openai.baseUrl }),
    ];
    harness = await startServiceHarness({ synthesizers, defaultVoice: `builtin/${DEFAULT_BUILTIN_VOICE}` }, () => voice);
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });

  afterAll(async () => {
    await harness?.close();
    for (const f of fakes) await f.close();
    await builtin?.close();
  });

  function chunksOf(readingId: string | null): Chunk[] {
    return harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === readingId);
  }

  it.each([
    ['Inworld (LINEAR16, WORD timestamps)', 'inworld/Dennis', 0],
    ['Together (SSE, word alignment)', 'together/tara', 1],
    // No timings until each segment ends: the start buffer goes by delivery speed alone.
    ['OpenAI-compatible (PCM, estimated timings)', 'openai/alloy', 2],
  ])('%s: plays every frame with no underrun and highlights each word once, in order', async (_name, voiceKey, fakeIndex) => {
    voice = voiceKey;
    const requestsBefore = fakes[fakeIndex]!.requests.length;
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(probe.phase).toBe('finished');
    // The reading really went through this provider's fake (a request per segment).
    expect(fakes[fakeIndex]!.requests.length - requestsBefore).toBeGreaterThanOrEqual(2);

    const chunks = chunksOf(probe.readingId);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.audio.kind === 'pcm' && c.audio.sampleRate === 24000)).toBe(true);
    const frames = chunks.reduce((n, c) => n + (c.audio.kind === 'pcm' ? c.audio.samples.length : 0), 0);
    expect(probe.stats.framesQueued).toBe(frames);
    expect(Math.abs(probe.stats.framesPlayed - frames)).toBeLessThanOrEqual(128);
    expect(probe.stats.underruns).toBe(0);

    // The provider's word timings, each word once in reading order, are exactly what was highlighted.
    const words = chunks.flatMap((c) => c.words);
    expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd).replace(/[^\p{L}]/gu, ''))).toEqual(TEXT.match(/\p{L}+/gu));
    expect(probe.highlights.map((h) => h.charStart)).toEqual(words.map((w) => w.charStart));
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(probe.words[h.index]!.frame);
    expect(reader.problems).toEqual([]);
    await fakes[fakeIndex]!.waitForNoConnections();
  });
});
