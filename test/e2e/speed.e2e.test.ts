// Speed without chipmunks, end to end in Chromium: a reading of steady tones (the tone voice) is
// sped up mid-way; the worklet's own clock gives the output's length (context frames, not wall
// time), a tap on its output gives the pitch before and after the change, and the highlight log
// says how long each word's highlight lagged its onset on the stretched clock.
import { existsSync } from 'node:fs';
import { createToneSynthesizer } from '../fakes/tone-synthesizer';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, staleFrameLimit, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const RATE = 24000;
const WORDS = 'every word here is a steady tone of its own length so the pitch can be measured before and after the change of speed while the words light up one by one in order';
const TEXT = `${WORDS} ${WORDS}.`;

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

/** f0 over 100-1000 Hz of a 50 ms window: the first autocorrelation peak within 10% of the best. */
function pitch(x: number[], at: number): number {
  const n = Math.round(0.05 * RATE);
  const lo = Math.floor(RATE / 1000);
  const hi = Math.ceil(RATE / 100);
  const scores: number[] = [];
  for (let lag = lo; lag <= hi; lag++) {
    let s = 0;
    let e0 = 1e-12;
    let e1 = 1e-12;
    for (let i = 0; i < n; i++) {
      s += x[at + i]! * x[at + i + lag]!;
      e0 += x[at + i]! ** 2;
      e1 += x[at + i + lag]! ** 2;
    }
    scores.push(s / Math.sqrt(e0 * e1));
  }
  const best = Math.max(...scores);
  let i = scores.findIndex((s) => s >= best * 0.9);
  while (i + 1 < scores.length && scores[i + 1]! > scores[i]!) i++;
  return RATE / (lo + i);
}

/** Median f0 of the loud 50 ms windows in [from, to) of the tap. */
function medianPitch(x: number[], from: number, to: number): number {
  const n = Math.round(0.05 * RATE);
  const found: number[] = [];
  for (let at = from; at + n + RATE / 100 < to; at += n) {
    let e = 0;
    for (let i = 0; i < n; i++) e += x[at + i]! ** 2;
    if (Math.sqrt(e / n) > 0.1) found.push(pitch(x, at)); // inside a tone (0.25 amplitude)
  }
  found.sort((a, b) => a - b);
  return found[Math.floor(found.length / 2)] ?? NaN;
}

