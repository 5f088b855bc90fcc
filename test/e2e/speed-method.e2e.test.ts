// The one Speed, end to end in Chromium over the whole core (createAloudCore: settings file, library)
// and the built-in voice. "Speed by" is chosen in Settings; the reader's Speed slider moves the
// reading under way. With the voice's own rate, the voice is asked for the new rate from the next
// segment while the player stretches what was already made, each chunk by Speed / its synthRate: the
// output's length (the worklet's clock) matches that, and the highlight stays on the word heard.
// With time-stretch the voice only ever speaks at 1x.
import { existsSync } from 'node:fs';
import type { Chunk } from '../../shared/chunk';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, staleFrameLimit, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const TEXT = [
  'The river ran slowly past the old mill, carrying leaves from the hills above the town.',
  'Children gathered on the bridge each morning to count the boats that drifted by.',
  'In the afternoon the wind rose and the water turned grey under a heavy sky.',
  'By evening the lamps were lit along the bank, and the mill wheel turned in the dark.',
  'Nobody in the town could remember a quieter autumn than that one.',
  'When the first snow came, the river froze at its edges and the boats were pulled ashore.',
].join(' ');
const OTHER_TEXT = TEXT.split('. ').reverse().join('. ');
const VOICE = 'builtin/en-us';
const RATE = 22050; // the built-in voice's sample rate: the player's context runs at it, frames are samples

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('Speed by the voice or by time-stretch, in Chromium (built-in voice)', () => {
  let harness: Harness;
  let core: AppCore;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit);
        return core;
      },
    });
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Chooses "Speed by" for the built-in voice in the Settings view, as a user does. */
  async function speedBy(label: string): Promise<void> {
    const { page } = reader!;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Speed by').selectOption({ label });
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { speedMethods: Record<string, string> }).speedMethods[VOICE] ?? 'auto').toBe(
      label === 'Automatic' ? 'auto' : label === 'Time-stretch' ? 'stretch' : 'voice',
    );
    await page.getByRole('tab', { name: 'Reader' }).click();
  }

  /** The chunks main sent for one reading, in order. */
  const chunksOf = (readingId: string | null) =>
    harness.events
      .filter((e) => e.channel === 'reading:chunk' && (e.payload as Chunk).readingId === readingId)
      .map((e) => e.payload as Chunk)
      .sort((a, b) => a.seq - b.seq);
  const framesOf = (c: Chunk) => (c.audio.kind === 'pcm' ? c.audio.samples.length / c.audio.channels : 0);

  it("the voice's own rate: Speed 1x -> 2x mid-reading is heard at once, the next segments come from the voice at 2x, the output shrinks accordingly (within 3%) and the highlight stays on the word", async () => {
    await core.invoke('settings:set', { speed: 1 });
    reader = await openReader(harness);
    const { page } = reader;
    await speedBy('The voice’s own rate');
    const slider = page.getByRole('slider', { name: 'Speed' });
    await expect.poll(() => slider.inputValue()).toBe('1');
    const asked = core.requests.length;

    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction((r) => (window.__aloudPlayer?.stats().framesPlayed ?? 0) >= 1.5 * r, RATE, { polling: 20 });
    await slider.fill('2');
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(reader.problems).toEqual([]);
    expect(probe.phase).toBe('finished');
    const s = probe.stats;
    expect(s.sampleRate).toBe(RATE);
    expect(s.underruns).toBe(0);
    expect(s.speedFrom.speed).toBe(2);

    // The voice was asked for 1x, then for 2x from a later segment on; each chunk says which. (After
    // the reading, the library finishes its own copy at 1x in the background: requests past these.)
    const chunks = chunksOf(probe.readingId);
    const rates = core.requests.slice(asked, asked + new Set(chunks.map((c) => c.segment)).size).map((r) => r.synthRate);
    expect(rates[0]).toBe(1);
    expect(rates.at(-1)).toBe(2);
    expect(chunks.map((c) => c.synthRate)).toEqual([...chunks.map((c) => c.synthRate)].sort((a, b) => a! - b!));
    expect(chunks.some((c) => c.synthRate === 1) && chunks.some((c) => c.synthRate === 2)).toBe(true);
    expect(chunks.reduce((n, c) => n + framesOf(c), 0)).toBe(s.framesQueued);

    // Output length from the worklet's clock: 1x up to the change, then every source frame at
    // 2 / the synthRate of its chunk (2x for audio made at 1x, 1x for audio the voice made at 2x).
    let at = 0;
    let after = 0;
    for (const c of chunks) {
      const frames = framesOf(c);
      const heardAfter = Math.max(0, at + frames - Math.max(at, s.speedFrom.played));
      after += heardAfter / (2 / c.synthRate!);
      at += frames;
    }
    const measured = s.drainedAt - s.firstAt;
    const before = s.speedFrom.contextFrame - s.firstAt;
    const expected = before + after;
    const stretchedOnly = before + (s.framesQueued - s.speedFrom.played) / 2;
    console.log(
      `voice rate 1x -> 2x: output ${measured} frames, expected ${Math.round(expected)} (${((measured / expected - 1) * 100).toFixed(2)}%); ` +
        `had the voice stayed at 1x the source would be longer; rates asked ${rates.join(',')}; ` +
        `highlight ${probe.staleFrames} of ${probe.animationFrames} frames behind (largest gap ${staleFrameLimit(probe).gapIntervals.toFixed(1)} frame intervals)`,
    );
    expect(Math.abs(measured - expected) / expected).toBeLessThan(0.03);
    // Playing the 2x audio at 2 again would have been far shorter: the player did not stretch it twice.
    expect(measured).toBeGreaterThan(stretchedOnly * 1.05);

    // Every word highlighted once, in order, and on the word heard in at least 99% of frames when the
    // page kept pace (see staleFrameLimit: a busy machine's stalls are the bench's to measure).
    expect(probe.highlights.map((h) => h.index)).toEqual(probe.words.map((w) => w.index));
    expect(probe.animationFrames).toBeGreaterThan(60);
    expect(probe.staleFrames / probe.animationFrames).toBeLessThanOrEqual(staleFrameLimit(probe).limit);
  });

  it('time-stretch: at Speed 2x, and after a change to 3x mid-reading, the voice is only ever asked for 1x; the output is the source at the Speed', async () => {
    await core.invoke('settings:set', { speed: 2 });
    reader = await openReader(harness);
    const { page } = reader;
    await speedBy('Time-stretch');
    const slider = page.getByRole('slider', { name: 'Speed' });
    await expect.poll(() => slider.inputValue()).toBe('2');
    const asked = core.requests.length;
    // Another text than the first test's: that one is in the library now, and would replay.
    await page.getByLabel('Text to read').fill(OTHER_TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction((r) => (window.__aloudPlayer?.stats().framesPlayed ?? 0) >= 2 * r, RATE, { polling: 20 });
    await slider.fill('3');
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(reader.problems).toEqual([]);
    expect(probe.phase).toBe('finished');
    const s = probe.stats;
    expect(s.underruns).toBe(0);
    const rates = core.requests.slice(asked).map((r) => r.synthRate);
    expect(rates.length).toBeGreaterThan(1);
    expect(rates.every((r) => r === 1)).toBe(true);
    expect(chunksOf(probe.readingId).every((c) => c.synthRate === 1)).toBe(true);
    const measured = s.drainedAt - s.firstAt;
    const expected = s.speedFrom.contextFrame - s.firstAt + (s.framesQueued - s.speedFrom.played) / 3;
    console.log(`stretch 2x -> 3x: output ${measured} frames, expected ${Math.round(expected)}; 2x part ${s.speedFrom.contextFrame - s.firstAt} frames for ${s.speedFrom.played} source frames`);
    expect(s.speedFrom.speed).toBe(3);
    expect(Math.abs(measured - expected) / expected).toBeLessThan(0.03);
    expect(probe.highlights.map((h) => h.index)).toEqual(probe.words.map((w) => w.index));
  });

  it("the Speed is one setting in main: it survives a reload, and an older reader's own speed is folded into it once", async () => {
    await core.invoke('settings:set', { speed: 2 });
    reader = await openReader(harness);
    const { page } = reader;
    const slider = page.getByRole('slider', { name: 'Speed' });
    await expect.poll(() => slider.inputValue()).toBe('2');
    await slider.fill('1.5');
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { speed: number }).speed).toBe(1.5);
    await page.reload();
    await expect.poll(() => page.getByRole('slider', { name: 'Speed' }).inputValue()).toBe('1.5');

    // An older reader kept a playback speed of its own (2x), heard on top of the settings' rate.
    await page.evaluate(() => localStorage.setItem('aloud.reader.appearance', JSON.stringify({ theme: 'dark', speed: 2 })));
    await page.reload();
    await expect.poll(() => page.getByRole('slider', { name: 'Speed' }).inputValue()).toBe('3');
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { speed: number }).speed).toBe(3);
    const kept = () => page.evaluate(() => JSON.parse(localStorage.getItem('aloud.reader.appearance') ?? '{}') as Record<string, unknown>);
    await expect.poll(kept).toEqual({ theme: 'dark' });
    await page.reload();
    await expect.poll(() => page.getByRole('slider', { name: 'Speed' }).inputValue()).toBe('3');
  });
});
