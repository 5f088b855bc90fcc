// Reading comfort (issue 25, item 2), in Chromium over the whole core: the reading fonts come from the
// app's own files (no request leaves 127.0.0.1, the CSP lets them load) and the text is drawn in them;
// line, letter and word spacing and the column apply to the reading text; line focus keeps the chosen
// number of lines around the spoken word bright; the mark's colour is the theme's shade for it; what is
// marked (word, sentence) changes what Chromium paints; and every choice is there again after a reload.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createAppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
const TEXT = Array.from({ length: 4 }, (_, i) => `Paragraph ${i + 1}. The quick brown fox jumps over the lazy dog, and the reader follows every word it hears. A second sentence keeps the voice going a while longer.`).join('\n\n');

describe.skipIf(chromiumMissing && !inCI)('reading comfort in Chromium', () => {
  let harness: Harness;
  let reader: Reader;
  const requests: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    harness = await startHarness({ createCore: (emit) => createAppCore(emit) });
    reader = await openReader(harness);
    reader.page.on('request', (r) => requests.push(r.url()));
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const text = (page: Page) => page.locator('.text');
  const css = (page: Page, property: string) => text(page).evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), property);

  it('draws the text in the bundled fonts, with the spacing, column and line focus chosen, and remembers them', async () => {
    const { page } = reader;
    await page.setViewportSize({ width: 900, height: 700 });
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 3, null, { polling: 50 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Text and queue options' }).click();

    for (const [font, family] of [['OpenDyslexic', 'OpenDyslexic'], ['Atkinson Hyperlegible', 'Atkinson Hyperlegible']] as const) {
      await page.getByLabel('Font').selectOption({ label: font });
      await expect.poll(() => css(page, 'font-family')).toMatch(new RegExp(`^"?${family}"?,`));
      // Loaded and used: the face is in the document's fonts, loaded from this app's own files.
      await expect.poll(() => page.evaluate((f) => document.fonts.check(`20px "${f}"`, 'Reading') && [...document.fonts].some((face) => face.family.replace(/"/g, '') === f && face.status === 'loaded'), family)).toBe(true);
    }
    const fonts = requests.filter((u) => /\.woff2?(\?|$)/.test(u));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((u) => !u.startsWith(new URL(harness.url).origin))).toEqual([]);
    expect(reader.problems.filter((p) => /Content Security Policy|font/i.test(p))).toEqual([]);

    await page.getByLabel('Line spacing').selectOption({ label: '2.5×' });
    await page.getByLabel('Letter spacing').selectOption({ label: 'Wider' });
    await page.getByLabel('Word spacing').selectOption({ label: 'Wide' });
    await page.getByLabel('Column width').selectOption({ label: 'Narrow' });
    const size = parseFloat(await css(page, 'font-size'));
    await expect.poll(async () => parseFloat(await css(page, 'line-height'))).toBeCloseTo(2.5 * size, 0);
    expect(parseFloat(await css(page, 'letter-spacing'))).toBeCloseTo(0.12 * size, 0);
    expect(parseFloat(await css(page, 'word-spacing'))).toBeCloseTo(0.16 * size, 0);
    // A narrow column: about 45 of the text's characters to a line, however wide the window.
    const column = await page.locator('.page').evaluate((e) => e.getBoundingClientRect().width);
    const ch = await text(page).evaluate((e) => {
      const probe = document.createElement('span');
      probe.textContent = '0'.repeat(45);
      probe.style.letterSpacing = '0';
      e.append(probe);
      const w = probe.getBoundingClientRect().width;
      probe.remove();
      return w;
    });
    expect(column).toBeCloseTo(ch, -1);

    // Line focus: three lines bright around the spoken word, the rest veiled.
    await page.getByLabel('Line focus').selectOption({ label: 'Three lines' });
    await page.getByRole('button', { name: 'Resume' }).click();
    const focus = page.locator('.line-focus');
    await expect.poll(() => focus.isVisible()).toBe(true);
    await expect.poll(() =>
      page.evaluate(() => {
        const word = ([...(CSS.highlights.get('aloud-word') ?? [])][0] as Range).getBoundingClientRect();
        const band = document.querySelector('.line-focus')!.getBoundingClientRect();
        const line = parseFloat(getComputedStyle(document.querySelector('.text')!).lineHeight);
        return Math.abs(band.height - 3 * line) < 1 && word.top >= band.top - 1 && word.bottom <= band.bottom + 1;
      }),
    ).toBe(true);
    await page.getByRole('button', { name: 'Pause' }).click();

    // The mark's colour: the dark scheme's own blue, as theme.css gives it.
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByLabel('Highlight colour').selectOption({ label: 'Blue' });
    await page.getByLabel('Highlight', { exact: true }).selectOption({ label: 'Word only' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--word-bg').trim())).toBe('#9cc8ff');

    // Remembered: after a reload every choice is as it was.
    await page.reload();
    await page.getByRole('button', { name: 'Text and queue options' }).click();
    const chosen = async (label: string) => page.getByLabel(label, { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent);
    expect(await chosen('Font')).toBe('Atkinson Hyperlegible');
    expect(await chosen('Line spacing')).toBe('2.5×');
    expect(await chosen('Letter spacing')).toBe('Wider');
    expect(await chosen('Word spacing')).toBe('Wide');
    expect(await chosen('Column width')).toBe('Narrow');
    expect(await chosen('Line focus')).toBe('Three lines');
    expect(await chosen('Highlight')).toBe('Word only');
    expect(await chosen('Highlight colour')).toBe('Blue');
    expect(await chosen('Theme')).toBe('Dark');
    await page.getByRole('button', { name: 'Reset display' }).click();
    expect(await chosen('Font')).toBe('Serif');
  });
});
