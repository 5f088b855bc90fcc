// How the reader draws under the system's display settings, end to end in Debian's Chromium with the
// real core (Aloud service + built-in eSpeak NG voice): in forced colours (Windows High Contrast and
// the like) the spoken word, its sentence and every focus ring must stay visible, which is checked
// on the screenshot's pixels and the computed outlines; with reduced motion the view follows the
// spoken word in jumps instead of smooth scrolls, checked on the scroll positions the page goes through;
// and the highlight is timed for the moment its frame is on screen.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { decodePng, parseCssRgb, shareOfColour, type Pixels } from '../support/png';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startBuiltinVoiceHarness } from './service-harness';

const SENTENCES = [
  'The first sentence is about a quiet morning in the valley.',
  'The second sentence tells of a river running past the mill.',
  'The third sentence has a heron standing very still in the reeds.',
  'The fourth sentence brings the rain across the hills.',
  'The fifth sentence ends the story with a warm fire at night.',
];
const TEXT = SENTENCES.join(' ');

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

describe.skipIf(chromiumMissing && !inCI)('the reader under forced colours and reduced motion in Chromium', () => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing.`);
    ensureRendererBuilt();
    harness = await startBuiltinVoiceHarness({ rendererDir: process.env.ALOUD_RENDERER_DIR });
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function readUntilWords(page: Page, text: string, words: number) {
    await page.getByLabel('Text to read').fill(text);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await page.waitForFunction((n) => (window.__aloudPlayer?.highlights.length ?? 0) >= n, words, { polling: 50 });
  }

  async function shot(page: Page, box: Box): Promise<Pixels> {
    return decodePng(await page.screenshot({ clip: box, animations: 'disabled', caret: 'hide' }));
  }

  it('forced colours: the spoken word is painted in Highlight, the sentence is underlined, every focus ring shows', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.emulateMedia({ forcedColors: 'active' });
    await readUntilWords(page, TEXT, 4);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'paused');
    // The view may still be scrolling smoothly to the word: measure once it has stood still a while.
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __lastWordAt?: string; __stillSince?: number };
        const r = ([...(CSS.highlights.get('aloud-word') ?? [])][0] as Range | undefined)?.getBoundingClientRect();
        const at = r ? `${r.x},${r.y},${r.width}` : '';
        if (at !== w.__lastWordAt) {
          w.__lastWordAt = at;
          w.__stillSince = performance.now();
        }
        return at !== '' && performance.now() - w.__stillSince! > 400;
      },
      null,
      { polling: 50 },
    );

    const geo = await page.evaluate(() => {
      const box = (r: DOMRect) => ({ x: Math.ceil(r.x) + 1, y: Math.ceil(r.y) + 1, width: Math.floor(r.width) - 2, height: Math.floor(r.height) - 2 });
      const word = [...CSS.highlights.get('aloud-word')!][0] as Range;
      const sentence = [...CSS.highlights.get('aloud-sentence')!][0] as Range;
      // The forced palette's own colours, read off an element that opts out of forcing.
      const probe = document.createElement('div');
      probe.style.forcedColorAdjust = 'none';
      document.body.append(probe);
      const colour = (c: string) => {
        probe.style.backgroundColor = c;
        return getComputedStyle(probe).backgroundColor;
      };
      const palette = { highlight: colour('Highlight'), canvas: colour('Canvas'), canvasText: colour('CanvasText') };
      probe.remove();
      return { word: box(word.getBoundingClientRect()), sentence: box(sentence.getClientRects()[0]!), palette };
    });
    const canvas = parseCssRgb(geo.palette.canvas);
    const highlight = parseCssRgb(geo.palette.highlight, canvas);
    expect(highlight).not.toEqual(canvas);
    // The word's box is mostly the Highlight colour (the rest is its text, in HighlightText)...
    expect(shareOfColour(await shot(page, geo.word), highlight)).toBeGreaterThan(0.4);
    // ...and the rest of its sentence is not: the word stands out of it.
    expect(shareOfColour(await shot(page, geo.sentence), highlight)).toBeLessThan(0.2);

    // The sentence mark: a line under the sentence's first line appears with it and goes without it.
    const underLine = { ...geo.sentence, height: geo.sentence.height + 10 };
    const withMark = await shot(page, underLine);
    await page.evaluate(() => {
      const w = window as unknown as { __sentence?: Highlight };
      w.__sentence = CSS.highlights.get('aloud-sentence');
      CSS.highlights.delete('aloud-sentence');
    });
    const withoutMark = await shot(page, underLine);
    await page.evaluate(() => CSS.highlights.set('aloud-sentence', (window as unknown as { __sentence: Highlight }).__sentence));
    const canvasText = parseCssRgb(geo.palette.canvasText);
    let underlineRows = 0;
    for (let y = 0; y < withMark.height; y++) {
      const row = (px: Pixels) => ({ width: px.width, height: 1, rgba: px.rgba.subarray(y * px.width * 4, (y + 1) * px.width * 4) });
      if (shareOfColour(row(withMark), canvasText, 40) - shareOfColour(row(withoutMark), canvasText, 40) > 0.5) underlineRows++;
    }
    expect(underlineRows).toBeGreaterThan(0);

    // Every stop of the Tab order, with the display options open, has an outline when focused.
    await page.getByRole('button', { name: 'Text and queue options' }).click();
    const rings: { what: string; style: string; width: number; colour: string }[] = [];
    // Round the whole Tab order (it passes the browser's own UI once, where the page has no focus).
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const name = el.getAttribute('aria-label') ?? (el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? (el.labels?.[0] ?? el.closest('label'))?.textContent : el.textContent) ?? '';
        return { what: `${el.tagName} ${name.trim().slice(0, 24)}`, style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor };
      });
      if (!ring) continue;
      if (rings.some((r) => r.what === ring.what)) break;
      rings.push(ring);
    }
    expect(rings.length).toBeGreaterThan(12);
    const invisible = rings.filter((r) => r.style === 'none' || r.width < 2 || r.colour === geo.palette.canvas);
    expect(invisible).toEqual([]);
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForEnd(page);
  });

  it('moves the highlight for the frame on screen: a word lights up in the first frame shown after its onset', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await readUntilWords(page, SENTENCES.slice(0, 2).join(' '), 1);
    await waitForEnd(page);
    const probe = await readProbe(page);
    const interval = await page.evaluate(() => window.__aloudPlayer!.frameIntervalMs);
    const onset = (h: (typeof probe.highlights)[number]) => probe.words[h.index]!.frame;
    expect(probe.highlights.length).toBe(probe.words.length);
    // Never on screen before the word is heard...
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(onset(h));
    // ...and chosen ahead of it: the frame that shows a word is drawn before the word starts, for the
    // moment it reaches the screen, about one frame interval later (the audio clock's own jitter on
    // top), not more (a frame drawn late after a stall looks less far ahead).
    const twoFrames = Math.ceil((2 * interval * probe.stats.sampleRate) / 1000);
    for (const h of probe.highlights) expect(h.frame - h.drawnFrame).toBeLessThanOrEqual(twoFrames);
    const aheadOfOnset = probe.highlights.filter((h) => h.drawnFrame < onset(h)).length;
    expect(aheadOfOnset / probe.highlights.length).toBeGreaterThan(0.25);
  });

  /** Scroll positions of the reading view while it follows the spoken word, until it has moved `jumps` times. */
  async function followScrolls(page: Page, reducedMotion: 'reduce' | 'no-preference'): Promise<{ viewHeight: number; steps: number[] }> {
    await page.emulateMedia({ reducedMotion });
    // Large text in a short view, so the spoken word leaves the view within a few seconds.
    await page.evaluate(() => localStorage.setItem('aloud.reader.appearance', JSON.stringify({ textSize: 40 })));
    await page.reload();
    await page.evaluate(() => {
      const view = document.querySelector<HTMLElement>('.reading')!;
      const w = window as unknown as { __scrolls: number[] };
      w.__scrolls = [];
      view.addEventListener('scroll', () => w.__scrolls.push(view.scrollTop));
    });
    await readUntilWords(page, TEXT, 1);
    await page.waitForFunction(() => (window as unknown as { __scrolls: number[] }).__scrolls.length > 0, null, { polling: 50 });
    // Let a smooth scroll, if any, run its course: until the view has stood still for a second.
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __scrolls: number[]; __scrollsSeen?: number; __stillSince?: number };
        if (w.__scrolls.length !== w.__scrollsSeen) {
          w.__scrollsSeen = w.__scrolls.length;
          w.__stillSince = performance.now();
        }
        return performance.now() - w.__stillSince! > 1000;
      },
      null,
      { polling: 50 },
    );
    const result = await page.evaluate(() => {
      const view = document.querySelector<HTMLElement>('.reading')!;
      const tops = (window as unknown as { __scrolls: number[] }).__scrolls;
      return { viewHeight: view.clientHeight, steps: tops.map((t, i) => Math.abs(t - (tops[i - 1] ?? 0))) };
    });
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForEnd(page);
    return result;
  }

  it('reduced motion: the view follows the spoken word in whole jumps; without it, in smooth steps', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    const reduced = await followScrolls(page, 'reduce');
    // Each scroll the page went through moved the view by a large part of its height at once.
    expect(Math.min(...reduced.steps)).toBeGreaterThan(reduced.viewHeight * 0.2);
    // The same reading without the preference scrolls smoothly: through small steps on the way.
    const smooth = await followScrolls(page, 'no-preference');
    expect(Math.min(...smooth.steps)).toBeLessThan(smooth.viewHeight * 0.2);
  });
});
