// Natural voices from Settings, as a person installs one: the built renderer in Chromium, the whole
// core behind it (createAppCore) and a fake Piper voices repository (with Kokoro's beside it) on
// localhost. The catalogue address is set in Settings, the catalogue found, a voice installed with its
// progress shown, made the reading voice, heard in the reader with its words lit, then removed; Kokoro,
// suggested for English, installed and read with the same way; an unreachable catalogue says so in words. Screenshots go to test-results/natural-voices/.
import { existsSync, mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Chunk } from '../../shared/chunk';
import { startFakeCatalogue, type FakeCatalogue } from '../fakes/piper-catalogue-server';
import { TINY_DUO_VOICE, TINY_VOICE } from '../support/tiny-piper';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('natural voices in Settings, in Chromium', () => {
  let harness: Harness;
  let core: AppCore;
  let catalogue: FakeCatalogue;
  let reader: Reader;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    catalogue = await startFakeCatalogue([TINY_VOICE, TINY_DUO_VOICE]);
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit);
        return core;
      },
    });
    reader = await openReader(harness, { firstRun: true });
    mkdirSync('test-results/natural-voices', { recursive: true });
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
    await catalogue?.close();
  });

  const tab = (page: Page, name: string) => page.getByRole('tab', { name });
  const find = (page: Page) => page.getByRole('button', { name: 'Find voices to install' });
  const installable = (page: Page) => page.getByRole('list', { name: 'Natural voices you can install' });
  /**
   * Saves the Piper voices address (on Enter: settings have no Save buttons). Saving puts the catalogue
   * away (it is found again from the new address): this returns once the save went through, its Find
   * button back.
   */
  const setAddress = async (page: Page, url: string) => {
    const details = page.locator('details.catalogue-address');
    if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator('summary').click();
    await details.getByLabel('Piper voices', { exact: true }).fill(url);
    await details.getByLabel('Piper voices', { exact: true }).press('Enter');
    await find(page).waitFor();
  };

  it('offers natural voices in the first-run guide’s voice step, and its button opens Settings on the catalogue', async () => {
    const { page } = reader;
    await core.invoke('settings:set', { voiceCatalogueUrl: catalogue.baseUrl, kokoroSourceUrl: catalogue.kokoroSource });
    const guide = page.getByRole('region', { name: /^Step \d of 3/ });
    await guide.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => guide.getByRole('heading').innerText()).toBe('Step 2 of 3: Pick a voice by ear');
    // Nothing was fetched for the suggestion itself.
    expect(catalogue.requests).toEqual([]);
    await guide.getByRole('button', { name: 'Find natural voices' }).click();
    await expect.poll(() => tab(page, 'Settings').getAttribute('aria-selected')).toBe('true');
    // Two Piper voices and Kokoro's two variants.
    await expect.poll(() => installable(page).getByRole('listitem').count()).toBe(4);
  });

  it('finds the catalogue at the address set, installs a voice with its progress shown, and reads with it', async () => {
    const { page } = reader;
    await tab(page, 'Settings').click();
    await expect.poll(() => page.getByText('No natural voice installed yet.', { exact: false }).count()).toBe(1);
    await setAddress(page, catalogue.baseUrl);
    await find(page).click();
    const available = installable(page);
    await expect.poll(() => available.getByRole('listitem').count()).toBe(4);
    expect(await available.innerText()).toContain('English (United States)');
    expect(await page.getByText(`From ${catalogue.baseUrl} and ${catalogue.kokoroSource}.`).count()).toBe(1);
    // Kokoro, the best small English model, is the one suggested to an English speaker; its repository has no samples.
    const kokoroRow = available.getByRole('listitem').filter({ hasText: 'Kokoro · compact' });
    expect(await kokoroRow.innerText()).toMatch(/Kokoro · compact\s*Suggested[\s\S]*English, French · 2 voices/);
    expect(await kokoroRow.getByRole('button', { name: /^Listen/ }).count()).toBe(0);

    // Heard before it is installed: the repository's recorded sample, played whole; nothing is installed.
    const tinyRow = available.getByRole('listitem').filter({ hasText: 'Tiny (low)' }).first();
    await available.getByRole('button', { name: 'Listen to a sample of Tiny (low)' }).click();
    await expect.poll(() => tinyRow.getAttribute('data-sample')).toBe('playing');
    await expect.poll(() => tinyRow.getAttribute('data-sample')).toBe(null);
    expect(catalogue.requests.map((r) => r.path)).toContain('en/en_US/tiny/low/samples/speaker_0.mp3');
    expect(catalogue.requests.some((r) => r.path.endsWith('.onnx'))).toBe(false);
    expect(await page.locator('.notice-error').count()).toBe(0);

    // A slow download, so its progress can be seen.
    catalogue.faults.chunkDelayMs = 400;
    await available.getByRole('button', { name: /^Install Tiny \(low\)/ }).click();
    const bar = page.getByRole('progressbar', { name: 'Downloading Tiny (low)' });
    await bar.waitFor();
    await page.screenshot({ path: 'test-results/natural-voices/installing-760.png', fullPage: true });
    const installedList = page.getByRole('list', { name: 'Installed natural voices' });
    await installedList.waitFor();
    catalogue.faults.chunkDelayMs = 0;
    expect(await installedList.innerText()).toContain('Tiny (low)');
    expect(await page.getByText(/^Installed voices take \d+ KB in /).count()).toBe(1);
    expect(await available.getByText('Installed', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('status').first().innerText()).toMatch(/Tiny \(low\) installed\./);

    // Made the reading voice from its row; the Voice list offers it among the natural voices.
    await installedList.getByRole('button', { name: 'Read with Tiny (low)' }).click();
    await expect.poll(async () => (await core.invoke('settings:get', {}) as { voice: string }).voice).toBe(`piper/${TINY_VOICE}`);
    await expect.poll(() => page.locator('#voice optgroup[label="Piper (natural, offline)"] option').allInnerTexts()).toEqual(['Tiny (low)']);

    const results = await new AxeBuilder({ page }).include('.settings').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    for (const width of [360, 760, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.locator('#natural-heading').evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: `test-results/natural-voices/settings-${width}.png`, fullPage: true });
      // Nothing in the card is wider than the card: no line cut off at its edge.
      const overflowing = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('section[aria-labelledby="natural-heading"] *')]
          .filter((el) => el.getClientRects().length > 0)
          .filter((el) => el.getBoundingClientRect().right > document.querySelector('section[aria-labelledby="natural-heading"]')!.getBoundingClientRect().right + 1)
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(overflowing, `at ${width} px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    }
    await page.setViewportSize({ width: 760, height: 560 });

    // The reader reads with it: audio at the voice's own rate, every word lit.
    await tab(page, 'Reader').click();
    const text = 'A natural voice reads this, offline.';
    await page.getByLabel('Text to read').fill(text);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(probe.phase).toBe('finished');
    const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === probe.readingId);
    expect(new Set(chunks.map((c) => (c.audio.kind === 'pcm' ? c.audio.sampleRate : 0)))).toEqual(new Set([16000]));
    expect(probe.highlights.map((h) => h.text)).toEqual(['A', 'natural', 'voice', 'reads', 'this', 'offline']);

    // Removed from its row: gone from disk and from the list.
    await tab(page, 'Settings').click();
    await installedList.getByRole('button', { name: 'Remove Tiny (low)' }).click();
    await expect.poll(() => page.getByText('No natural voice installed yet.', { exact: false }).count()).toBe(1);
    expect(((await core.invoke('natural-voices:installed', {})) as { voices: unknown[] }).voices).toEqual([]);
  });

  it('installs Kokoro from Settings and reads with it in the reader: audio at 24 kHz, every word lit', async () => {
    const { page } = reader;
    await tab(page, 'Settings').click();
    // The catalogue found in the last test is still shown; found again if it is not.
    await find(page).or(installable(page)).first().waitFor();
    if (await find(page).isVisible()) await find(page).click();
    await installable(page).getByRole('button', { name: /^Install Kokoro · compact/ }).click();
    const installedList = page.getByRole('list', { name: 'Installed natural voices' });
    await expect.poll(() => installedList.innerText()).toContain('Kokoro · compact');
    expect(await installedList.innerText()).toContain('2 voices, chosen in the reader');
    await installedList.getByRole('button', { name: 'Read with Kokoro · compact' }).click();
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { voice: string }).voice).toBe('kokoro/af_heart');
    await expect.poll(() => page.locator('#voice optgroup[label="Kokoro (natural, offline)"] option').allInnerTexts()).toEqual(['Heart (en-US)', 'Siwis (fr-FR)']);
    await page.locator('#natural-heading').evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: 'test-results/natural-voices/kokoro-installed-760.png', fullPage: true });

    await tab(page, 'Reader').click();
    await page.getByLabel('Text to read').fill('Kokoro reads this aloud, offline.');
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(probe.phase).toBe('finished');
    const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === probe.readingId);
    expect(new Set(chunks.map((c) => (c.audio.kind === 'pcm' ? c.audio.sampleRate : 0)))).toEqual(new Set([24000]));
    expect(probe.highlights.map((h) => h.text)).toEqual(['Kokoro', 'reads', 'this', 'aloud', 'offline']);
  });

  it('says in words when the catalogue cannot be reached', async () => {
    const { page } = reader;
    await tab(page, 'Settings').click();
    await setAddress(page, 'http://127.0.0.1:9/piper-voices');
    // Saving a new address puts the catalogue away: it is found again from the new one.
    await find(page).click();
    // Kokoro's repository still answers: its packs are listed, with a sentence on what is missing.
    const sentence = 'Could not reach the voice catalogue at http://127.0.0.1:9/piper-voices/voices.json: check the network connection, or check the catalogue address in Settings.';
    await expect.poll(() => page.getByText(sentence, { exact: true }).count()).toBe(1);
    expect(await installable(page).getByRole('listitem').count()).toBe(2);
    // Neither answering: the sentence is the error.
    await core.invoke('settings:set', { kokoroSourceUrl: 'http://127.0.0.1:9/onnx-community/Kokoro' });
    await setAddress(page, 'http://127.0.0.1:9/piper-voices');
    await find(page).click();
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toContain(sentence);
  });

  it("installs the natural voice suggested for the person's language in one click from the first-run guide, and makes it the reading voice", async () => {
    for (const key of ['kokoro-82m-q8', TINY_VOICE, TINY_DUO_VOICE]) await core.invoke('natural-voices:remove', { key });
    await core.invoke('settings:set', { voice: 'builtin/en-us', voiceCatalogueUrl: catalogue.baseUrl, kokoroSourceUrl: catalogue.kokoroSource });
    const fresh = await openReader(harness, { firstRun: true });
    try {
      const { page } = fresh;
      const guide = page.getByRole('region', { name: /^Step \d of 3/ });
      await guide.getByRole('button', { name: 'Next', exact: true }).click();
      // Said once the guide has found no natural voice installed (an answer from main).
      await expect.poll(() => guide.innerText()).toContain('one for English is a download of about 115 MB');
      catalogue.requests.length = 0;
      catalogue.faults.chunkDelayMs = 100;
      await guide.getByRole('button', { name: 'Install a natural voice' }).click();
      await guide.getByRole('progressbar', { name: 'Downloading Kokoro · compact' }).waitFor();
      await page.screenshot({ path: 'test-results/natural-voices/guide-installing-900.png' });
      catalogue.faults.chunkDelayMs = 0;
      await expect.poll(() => guide.getByRole('status').allInnerTexts()).toEqual(['Kokoro · compact is installed and reads from now on.']);
      await expect.poll(async () => ((await core.invoke('settings:get', {})) as { voice: string }).voice).toBe('kokoro/af_heart');
      // What was downloaded is Kokoro's pack and nothing else.
      expect(catalogue.requests.filter((r) => r.path.startsWith('kokoro:')).map((r) => r.path).sort()).toEqual(
        ['kokoro:onnx/model_quantized.onnx', 'kokoro:tokenizer.json', 'kokoro:voices/af_heart.bin', 'kokoro:voices/ff_siwis.bin'],
      );
      expect(await guide.getByRole('button', { name: 'Install a natural voice' }).count()).toBe(0);
      expect(fresh.problems).toEqual([]);
    } finally {
      catalogue.faults.chunkDelayMs = 0;
      await fresh.close();
    }
  });
});