describe.skipIf(chromiumMissing && !inCI)('speed changed mid-reading in Chromium (tone voice)', () => {
  let harness: Harness;
  let reader: Reader | undefined;
  let voice = 'tone/tone-voice';

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    const tone = createToneSynthesizer({ provider: 'tone', sampleRate: RATE, msPerChar: 25, maxChars: 5000 });
    // Slower tones for the highlight: at 3x even a one-letter word lasts longer than a display frame.
    const slow = createToneSynthesizer({ provider: 'slow', sampleRate: RATE, msPerChar: 40, maxChars: 5000 });
    harness = await startServiceHarness({ synthesizers: [tone, slow], defaultVoice: 'tone/tone-voice' }, () => voice);
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });

  afterAll(async () => {
    await harness?.close();
  });

  // Remembering the Speed is main's settings' job: speed-method.e2e.test.ts runs the whole core.
  it("the reader's Speed slider, used by keyboard mid-reading, speeds up the reading under way", async () => {
    voice = 'tone/tone-voice';
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction(() => (window.__aloudPlayer?.stats().framesPlayed ?? 0) > 0, null, { polling: 20 });
    const slider = page.getByRole('slider', { name: 'Speed' });
    await slider.focus();
    for (let i = 0; i < 4; i++) await slider.press('ArrowRight'); // 1x -> 2x in steps of 0.25
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(reader.problems).toEqual([]);
    expect(probe.stats.speedFrom.speed).toBe(2);
    expect(probe.stats.underruns).toBe(0);
    expect(probe.stats.drainedAt - probe.stats.firstAt).toBeLessThan(probe.stats.framesQueued * 0.9);
    await page.reload();
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await expect.poll(() => page.getByRole('slider', { name: 'Volume' }).inputValue()).toBe('1');
  });

  it.each([2, 3.5])('at %sx from 1.5 s in: the output shrinks by the speed (within 3%), the pitch holds (within 5%)', async (speed) => {
    voice = 'tone/tone-voice';
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction(() => (window.__aloudPlayer?.stats().framesPlayed ?? 0) > 0, null, { polling: 20 });
    // At least 1.5 s heard, and as much tapped, before the change (the tap may start late on a busy machine).
    const atTap = await page.evaluate(() => {
      window.__aloudPlayer!.startTap(60);
      return window.__aloudPlayer!.stats().framesPlayed;
    });
    await page.waitForFunction((n) => (window.__aloudPlayer?.stats().framesPlayed ?? 0) >= n, Math.max(atTap, 0) + 1.5 * RATE, { polling: 20 });
    await page.evaluate((s) => window.__aloudPlayer!.setSpeed(s), speed);
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(reader.problems).toEqual([]);
    expect(probe.phase).toBe('finished');
    const s = probe.stats;
    expect(s.underruns).toBe(0);
    expect(s.speedFrom.speed).toBe(speed);
    // Output length from the worklet's clock: 1x up to the change, then the rest at `speed`.
    const measured = s.drainedAt - s.firstAt;
    const before = s.speedFrom.contextFrame - s.firstAt;
    const expected = before + (s.framesQueued - s.speedFrom.played) / speed;
    expect(Math.abs(measured - expected) / expected).toBeLessThan(0.03);
    // Against 1x throughout, it really did shrink.
    expect(measured).toBeLessThan(s.framesQueued * 0.9);

    // Pitch of the tones before and after the change, from the worklet's output.
    const { samples: tap, startFrame } = await page.evaluate(() => window.__aloudPlayer!.readTap());
    // The tap started after the first frame (later on a busy machine): `lag` frames into the output,
    // where the change is `before` frames in.
    const lag = startFrame - s.firstAt;
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(before - RATE / 2);
    const f1 = medianPitch(tap, 0, before - lag - RATE / 5);
    const f2 = medianPitch(tap, before - lag + RATE / 10, Math.min(tap.length, measured - lag - RATE / 10));
    console.log(`speed ${speed}: output ${measured} frames, expected ${Math.round(expected)}; f0 ${f1.toFixed(1)} Hz before, ${f2.toFixed(1)} Hz after`);
    expect(Number.isFinite(f1) && Number.isFinite(f2)).toBe(true);
    expect(Math.abs(f2 - f1) / f1).toBeLessThan(0.05);

    // Every word highlighted once, in order, on the stretched clock.
    expect(probe.highlights.map((h) => h.index)).toEqual(probe.words.map((w) => w.index));
  });

  it.each([1, 3])('at %sx the highlight is on the word being heard in at least 99 percent of animation frames when the page kept pace', async (speed) => {
    voice = 'slow/slow-voice';
    reader = await openReader(harness);
    const { page } = reader;
    await page.waitForFunction(() => window.__aloudPlayer !== undefined);
    await page.evaluate((s) => window.__aloudPlayer!.setSpeed(s), speed);
    await page.getByLabel('Text to read').fill(WORDS);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(reader.problems).toEqual([]);
    expect(probe.phase).toBe('finished');
    expect(probe.stats.underruns).toBe(0);
    expect(probe.stats.speedFrom.speed).toBe(speed);
    expect(probe.highlights.map((h) => h.index)).toEqual(probe.words.map((w) => w.index));
    // Never ahead: no word lit before it was heard.
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(probe.words[h.index]!.frame);
    const { limit, keptPace, gapIntervals } = staleFrameLimit(probe);
    const ratio = probe.staleFrames / probe.animationFrames;
    console.log(
      `highlight at ${speed}x: ${probe.staleFrames} of ${probe.animationFrames} animation frames behind the word heard; ` +
        `largest gap ${gapIntervals.toFixed(1)} frame intervals (${keptPace ? 'kept pace' : 'the page stalled'})`,
    );
    expect(probe.animationFrames).toBeGreaterThan(60);
    expect(ratio).toBeLessThanOrEqual(limit);
  });
});
