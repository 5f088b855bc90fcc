// The reader as a person reading needs it, at any size (issue 25): the built renderer in Chromium over
// the whole core, at 320, 760 and 1280 px wide and at 200% and 400% zoom (a 760x560 window at 200% is a
// 380x280 CSS px page at twice the pixel density; a 1280x800 window at 400%, 320x200 at four times:
// WCAG 1.4.10's reflow case), light and dark. While reading: the highlighted word lies inside the part
// of the text pane the window shows, and the pane takes most of the window; every reader control can
// be reached (scrolled to, it is the element under its own centre) and no two overlap; the controls
// keep their boxes between Pause, Resume and Play; the composer folds to one line; axe (WCAG A/AA and
// best practices) finds nothing. Screenshots go to test-results/reader-any-size/.
import { existsSync, mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, transitionsDone, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';
import { AXE_TAGS, SIZES, type Size } from './window-sizes';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
const SHOTS = 'test-results/reader-any-size';
/** The reader's controls: its player bar and its composer. */
const CONTROLS = '.controls button, .controls input, .controls select, .composer button, .composer textarea';

// Long enough to overflow the pane at every size, so keeping the word in view is tested.
const TEXT = Array.from(
  { length: 6 },
  (_, i) =>
    `Paragraph ${i + 1}. Reading aloud is an old habit. Before silent reading became common, most people read by speaking the words, even when alone; a listener could follow the page by ear and the reader by eye. The spoken word is marked as it goes.`,
).join('\n\n');

async function setSize(page: Page, size: Size): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  // The pixel density too (after Playwright's own metrics): a zoomed window draws each CSS pixel with more device pixels.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: size.width, height: size.height, deviceScaleFactor: size.scale, mobile: false });
  await cdp.detach();
}

/** Scrolls the page (the reader's panel and anything around it that scrolls) back to its top. */
async function toTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const e of [document.scrollingElement, document.querySelector('.panel'), document.querySelector('.reader')]) e?.scrollTo({ top: 0, behavior: 'instant' });
  });
}

/** Where the highlighted word is against the pane and the window, or null while nothing is highlighted. */
function wordPlace(page: Page) {
  return page.evaluate(() => {
    const range = [...(CSS.highlights.get('aloud-word') ?? [])][0] as Range | undefined;
    const pane = document.querySelector('.reading');
    if (!range || !pane) return null;
    const w = range.getBoundingClientRect();
    const p = pane.getBoundingClientRect();
    const top = Math.max(p.top, 0);
    const bottom = Math.min(p.bottom, innerHeight);
    return {
      word: range.toString(),
      inside: w.height > 0 && w.top >= top - 1 && w.bottom <= bottom + 1 && w.left >= Math.max(p.left, 0) - 1 && w.right <= Math.min(p.right, innerWidth) + 1,
      /** The share of the window's height the pane shows. */
      paneShare: Math.max(0, bottom - top) / innerHeight,
    };
  });
}

/** Every control of the reader's player bar and composer, by its name, with its box (in the window, the page scrolled to its top). */
async function controlBoxes(page: Page, fromTop: boolean) {
  if (fromTop) await toTop(page);
  return page.evaluate((CONTROLS) => {
    const els = [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLTextAreaElement>(CONTROLS)];
    return els
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        const name = e.getAttribute('aria-label') ?? (e.labels?.[0]?.textContent || e.textContent || '').trim();
        return { name, x: r.left, y: r.top, width: r.width, height: r.height };
      });
  }, CONTROLS);
}

/** Controls that cannot be reached (scrolled into view, something else lies on their centre) or that overlap another. */
async function unreachable(page: Page): Promise<string[]> {
  return page.evaluate((CONTROLS) => {
    const problems: string[] = [];
    const els = [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLTextAreaElement>(CONTROLS)].filter((e) => e.getClientRects().length > 0);
    const name = (e: HTMLButtonElement | HTMLInputElement | HTMLTextAreaElement) => e.getAttribute('aria-label') ?? (e.labels?.[0]?.textContent || e.textContent || '').trim();
    for (const e of els) {
      e.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
      const r = e.getBoundingClientRect();
      if (r.width < 24 || r.height < 24) problems.push(`${name(e)} is ${Math.round(r.width)}x${Math.round(r.height)} px, under 24x24`);
      if (r.left < -0.5 || r.right > innerWidth + 0.5 || r.top < -0.5 || r.bottom > innerHeight + 0.5) problems.push(`${name(e)} does not fit in the window when scrolled to`);
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || (hit !== e && !e.contains(hit) && !(e.labels && [...e.labels].some((l) => l.contains(hit))))) problems.push(`${name(e)} is covered by ${hit?.tagName ?? 'nothing'}.${hit?.className ?? ''}`);
    }
    const boxes = els.map((e) => ({ e, r: e.getBoundingClientRect() }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0.5 && h > 0.5) problems.push(`${name(boxes[i]!.e)} overlaps ${name(boxes[j]!.e)}`);
      }
    }
    return problems;
  }, CONTROLS);
}

