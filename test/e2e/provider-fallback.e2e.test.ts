// A cloud voice failing in the middle of a reading, seen from the reader in Chromium: the real
// service (fallback on) streams from the Inworld adapter against its fake, which sends an error
// object part way through the second sentence; the built-in voice reads the rest. The reader must
// say so (a polite live-region sentence naming the provider, and a badge for the rest of the
// reading), play every frame and highlight every word of the text, in order.
import { existsSync } from 'node:fs';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import { startInworldFake, type InworldFake } from '../fakes/inworld-server';
import { speechFromSynthesizer } from '../fakes/spoken-audio';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const TEXT = 'The first sentence comes from the cloud. The second one breaks halfway through its words. The third sentence is read by the built-in voice.';
const AFTER = 'A new reading starts clean.';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('a provider failing mid-reading, in the reader (Chromium)', () => {
  let harness: Harness;
  let builtin: BuiltinVoice;
  let fake: InworldFake;
  let reader: Reader | undefined;
  let voice = 'inworld/Dennis';

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    builtin = createBuiltinVoice();
    const speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
    for (const s of TEXT.split(/(?<=\.) /u)) await speech(s);
    fake = await startInworldFake({ speech, apiKey: 'inworld-key', chunkMs: 200 });
    const inworld = createInworldSynthesizer({
      apiKey: 'inworld-key',
      baseUrl: fake.url,
      sampleRateHertz: 24000,
      timestampType: 'WORD',
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    });
    // One sentence per request, so the fault can land in the middle of the reading.
    const synthesizers = [builtin, { ...inworld, maxChars: 60 }];
    const fallback = () => ({ synthesizer: builtin, voice: DEFAULT_BUILTIN_VOICE });
    harness = await startServiceHarness({ synthesizers, defaultVoice: `builtin/${DEFAULT_BUILTIN_VOICE}`, fallback }, () => voice);
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
    await fake?.close();
    await builtin?.close();
  });

  function chunksOf(readingId: string | null): Chunk[] {
    return harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === readingId);
  }

  it('announces the built-in voice taking over, shows a badge for the rest of the reading, and reads and highlights every word', async () => {
    // The voice list (checked at the start: two pages of the Voice API) and sentence one are served
    // whole; sentence two gets an error object after two audio messages.
    fake.inject({ kind: 'pass' }, 3);
    fake.inject({ kind: 'error-mid-stream', afterFrames: 2 });
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();

    // The live region exists before the failure (so screen readers announce the change) and then says it.
    const notice = page.locator('.fallback-message[aria-live="polite"]');
    await notice.waitFor({ state: 'attached' });
    await expect.poll(() => notice.textContent()).toMatch(/^Inworld failed while speaking: .+ The built-in voice reads the rest\.$/u);
    const badge = page.locator('.fallback-badge');
    await expect.poll(() => badge.textContent()).toBe('Built-in voice took over from Inworld');
    expect(await page.locator('.fallback-notice').evaluate((n) => n.previousElementSibling?.className)).toBe('voice-line');

    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(probe.phase).toBe('finished');
    // Persistent: still there once the reading has ended.
    expect(await badge.textContent()).toBe('Built-in voice took over from Inworld');

    const fallbacks = harness.events.filter((e) => e.channel === 'reading:fallback').map((e) => e.payload as { readingId: string; segment: number; from: string; to: string });
    expect(fallbacks).toEqual([expect.objectContaining({ readingId: probe.readingId, segment: 1, from: 'inworld/Dennis', to: `builtin/${DEFAULT_BUILTIN_VOICE}` })]);

    // Inworld spoke the first sentence and part of the second; the built-in voice (22,050 Hz) the rest.
    const chunks = chunksOf(probe.readingId);
    const cloud = chunks.filter((c) => c.audio.kind === 'pcm' && c.audio.sampleRate === 24000);
    const local = chunks.filter((c) => c.audio.kind === 'pcm' && c.audio.sampleRate === 22050);
    expect(cloud.length + local.length).toBe(chunks.length);
    expect(cloud.some((c) => c.segment === 1)).toBe(true);
    expect(local.length).toBeGreaterThan(0);
    expect(local[0]!.seq).toBeGreaterThan(cloud.at(-1)!.seq);
    expect(Math.max(...local.map((c) => c.segment))).toBe(2);

    // Every frame of both voices played, no underrun: the player runs at the first chunk's rate
    // (24 kHz) and resamples the built-in voice's 22,050 Hz audio to it (a frame or two of rounding).
    expect(probe.stats.sampleRate).toBe(24000);
    const frames = chunks.reduce((n, c) => n + (c.audio.kind === 'pcm' ? (c.audio.samples.length * 24000) / c.audio.sampleRate : 0), 0);
    expect(Math.abs(probe.stats.framesQueued - frames)).toBeLessThanOrEqual(2 * (local.length + 1));
    expect(Math.abs(probe.stats.framesPlayed - probe.stats.framesQueued)).toBeLessThanOrEqual(128);
    expect(probe.stats.underruns).toBe(0);

    // Every word of the text was highlighted in reading order, the built-in voice's included: only
    // the one word whose audio the break cut short may be heard (and highlighted) again.
    const once = (starts: number[]) => starts.filter((s, i, all) => i === 0 || s !== all[i - 1]);
    const highlighted = once(probe.highlights.map((h) => h.charStart));
    expect(highlighted).toEqual(once(chunks.flatMap((c) => c.words).map((w) => w.charStart)));
    expect(highlighted).toEqual([...TEXT.matchAll(/[\p{L}-]+/gu)].map((m) => m.index));
    const localStarts = new Set(local.flatMap((c) => c.words).map((w) => w.charStart));
    expect(probe.highlights.some((h) => localStarts.has(h.charStart) && h.charStart > TEXT.indexOf('The third'))).toBe(true);

    // The next reading starts without the notice.
    voice = `builtin/${DEFAULT_BUILTIN_VOICE}`;
    await page.getByLabel('Text to read').fill(AFTER);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction((id) => window.__aloudPlayer?.readingId !== id, probe.readingId);
    await waitForEnd(page);
    expect(await badge.count()).toBe(0);
    expect(await notice.textContent()).toBe('');
    // The reader's status line stays the page's one role="status" (other tests find it by that role).
    expect(await page.getByRole('status').count()).toBe(1);
    expect(reader.problems).toEqual([]);
    await fake.waitForNoConnections();
  });
});
