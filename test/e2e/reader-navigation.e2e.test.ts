// Navigation, the queue, keyboard-only use and accessibility of the reader, end to end: the built
// renderer in Debian's Chromium, the real core (Aloud service + built-in eSpeak NG voice) behind the
// harness. Landing checks are on what was played and highlighted: after a seek, the first chunk's
// first word and the first highlighted word must be the target word.
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Chunk } from '../../shared/chunk';
import { MINI_SIZE } from '../../electron/main/mini-size';
import { wordStarts } from '../../renderer/src/reader/reading-position';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, transitionsDone, waitForEnd, type Reader } from './chromium';
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
const startOf = (i: number) => TEXT.indexOf(SENTENCES[i]!);
const wordCount = wordStarts(TEXT).length;
const lastWordStart = wordStarts(TEXT).at(-1)!;

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('reader navigation, queue and accessibility in Chromium', () => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing.`);
    ensureRendererBuilt();
    harness = await startBuiltinVoiceHarness();
  });

  /** Readings started before this test: a test's first reading is the next one. */
  let baseStarted = 0;
  beforeEach(() => {
    baseStarted = harness.events.filter((e) => e.channel === 'reading:started').length;
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });
  afterAll(async () => {
    await harness?.close();
  });

  function firstChunkWord(readingId: string | null) {
    const chunk = harness.events.find((e) => e.channel === 'reading:chunk' && (e.payload as Chunk).readingId === readingId && (e.payload as Chunk).words.length > 0);
    return (chunk?.payload as Chunk | undefined)?.words[0];
  }

  /** Waits for main to start a reading after `previous`, then for the page to highlight its first word. */
  async function nextReadingHighlights(page: Page, previous: string | null) {
    const startedIds = () => harness.events.filter((e) => e.channel === 'reading:started').map((e) => (e.payload as { readingId: string }).readingId);
    const after = previous === null ? baseStarted - 1 : startedIds().lastIndexOf(previous);
    await expect.poll(() => startedIds().length > after + 1, { interval: 50 }).toBe(true);
    const id = startedIds()[after + 1]!;
    await page.waitForFunction((want) => {
      const p = window.__aloudPlayer;
      return !!p && p.readingId === want && p.highlights.length > 0;
    }, id, { polling: 50 });
    return readProbe(page);
  }

  async function startReading(page: Page, text: string) {
    await page.getByLabel('Text to read').fill(text);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
  }

  it('next and previous sentence land on the first word of the target sentence, heard and highlighted', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await startReading(page, TEXT);
    let probe = await nextReadingHighlights(page, null);
    // Wait until a word of the first sentence is highlighted, then skip forward.
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2);
    await page.getByRole('button', { name: 'Next sentence' }).click();
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(1));
    expect(firstChunkWord(probe.readingId)!.charStart).toBe(startOf(1));

    // Once more forward, by keyboard, then back: from the third sentence to the second.
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2);
    await page.keyboard.press('ArrowRight');
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(2));
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2);
    await page.getByRole('button', { name: 'Previous sentence' }).click();
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(1));
    expect(firstChunkWord(probe.readingId)!.charStart).toBe(startOf(1));
    // The highlight is on the text the user sees: the same text, whole, in the page.
    expect(await page.locator('.text').textContent()).toBe(TEXT);
    // Words before the target were not spoken again.
    expect(probe.highlights.every((h) => h.charStart >= startOf(1))).toBe(true);
  });

  it('a click on a word reads from that word: it is the first heard and the first highlighted', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await startReading(page, TEXT);
    const first = await nextReadingHighlights(page, null);
    const target = TEXT.indexOf('heron');
    // The middle of the word "heron" on screen.
    const point = await page.evaluate((at) => {
      const node = document.querySelector('.text')!.firstChild as Text;
      const r = new Range();
      r.setStart(node, at + 1);
      r.setEnd(node, at + 3);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }, target);
    await page.mouse.click(point.x, point.y);
    const probe = await nextReadingHighlights(page, first.readingId);
    expect(probe.highlights[0]).toMatchObject({ text: 'heron', charStart: target });
    expect(firstChunkWord(probe.readingId)).toMatchObject({ charStart: target, charEnd: target + 'heron'.length });
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('keyboard only: starts, pauses, resumes, skips a sentence and stops a reading with no mouse', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName}:${el.getAttribute('aria-label') ?? el.id ?? ''}:${el.textContent?.trim().slice(0, 20) ?? ''}` : '';
    });
    // Tab to the text box.
    for (let i = 0; i < 40 && !(await focused()).startsWith('TEXTAREA'); i++) await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^TEXTAREA/);
    await page.keyboard.type(TEXT);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^BUTTON:.*Read/);
    await page.keyboard.press('Enter');
    let probe = await nextReadingHighlights(page, null);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'paused');
    await expect.poll(() => page.locator('.reader-header').getByRole('status').textContent()).toBe('Paused.');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'reading');
    await page.keyboard.press('ArrowRight');
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(1));
    await page.keyboard.press('Escape');
    await waitForEnd(page);
    expect((await readProbe(page)).phase).toBe('stopped');
    await expect.poll(() => page.locator('.reader-header').getByRole('status').textContent()).toBe('Stopped.');
    // The shortcuts are documented in the page: "?" opens the list.
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('region', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    // Text size by keyboard, applied to the reading text.
    const size = () => page.locator('.text').evaluate((el) => getComputedStyle(el).fontSize);
    const before = parseFloat(await size());
    await page.keyboard.press('+');
    await expect.poll(async () => parseFloat(await size())).toBe(before + 2);
    await page.keyboard.press('-');
    await expect.poll(async () => parseFloat(await size())).toBe(before);
  });

  it('queues or replaces by the setting; the queue is edited and plays on after the reading', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByRole('button', { name: 'Text and queue options' }).click();
    await page.getByLabel('New text while reading').selectOption('queue');
    await startReading(page, SENTENCES[0]!);
    const first = await nextReadingHighlights(page, null);
    await startReading(page, 'Queued one.');
    await startReading(page, 'Queued two.');
    await startReading(page, 'Queued three.');
    const items = page.getByRole('region', { name: /Queue/ }).getByRole('listitem');
    await expect.poll(() => items.allTextContents()).toHaveLength(3);
    // Reorder and remove, each by its button.
    await page.getByRole('button', { name: 'Move up: Queued three.' }).click();
    await expect.poll(async () => (await items.allTextContents()).map((t) => t.slice(0, 13))).toEqual(['Queued one.Re', 'Queued three.', 'Queued two.Re']);
    await page.getByRole('button', { name: 'Remove: Queued one.' }).click();
    await expect.poll(() => items.count()).toBe(2);
    // The first reading plays to its end; then the queue's head starts.
    await page.waitForFunction((prev) => window.__aloudPlayer?.readingId !== prev, first.readingId);
    const started = harness.events.filter((e) => e.channel === 'reading:started').map((e) => (e.payload as { text: string }).text);
    expect(started.at(-1)).toBe('Queued three.');
    expect(first.phase).not.toBe('stopped');
    await expect.poll(() => items.count()).toBe(1);
    await page.getByRole('button', { name: 'Clear queue' }).click();
    await expect.poll(() => page.getByRole('region', { name: /Queue/ }).count()).toBe(0);

    // Replace: a new text stops the one reading.
    await page.getByLabel('New text while reading').selectOption('replace');
    const before = (await readProbe(page)).readingId;
    await startReading(page, TEXT);
    const long = await nextReadingHighlights(page, before);
    await startReading(page, 'Replacing text.');
    const replaced = await nextReadingHighlights(page, long.readingId);
    expect(replaced.words[0]?.text).toMatch(/Replacing/);
    await expect.poll(() => harness.events.some((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string; reason: string }).readingId === long.readingId && (e.payload as { reason: string }).reason === 'stopped')).toBe(true);
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('has no accessibility violations (axe, WCAG A/AA) in the light, dark and high-contrast themes', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await startReading(page, TEXT);
    await nextReadingHighlights(page, null);
    await page.getByRole('button', { name: 'Text and queue options' }).click();
    await page.getByLabel('New text while reading').selectOption('queue');
    await startReading(page, 'A queued text, so the queue shows.');
    await page.getByRole('button', { name: 'Pause' }).click(); // The page holds still while axe looks.
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const violations: string[] = [];
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      await page.getByLabel('Theme').selectOption(theme);
      for (const style of ['background', 'underline', 'box', 'contrast']) {
        await page.getByLabel('Word highlight').selectOption(style);
      }
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await transitionsDone(page);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      violations.push(...results.violations.map((v) => `${theme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      if (process.env.ALOUD_SCREENSHOTS) await page.screenshot({ path: `test-results/reader-theme-${theme}.png` });
    }
    // Forced colours (Windows High Contrast): the system palette over whichever theme is chosen.
    // axe's contrast check is off there: it reads the text colour from -webkit-text-fill-color, which
    // forced colours leave as the author set it (dequelabs/axe-core#3978), so it compares our theme's
    // text with the forced background. reader-display.e2e.test.ts checks the marks on the pixels.
    await page.emulateMedia({ forcedColors: 'active' });
    const forced = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).disableRules(['color-contrast']).analyze();
    violations.push(...forced.violations.map((v) => `forced colours: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    await page.emulateMedia({ forcedColors: 'none' });
    expect(violations).toEqual([]);
    // The choice persists across a reload.
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('high-contrast');
  });

  it('the mini player remote-controls the one player in the reader, and passes axe in each theme', async () => {
    reader = await openReader(harness);
    const { page, context } = reader;
    const mini = await context.newPage();
    await mini.setViewportSize(MINI_SIZE);
    await mini.addInitScript(harness.initScript);
    await mini.goto(`${harness.url}#mini`);
    // A popover that just opened shows the player's last report (player:current).
    const last = harness.events.filter((e) => e.channel === 'player:state').at(-1)?.payload as { message: string } | undefined;
    await expect.poll(() => mini.getByRole('status').textContent()).toBe(last?.message ?? 'Ready.');

    await startReading(page, TEXT);
    let probe = await nextReadingHighlights(page, null);
    await expect.poll(() => mini.getByRole('status').textContent()).toBe('Reading.');
    await expect.poll(() => mini.locator('.mini-title').textContent()).toBe(TEXT.slice(0, 120));
    // The mini player has no audio of its own: pausing it pauses the reader's player.
    expect(await mini.evaluate(() => window.__aloudPlayer)).toBeUndefined();
    await mini.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'paused');
    await expect.poll(() => mini.getByRole('status').textContent()).toBe('Paused.');
    // The reader's audio clock stands still once the worklet has the pause, and goes on after Resume.
    const framesPlayed = () => page.evaluate(() => window.__aloudPlayer!.stats().framesPlayed);
    await page.waitForFunction(() => window.__aloudPlayer!.stats().paused);
    const held = await framesPlayed();
    await page.waitForTimeout(500);
    expect(await framesPlayed()).toBe(held);
    await mini.getByRole('button', { name: 'Resume' }).click();
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'reading');
    await page.waitForFunction((f) => window.__aloudPlayer!.stats().framesPlayed > f, held);
    await expect.poll(() => mini.getByRole('status').textContent()).toBe('Reading.');
    await mini.getByRole('button', { name: 'Next sentence' }).click();
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(1));
    // Its position bar follows the reader's, and seeks it: End, let go, reads on from the last word.
    const bar = mini.getByRole('slider', { name: 'Position in the text' });
    await expect.poll(() => bar.getAttribute('aria-valuetext')).toMatch(new RegExp(`^Word \\d+ of ${wordCount}: `));
    await bar.focus();
    const startsBefore = harness.events.filter((e) => e.channel === 'reading:started').length;
    await mini.keyboard.press('End');
    // The reading of one last word is over in a moment: its first chunk's first word says where it began.
    const firstWordOfNext = () => {
      const started = harness.events.filter((e) => e.channel === 'reading:started')[startsBefore]?.payload as { readingId: string } | undefined;
      const chunk = harness.events.find((e) => e.channel === 'reading:chunk' && (e.payload as Chunk).readingId === started?.readingId && (e.payload as Chunk).words.length > 0);
      return (chunk?.payload as Chunk | undefined)?.words[0]!.charStart;
    };
    await expect.poll(firstWordOfNext).toBe(lastWordStart);
    await waitForEnd(page);
    probe = await readProbe(page);
    // Faster and Slower step the reader's one Speed, which both show.
    await mini.getByRole('button', { name: 'Faster' }).click();
    await expect.poll(() => page.getByRole('slider', { name: 'Speed' }).inputValue()).toBe('1.25');
    await expect.poll(() => mini.locator('.mini-speed-value').textContent()).toBe('1.25× speed');
    await mini.getByRole('button', { name: 'Slower' }).click();
    await expect.poll(() => mini.locator('.mini-speed-value').textContent()).toBe('1× speed');
    // Nothing in the popover is cut off or needs scrolling: every control lies inside its padding.
    expect(await mini.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const outside = await mini.evaluate(() => {
      const box = document.querySelector('.mini')!.getBoundingClientRect();
      const pad = parseFloat(getComputedStyle(document.querySelector('.mini')!).paddingRight);
      return [...document.querySelectorAll('.mini button, .mini input')].filter((el) => el.getBoundingClientRect().right > box.right - pad + 0.5 || el.getBoundingClientRect().bottom > window.innerHeight).map((el) => el.outerHTML.slice(0, 60));
    });
    expect(outside).toEqual([]);
    await startReading(page, TEXT);
    await nextReadingHighlights(page, probe.readingId);
    await mini.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => mini.getByRole('status').textContent()).toBe('Paused.');

    const violations: string[] = [];
    await page.getByRole('button', { name: 'Text and queue options' }).click();
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      await page.getByLabel('Theme').selectOption(theme);
      // The reader's choice reaches the mini player through storage.
      await expect.poll(() => mini.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await transitionsDone(mini);
      const results = await new AxeBuilder({ page: mini }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      violations.push(...results.violations.map((v) => `${theme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      if (process.env.ALOUD_SCREENSHOTS) await mini.screenshot({ path: `test-results/mini-player-${theme}.png` });
    }
    // Forced colours, contrast check off as in the reader's test above (axe-core#3978).
    await mini.emulateMedia({ forcedColors: 'active' });
    const forced = await new AxeBuilder({ page: mini }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).disableRules(['color-contrast']).analyze();
    violations.push(...forced.violations.map((v) => `forced colours: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    expect(violations).toEqual([]);
    await mini.getByRole('button', { name: 'Stop' }).click();
    await waitForEnd(page);
    expect((await readProbe(page)).phase).toBe('stopped');
    // The mini player shows the stop and offers nothing to stop.
    await expect.poll(() => mini.getByRole('status').textContent()).toBe('Stopped.');
    await expect.poll(() => mini.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
  });
});
