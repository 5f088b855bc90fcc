// Every view fits the window: the built renderer in Chromium over the whole core, at 360, 760 and 1280
// px wide and at 200% zoom (a 760 px window: 380 CSS px at twice the pixel density), in the light,
// dark and high-contrast themes, idle and mid-reading. Nothing scrolls sideways (the page and every
// panel: scrollWidth <= clientWidth), every control lies inside the window's width and none is cut off
// below by a box that does not scroll; axe finds
// nothing at the narrowest width. A 200 KB line with no spaces is read without widening the page and
// the reading stays scrollable. Screenshots go to test-results/layout/.
import { existsSync, mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { createAppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

const SIZES = [
  { name: '360', width: 360, height: 740, scale: 1 },
  { name: '760', width: 760, height: 560, scale: 1 },
  { name: '1280', width: 1280, height: 800, scale: 1 },
  { name: '760-at-200%', width: 380, height: 280, scale: 2 },
] as const;
const VIEWS = ['Reader', 'Library', 'Settings'] as const;
const THEMES = ['light', 'dark', 'high-contrast'] as const;

/** What does not fit: the page or a panel scrolling sideways, a control outside the window's width. */
async function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    for (const e of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      // Text for screen readers only (clipped to nothing on purpose) clips nothing a person sees.
      if (style.clipPath === 'inset(50%)') continue;
      // A name cut short with an ellipsis is whole in its control's title (the Voice button).
      if (style.textOverflow === 'ellipsis' && e.closest('[title]')?.getAttribute('title') === e.textContent) continue;
      // A panel: anything that clips or scrolls its content.
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'TEXTAREA' && e.tagName !== 'INPUT') {
        problems.push(`${name(e)} scrolls or clips sideways (${e.scrollWidth} > ${e.clientWidth})`);
      }
    }
    const interactive = document.querySelectorAll<HTMLElement>('button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])');
    for (const e of interactive) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const label = `${name(e)} '${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30)}'`;
      if (r.left < -0.5 || r.right > innerWidth + 0.5) problems.push(`${label} lies outside the window (${Math.round(r.left)} to ${Math.round(r.right)} of ${innerWidth})`);
      // Below the fold is fine if scrolling gets there; not if a box that cannot scroll cuts it off.
      for (let a = e.parentElement; a; a = a.parentElement) {
        const overflowY = getComputedStyle(a).overflowY;
        if (overflowY === 'auto' || overflowY === 'scroll') break;
        if ((overflowY === 'hidden' || overflowY === 'clip') && r.bottom > a.getBoundingClientRect().bottom + 0.5) {
          problems.push(`${label} is cut off below by ${name(a)}, which does not scroll`);
          break;
        }
      }
    }
    return problems;
  });
}

describe.skipIf(chromiumMissing && !inCI)('every view fits the window', () => {
  let harness: Harness;
  let reader: Reader;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    mkdirSync('test-results/layout', { recursive: true });
    harness = await startHarness({ createCore: (emit) => createAppCore(emit) });
    reader = await openReader(harness, { firstRun: true });
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const setTheme = async (page: Page, theme: (typeof THEMES)[number]) => {
    await page.emulateMedia({ colorScheme: theme === 'dark' ? 'dark' : 'light' });
    await page.evaluate((t) => {
      if (t === 'high-contrast') document.documentElement.dataset.scheme = 'high-contrast';
      else delete document.documentElement.dataset.scheme;
    }, theme);
  };

  it('at 360, 760, 1280 px and 200% zoom, in every theme, idle and mid-reading: nothing scrolls sideways or lies outside', async () => {
    const { page } = reader;
    const problems: string[] = [];
    for (const state of ['idle', 'reading'] as const) {
      if (state === 'reading') {
        await page.setViewportSize({ width: 900, height: 700 });
        await page.getByRole('tab', { name: 'Reader' }).click();
        await page.getByLabel('Text to read').fill('A reading in progress, paused so the controls show their reading state. It has a second sentence.');
        await page.getByRole('button', { name: 'Read' }).click();
        await page.getByRole('button', { name: 'Pause' }).click();
        await page.getByRole('button', { name: 'Resume' }).waitFor();
      }
      for (const size of SIZES) {
        // The pixel density is fixed per context in Chromium: 200% zoom is emulated by halving the CSS width.
        await page.setViewportSize({ width: size.width, height: size.height });
        for (const theme of THEMES) {
          await setTheme(page, theme);
          for (const view of VIEWS) {
            await page.getByRole('tab', { name: view }).click();
            await page.getByRole('tabpanel', { name: view }).waitFor();
            for (const p of await misfits(page)) problems.push(`${view} ${size.name} ${theme} ${state}: ${p}`);
            if (theme !== 'dark') await page.screenshot({ path: `test-results/layout/${view.toLowerCase()}-${size.name}-${theme}-${state}.png`, fullPage: true });
          }
        }
      }
    }
    await setTheme(page, 'light');
    expect(problems).toEqual([]);
  });

  it('axe finds nothing at 360 px in any view', async () => {
    const { page } = reader;
    await page.setViewportSize({ width: 360, height: 740 });
    const violations: string[] = [];
    for (const view of VIEWS) {
      await page.getByRole('tab', { name: view }).click();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      violations.push(...results.violations.map((v) => `${view}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    }
    expect(violations).toEqual([]);
  });

  it('reads a 200 KB line with no spaces without widening the page, and the reading stays scrollable', async () => {
    const { page } = reader;
    await page.setViewportSize({ width: 760, height: 560 });
    await page.getByRole('tab', { name: 'Reader' }).click();
    await page.getByLabel('Text to read').fill('x'.repeat(100_000) + 'a1'.repeat(50_000));
    await page.getByRole('button', { name: 'Read' }).click();
    const reading = page.locator('.reading');
    await expect.poll(() => reading.evaluate((e) => e.scrollHeight > e.clientHeight * 2)).toBe(true);
    expect(await misfits(page)).toEqual([]);
    const scrolled = await reading.evaluate((e) => {
      e.scrollTop = e.scrollHeight / 2;
      return e.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
  });
});
