// The first-run guide in Chromium, with the whole core behind it (createAppCore): three steps above
// the empty reader. The hotkey is tried on the guide's own sentence (selected, then Ctrl+Alt+R in the
// window), a voice is picked by ear, the Library is found; finished or skipped, the guide never comes
// back. Screenshots go to test-results/first-run-guide/.
import { existsSync, mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { GUIDE_SAMPLE } from '../../renderer/src/reader/FirstRunGuide';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('the first-run guide in Chromium', () => {
  let harness: Harness;
  let core: AppCore;
  let reader: Reader;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit);
        return core;
      },
    });
    reader = await openReader(harness, { firstRun: true });
    mkdirSync('test-results/first-run-guide', { recursive: true });
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const guide = (page: Page) => page.getByRole('region', { name: /^Step \d of 3/ });
  const heading = (page: Page) => guide(page).getByRole('heading').innerText();
  const startedTexts = () => harness.events.filter((e) => e.channel === 'reading:started').map((e) => (e.payload as { text: string }).text);

  it('shows the hotkey and lets it be tried at once on its own sentence', async () => {
    const { page } = reader;
    await expect.poll(() => heading(page)).toBe('Step 1 of 3: Read anything with one key');
    expect(await guide(page).innerText()).toContain('Select text in any app and press Ctrl+Alt+R. Try it on this sentence:');
    const results = await new AxeBuilder({ page }).include('.guide').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    for (const [width, height] of [[360, 640], [760, 560], [1280, 800]] as const) {
      await page.setViewportSize({ width, height });
      const box = (await guide(page).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `test-results/first-run-guide/step-1-${width}.png` });
    }
    await page.setViewportSize({ width: 900, height: 700 });

    // Select the sentence as a person would, and press the hotkey.
    await page.locator('.guide-sample').evaluate((p) => window.getSelection()!.selectAllChildren(p));
    await page.keyboard.press('Control+Alt+KeyR');
    await expect.poll(startedTexts).toEqual([GUIDE_SAMPLE]);
    // Or with its button.
    await guide(page).getByRole('button', { name: 'Hear it now' }).click();
    await expect.poll(startedTexts).toEqual([GUIDE_SAMPLE, GUIDE_SAMPLE]);
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('picks a voice by ear, offering natural voices while none is installed', async () => {
    const { page } = reader;
    await guide(page).getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Step 2 of 3: Pick a voice by ear');
    // Offered once main has said no natural voice is installed.
    await expect.poll(() => guide(page).getByRole('button', { name: 'Find natural voices' }).count()).toBe(1);
    await page.screenshot({ path: 'test-results/first-run-guide/step-2-900.png' });
    await guide(page).getByRole('button', { name: 'Choose a voice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a voice' });
    await dialog.getByRole('heading', { name: /^English/ }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('shows where the library is, then is gone for good once done', async () => {
    const { page } = reader;
    await guide(page).getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Step 3 of 3: Everything you hear is kept');
    await guide(page).getByRole('button', { name: 'Open the Library' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Library' }).getAttribute('aria-selected')).toBe('true');
    // The sentence tried in step 1 is there.
    await expect.poll(() => page.locator('#panel-library').innerText()).toContain(GUIDE_SAMPLE.slice(0, 40));
    await page.getByRole('tab', { name: 'Reader' }).click();
    await guide(page).getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => heading(page)).toBe('Step 2 of 3: Pick a voice by ear');
    await guide(page).getByRole('button', { name: 'Next', exact: true }).click();
    await guide(page).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => guide(page).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('draft');
    await page.reload();
    // The guide, when it shows, comes in the same render as the text box (it reads localStorage as it
    // mounts): once the text box is there, so is the guide if it is coming.
    await page.getByLabel('Text to read').waitFor();
    expect(await guide(page).count()).toBe(0);
  });

  it('can be skipped at its first step, and is not shown again', async () => {
    const { page } = reader;
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await guide(page).getByRole('button', { name: 'Skip the guide' }).click();
    await expect.poll(() => guide(page).count()).toBe(0);
    await page.reload();
    // As above: the guide would have come with the text box.
    await page.getByLabel('Text to read').waitFor();
    expect(await guide(page).count()).toBe(0);
  });
});