describe.skipIf(chromiumMissing && !inCI)('the reader at any size', () => {
  let harness: Harness;
  let core: AppCore;
  let reader: Reader;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit);
        return core;
      },
    });
    reader = await openReader(harness);
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const read = async (page: Page, text: string) => {
    await page.getByLabel('Text to read').fill(text);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
  };
  const stop = async (page: Page) => {
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.waitForFunction(() => ['stopped', 'finished'].includes(window.__aloudPlayer?.phase ?? ''));
  };

  it.each(SIZES)('at $name: after Read the spoken word is in the visible pane, which fills the window; controls are reachable, apart, and still between Pause and Resume', async (size) => {
    const { page } = reader;
    await setSize(page, size);
    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await toTop(page);
      await read(page, TEXT);
      // Well into the reading, and again later, the word the voice speaks is where the eye is.
      for (const words of [3, 40]) {
        await page.waitForFunction((n) => (window.__aloudPlayer?.highlights.length ?? 0) >= n, words, { polling: 50 });
        await expect.poll(async () => (await wordPlace(page))?.inside, { message: `${size.name} ${scheme}: the word after ${words} words` }).toBe(true);
      }
      const place = (await wordPlace(page))!;
      console.log(`${size.name} ${scheme}: the pane shows ${Math.round(place.paneShare * 100)}% of the window's height`);
      // The text takes the free height: most of a window, all but a bar's worth of a zoomed one.
      expect(place.paneShare, `${size.name} ${scheme}: the share of the window the pane shows`).toBeGreaterThanOrEqual(0.5);
      // The composer folds to one line while a text is read.
      const composer = await page.getByLabel('Text to read').boundingBox();
      expect(composer!.height, `${size.name} ${scheme}: the composer's height`).toBeLessThanOrEqual(56);
      await page.screenshot({ path: `${SHOTS}/reader-${size.name}-${scheme}-reading.png` });

      // The controls do not move between Pause and Resume (the page held still: scrolled to the top).
      const before = await controlBoxes(page, true);
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByRole('button', { name: 'Resume' }).waitFor();
      const paused = await controlBoxes(page, true);
      expect(paused.map((b) => ({ ...b, name: b.name.replace('Resume', 'Pause') })), `${size.name} ${scheme}: Pause -> Resume`).toEqual(before);
      for (const p of await unreachable(page)) problems.push(`${size.name} ${scheme}: ${p}`);
      // What a person sees scrolled to the player: the bar and the composer.
      await page.locator('.composer').evaluate((e) => e.scrollIntoView({ block: 'end', behavior: 'instant' }));
      await page.screenshot({ path: `${SHOTS}/reader-${size.name}-${scheme}-paused-controls.png` });
      await stop(page);
      // Play (after the end) in the same place and size as Pause.
      await page.getByRole('button', { name: 'Play' }).waitFor();
      const ended = await controlBoxes(page, true);
      expect(ended.map((b) => ({ ...b, name: b.name.replace('Play', 'Pause') })), `${size.name} ${scheme}: Pause -> Play`).toEqual(before);
    }
    expect(problems).toEqual([]);
  });

  it('axe (WCAG A/AA and best practices) finds nothing in the reader, reading and paused, at 320 px and at 400% zoom', async () => {
    const { page } = reader;
    const violations: string[] = [];
    for (const size of [SIZES[0], SIZES[4], SIZES[2]]) {
      await setSize(page, size);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await read(page, TEXT);
        await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 3, null, { polling: 50 });
        await page.getByRole('button', { name: 'Pause' }).click();
        await page.getByRole('button', { name: 'Resume' }).waitFor();
        await transitionsDone(page);
        // The whole page: the app's tabs and the reader in its main landmark.
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        violations.push(...results.violations.map((v) => `${size.name} ${scheme}: ${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 80)}`).join(', ')}`));
        await stop(page);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(violations).toEqual([]);
  });
});
