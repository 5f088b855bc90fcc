// Reads aloud end to end: the built renderer in Debian's Chromium, its window.aloud provided by the
// harness, and behind it the real core in Node (the Aloud service, the speech pipeline and the
// built-in eSpeak NG voice). Assertions are on what the player reports, not on sound.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Chunk } from '../../shared/chunk';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, transitionsDone, waitForEnd, type Reader } from './chromium';
import { RENDERER_DIR, type Harness } from './harness';
import { startBuiltinVoiceHarness } from './service-harness';

const TEXT = 'The quick brown fox jumps over the lazy dog. It was not amused.';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
if (chromiumMissing && !inCI) {
  console.warn(`Skipping the Chromium end-to-end tests: ${CHROMIUM_PATH} is missing (apt-get install chromium).`);
}

describe.skipIf(chromiumMissing && !inCI)('reading aloud in Chromium with the built-in voice', () => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    harness = await startBuiltinVoiceHarness();
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });

  afterAll(async () => {
    await harness?.close();
  });

  function chunksOf(readingId: string | null): Chunk[] {
    return harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === readingId);
  }

  it('plays every synthesized frame with no underrun and highlights each spoken word once, in order', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    const figures = JSON.stringify({ ...probe.stats, animationFrames: probe.animationFrames, maxHeardStep: probe.maxHeardStep });
    expect(probe.phase, figures).toBe('finished');

    const chunks = chunksOf(probe.readingId);
    expect(chunks.length).toBeGreaterThan(0);
    const rates = new Set(chunks.map((c) => (c.audio.kind === 'pcm' ? c.audio.sampleRate : 0)));
    expect([...rates]).toEqual([probe.stats.sampleRate]);
    const synthesizedFrames = chunks.reduce((n, c) => n + (c.audio.kind === 'pcm' ? c.audio.samples.length / c.audio.channels : 0), 0);

    // Audio: every frame played (the context runs at the voice's rate, so exactly), none missing.
    expect(Math.abs(probe.stats.framesPlayed - synthesizedFrames)).toBeLessThanOrEqual(128);
    expect(probe.stats.framesQueued).toBe(synthesizedFrames);
    expect(probe.stats.underruns, figures).toBe(0);
    expect(probe.stats.underrunFrames, figures).toBe(0);

    // The spoken words are the chunks' word timings (each word once, in reading order) ...
    const seen = new Set<string>();
    const spoken = chunks
      .flatMap((c) => c.words)
      .filter((w) => !seen.has(`${w.charStart}:${w.charEnd}`) && seen.add(`${w.charStart}:${w.charEnd}`));
    expect(spoken.map((w) => TEXT.slice(w.charStart, w.charEnd).replace(/[^\p{L}]/gu, ''))).toEqual(TEXT.match(/\p{L}+/gu));
    // ... and the highlight visited exactly those, in order: none skipped, none repeated.
    expect(probe.highlights.map((h) => h.charStart), figures).toEqual(spoken.map((w) => w.charStart));

    // Each word was highlighted once its audio had been heard, never before.
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(probe.words[h.index]!.frame);

    // The strict CSP held (the worklet module loads from 'self') and nothing else went wrong.
    expect(reader.problems).toEqual([]);

    // Playback progress went to main as each new segment started playing.
    const segments = [...new Set(chunks.map((c) => c.segment))];
    const progress = harness.invokes
      .filter((i) => i.channel === 'reading:progress' && (i.args as { readingId: string }).readingId === probe.readingId)
      .map((i) => (i.args as { segment: number }).segment);
    expect(progress).toEqual(segments.slice(1));
  });

  it('ships a strict CSP and the worklet as a file of its own, served from self', () => {
    const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('media-src')).toEqual(["'self'", 'blob:']);
    expect(csp).not.toMatch(/unsafe|ws:|\*/);
    expect(readdirSync(join(RENDERER_DIR, 'assets')).filter((f) => /^pcm-player\.worklet-.*\.js$/.test(f))).toHaveLength(1);
  });

  it('has no accessibility violations (axe, WCAG A/AA) in light and dark, mid-reading', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(`${TEXT} ${TEXT} ${TEXT}`);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2, null, { polling: 50 });
    const violations: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await transitionsDone(page);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      violations.push(...results.violations.map((v) => `${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    }
    expect(violations).toEqual([]);
    await page.keyboard.press('Escape');
    await waitForEnd(page);
  });

  it('pauses with Space, resumes on a tray command exactly where it stopped, and stops with Escape', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(`${TEXT} ${TEXT} ${TEXT}`);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction(() => (window.__aloudPlayer?.stats().framesPlayed ?? 0) > 4000, null, { polling: 50 });
    // Reading moved the focus from the Read button to the text, where Space means pause.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Text being read');

    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Paused.');
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    // The worklet acknowledges the pause with its frame count at that moment.
    await expect.poll(async () => (await readProbe(page)).stats.paused).toBe(true);
    const atPause = (await readProbe(page)).stats;
    // While paused the worklet renders silence and its frame count stands still.
    await page.waitForTimeout(400);
    const later = (await readProbe(page)).stats;
    expect(later.framesPlayed).toBe(atPause.framesPlayed);

    // The tray (or a hotkey) resumes in main, which tells the reader; the reader calls nothing back.
    await harness.invoke('player:control', { command: 'toggle-pause' });
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForFunction((n) => (window.__aloudPlayer?.stats().framesPlayed ?? 0) > n, atPause.framesPlayed, { polling: 50 });
    await page.keyboard.press('Escape');
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(probe.phase).toBe('stopped');
    expect(probe.stats.underruns).toBe(0);

    const calls = harness.invokes.filter((i) => (i.args as { readingId?: string }).readingId === probe.readingId).map((i) => i.channel);
    expect(calls.filter((c) => c !== 'reading:progress' && c !== 'player:report')).toEqual(['reading:pause', 'reading:stop']);
    await expect
      .poll(() => harness.events.some((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string }).readingId === probe.readingId))
      .toBe(true);
  });

  it('after the end the highlight clears and the main button is Play, which reads the text again from the start', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill('Short and done. Then again.');
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const first = await readProbe(page);
    expect(first.phase).toBe('finished');
    expect(first.highlights.length).toBeGreaterThan(0);
    // Nothing stays lit once the reading is over.
    expect(await page.evaluate(() => [...(CSS.highlights.get('aloud-word') ?? [])].length + [...(CSS.highlights.get('aloud-sentence') ?? [])].length)).toBe(0);
    // The controls follow the phase in the next render.
    const play = page.getByRole('button', { name: 'Play', exact: true });
    await expect.poll(() => play.isEnabled()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Pause' }).count()).toBe(0);

    await play.click();
    await expect.poll(async () => (await readProbe(page)).readingId).not.toBe(first.readingId);
    await waitForEnd(page);
    const again = await readProbe(page);
    expect(again.phase).toBe('finished');
    // From the start: the first word lit is the text's first word.
    expect(again.highlights[0]?.charStart).toBe(0);
    // Space after the end plays it again too.
    await page.locator('.reading').focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => (await readProbe(page)).readingId).not.toBe(again.readingId);
  });
});
