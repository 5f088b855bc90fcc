// The Library and Settings views end to end: the built renderer in Chromium, the whole core behind
// it (createAloudCore: reading service, library on disk, settings file), the built-in voice and an
// Inworld fake. A reading is saved, then played again from the Library with the voice switched off;
// search finds it; a provider is added and tested; axe checks both views in light and dark.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { startInworldFake, type InworldFake } from '../fakes/inworld-server';
import { testSpeech, type TestSpeech } from '../fakes/test-speech';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, transitionsDone, waitForEnd, type ProbeSnapshot, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const TEXT = 'Libraries keep what we read. Listening again costs nothing, even offline, and the words light up as before.';
const KEY = 'iw-e2e-SECRET-4d2b';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('the Library and Settings views in Chromium', () => {
  let harness: Harness;
  let core: AppCore;
  let speech: TestSpeech;
  let inworld: InworldFake;
  let reader: Reader;
  let live: ProbeSnapshot;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    speech = testSpeech();
    inworld = await startInworldFake({ speech, apiKey: KEY });
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
    await inworld?.close();
    await speech?.close();
  });

  const tab = (page: Page, name: string) => page.getByRole('tab', { name });
  /** The view's panel is shown and its colours have stopped changing (axe reads them). */
  const shown = async (page: Page, name: string) => {
    await page.getByRole('tabpanel', { name }).waitFor();
    await transitionsDone(page);
  };

  it('saves a live reading and plays it again from the Library, offline, highlighting the same words at the same times', async () => {
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    live = await readProbe(page);
    expect(live.phase).toBe('finished');
    expect(live.highlights.length).toBeGreaterThan(10);
    await core.app.recorder!.idle();

    // From here on the voice can neither list voices nor speak: only the library can play.
    core.voiceOn = false;
    await tab(page, 'Library').click();
    const row = page.getByRole('listitem').filter({ hasText: 'Libraries keep what we read.' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Play' }).click();
    // Play shows the reader, where the saved reading plays and is highlighted.
    await expect.poll(() => tab(page, 'Reader').getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction((id) => window.__aloudPlayer?.readingId !== id, live.readingId);
    await waitForEnd(page);
    const replay = await readProbe(page);
    const figures = JSON.stringify(replay.stats);
    expect(replay.phase, figures).toBe('finished');
    expect(replay.stats.underruns, figures).toBe(0);

    // The same words at the same times (to the frame) ...
    expect(replay.words.map((w) => [w.text, w.charStart, w.charEnd])).toEqual(live.words.map((w) => [w.text, w.charStart, w.charEnd]));
    replay.words.forEach((w, i) => expect(Math.abs(w.frame - live.words[i]!.frame), `word ${i} '${w.text}'`).toBeLessThanOrEqual(1));
    // ... highlighted in the same order, each once its audio was heard.
    expect(replay.highlights.map((h) => h.charStart)).toEqual(live.highlights.map((h) => h.charStart));
    for (const h of replay.highlights) expect(h.frame).toBeGreaterThanOrEqual(replay.words[h.index]!.frame);
    expect(replay.stats.framesPlayed).toBeGreaterThan(0);
    expect(Math.abs(replay.stats.framesQueued - live.stats.framesQueued)).toBeLessThanOrEqual(1);
    // Nothing new was saved: the replay came from the library.
    expect(core.store.count()).toBe(1);
    expect(reader.problems).toEqual([]);
    core.voiceOn = true;
  });

  it('finds the reading by search, with the match marked in its snippet', async () => {
    const { page } = reader;
    await tab(page, 'Library').click();
    await page.getByLabel('Search the library').fill('offline');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'matches' }).textContent()).toContain('1 reading matches “offline”');
    await expect.poll(() => page.locator('.library-row mark').allTextContents()).toEqual(['offline']);
    await page.getByLabel('Search the library').fill('xylophone');
    await expect.poll(() => page.locator('.library-row').count()).toBe(0);
    await page.getByLabel('Search the library').fill('');
    await expect.poll(() => page.locator('.library-row').count()).toBe(1);
  });

  it('adds a provider pointed at the Inworld fake: the connection test passes with the key and fails with a bad one in one sentence', async () => {
    const { page } = reader;
    await tab(page, 'Settings').click();
    const addForm = page.getByRole('form', { name: 'Add a provider' });
    await addForm.getByLabel('Provider', { exact: true }).selectOption('inworld');
    await addForm.getByLabel('Server address').fill(inworld.url);
    await addForm.getByLabel('API key', { exact: true }).fill('not-the-key');
    await addForm.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => addForm.locator('.test-result').textContent()).toBe('Inworld refused the API key.');

    await addForm.getByLabel('API key', { exact: true }).fill(KEY);
    await addForm.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(async () => (await addForm.locator('.test-result').textContent())?.trim()).toBe('Connected: 4 voices.');
    await addForm.getByRole('button', { name: 'Add provider' }).click();
    // The key is tested as it is saved: the provider is marked as working.
    const entry = page.locator('li.provider', { hasText: 'Inworld ·' });
    await expect.poll(() => entry.locator('.provider-meta').textContent()).toContain('Key works');
    await entry.getByRole('button', { name: 'Test connection to Inworld' }).click();
    await expect.poll(async () => (await entry.locator('.test-result').textContent())?.trim()).toBe('Connected: 4 voices.');
    // A wrong key saved (on Enter: settings have no Save buttons) is tried at once, and the provider is
    // marked, with why, until it works again.
    await entry.getByLabel('Replace the API key').fill('not-the-key');
    await entry.getByLabel('Replace the API key').press('Enter');
    await expect.poll(() => entry.locator('.provider-meta').textContent()).toContain('Not working');
    expect((await entry.locator('.test-result').textContent())?.trim()).toBe('Inworld refused the API key.');
    await entry.getByLabel('Replace the API key').fill(KEY);
    await entry.getByLabel('Replace the API key').press('Enter');
    await expect.poll(() => entry.locator('.provider-meta').textContent()).toContain('Key works');
    // The provider's cached voices are offered as reading voices.
    await expect.poll(() => page.locator('#voice optgroup[label="Inworld"] option').allTextContents()).toContain('Dennis (en-US)');
    // The key went to main once; the page never received it back.
    const fromMain = JSON.stringify(harness.events.filter((e) => e.channel !== 'reading:chunk'));
    expect(fromMain).not.toContain(KEY);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('iw-e2e-SECRET');
  });

  it('has no accessibility violations (axe, WCAG A/AA) in the Library and Settings views, light, dark and high-contrast', async () => {
    const { page } = reader;
    mkdirSync('test-results', { recursive: true });
    const violations: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const view of ['Library', 'Settings'] as const) {
        await tab(page, view).click();
        await shown(page, view);
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        violations.push(...results.violations.map((v) => `${view} ${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
        await page.screenshot({ path: `test-results/${view.toLowerCase()}-${colorScheme}.png` });
      }
    }
    // The high-contrast colours (the reader's theme setting sets data-scheme, renderer/src/reader/appearance.ts) over both views.
    await page.evaluate(() => void (document.documentElement.dataset.scheme = 'high-contrast'));
    for (const view of ['Library', 'Settings'] as const) {
      await tab(page, view).click();
      await shown(page, view);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      violations.push(...results.violations.map((v) => `${view} high-contrast: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      await page.screenshot({ path: `test-results/${view.toLowerCase()}-high-contrast.png` });
    }
    await page.evaluate(() => void delete document.documentElement.dataset.scheme);
    // Forced colours (Windows High Contrast): the system palette replaces every theme's colours. axe's
    // contrast check is off there: it reads the text colour from -webkit-text-fill-color, which forced
    // colours leave as the author set it (dequelabs/axe-core#3978).
    await page.emulateMedia({ forcedColors: 'active' });
    for (const view of ['Library', 'Settings'] as const) {
      await tab(page, view).click();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).disableRules(['color-contrast']).analyze();
      violations.push(...results.violations.map((v) => `${view} forced colours: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    }
    await page.emulateMedia({ forcedColors: 'none' });
    expect(violations).toEqual([]);
  });

  it('pins, exports and deletes a reading from the list; delete asks first', async () => {
    const { page } = reader;
    await tab(page, 'Library').click();
    const row = page.getByRole('listitem').filter({ hasText: 'Libraries keep what we read.' });
    const id = core.store.list()[0]!.id;
    await row.getByRole('button', { name: 'Pin' }).click();
    await expect.poll(() => row.getByRole('button', { name: 'Pin' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => core.store.get(id)?.pinned).toBe(true);

    await row.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export reading' });
    await dialog.getByLabel('Text').check();
    await dialog.getByRole('button', { name: 'Choose folder and export' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Exported' }).textContent()).toContain(`Exported 3 files to ${core.exportFolder}.`);
    expect(readdirSync(core.exportFolder!).map((f) => f.split('.').pop()).sort()).toEqual(['opus', 'srt', 'txt']);

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Keep' }).click();
    expect(core.store.count()).toBe(1);
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'deleted' }).textContent()).toBe('Reading deleted.');
    await expect.poll(() => core.store.count()).toBe(0);
  });

  it('moves between views by keyboard: arrow keys, Home and End on the tab list', async () => {
    const { page } = reader;
    await tab(page, 'Reader').click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Library');
    await expect.poll(() => tab(page, 'Library').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('#panel-library').isVisible()).toBe(true);
    await page.keyboard.press('End');
    await expect.poll(() => tab(page, 'Settings').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tab(page, 'Reader').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('#panel-settings').isVisible()).toBe(false);
  });

  it('renders only the rows in view of a long library, and pages in more as it scrolls', async () => {
    const t0 = Date.now() - 3_000_000;
    core.store.db.transaction(() => {
      for (let i = 0; i < 1500; i++) {
        const rid = core.store.beginReading({ id: `bulk-${i}`, text: `Bulk reading ${i}: a sentence to fill the list.`, provider: 'builtin', voice: 'en-us', synthRate: 1, createdAt: t0 + i * 1000 });
        core.store.setStatus(rid, 'complete');
      }
    })();
    const { page } = reader;
    await tab(page, 'Library').click();
    await expect.poll(() => page.locator('.library-row').first().getAttribute('aria-setsize')).toBe('100');
    const rendered = await page.locator('.library-row').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(25);
    expect(await page.locator('.library-row').first().textContent()).toContain('Bulk reading 1499');
    // Scrolling to the end of the first page brings the next one; still only a window of rows.
    await page.locator('.library-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page.locator('.library-row').first().getAttribute('aria-setsize')).toBe('200');
    expect(await page.locator('.library-row').count()).toBeLessThan(25);
    await page.getByLabel('Search the library').fill('sentence');
    await expect.poll(() => page.locator('.library-row mark').count()).toBeGreaterThan(3);
    // A new search starts at the top of its results.
    await expect.poll(() => page.locator('.library-list').evaluate((el) => el.scrollTop)).toBe(0);
    expect(await page.locator('.library-row').first().textContent()).toContain('Bulk reading 1499');
    await page.screenshot({ path: 'test-results/library-long-dark.png' });
  });
});
