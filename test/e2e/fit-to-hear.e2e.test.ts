// Text made fit to hear, in Chromium with the whole core behind it (createAppCore) and the built-in
// voice: a link is heard as its site and a citation mark not at all, while the highlight stays on the
// words the reader shows (the link lit as its site is heard, the mark never). A rule switched off in
// Settings applies from the next reading on.
import { existsSync, mkdirSync } from 'node:fs';
import type { Chunk } from '../../shared/chunk';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
const TEXT = 'The guide is at https://www.github.com/aloud/app/wiki.[3] It is short, and it cost 1,250 hours.';
const URL = 'https://www.github.com/aloud/app/wiki';

describe.skipIf(chromiumMissing && !inCI)('text made fit to hear, in Chromium', () => {
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
    reader = await openReader(harness);
    mkdirSync('test-results/fit-to-hear', { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const wordsOf = (readingId: string | null) =>
    harness.events
      .filter((e) => e.channel === 'reading:chunk')
      .map((e) => e.payload as Chunk)
      .filter((c) => c.readingId === readingId)
      .flatMap((c) => c.words);

  const read = async () => {
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await waitForEnd(page);
    return readProbe(page);
  };

  it('hears a link as its site and skips the citation mark, with the highlight on the words shown', { timeout: 90_000 }, async () => {
    const probe = await read();
    const words = wordsOf(probe.readingId);
    expect(words.map((w) => w.text.toLowerCase())).toEqual(expect.arrayContaining(['link', 'github.com', '1250']));
    expect(words.some((w) => /https|wiki|\[3\]/u.test(w.text))).toBe(false);
    // Every word heard points into the text; those of the link into the link, none at the mark.
    const urlStart = TEXT.indexOf(URL);
    const mark = TEXT.indexOf('[3]');
    for (const w of words) {
      expect(w.charStart).toBeGreaterThanOrEqual(0);
      expect(w.charEnd).toBeLessThanOrEqual(TEXT.length);
      if (['link', 'github.com'].includes(w.text.toLowerCase())) {
        expect(w.charStart).toBeGreaterThanOrEqual(urlStart);
        expect(w.charEnd).toBeLessThanOrEqual(urlStart + URL.length);
      }
      expect(w.charStart >= mark && w.charStart < mark + 3).toBe(false);
    }
    // The highlight lit the words in order, and never the mark.
    expect(probe.highlights.length).toBe(words.length);
    for (const h of probe.highlights) expect(h.charStart >= mark && h.charStart < mark + 3).toBe(false);
    await reader.page.screenshot({ path: 'test-results/fit-to-hear/after-reading.png' });
  });

  it('reads links as written once the rule is switched off in Settings', { timeout: 90_000 }, async () => {
    const { page } = reader;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const rule = page.getByRole('checkbox', { name: 'Links are read as their site' });
    await rule.uncheck();
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { hearing: { links: boolean } }).hearing.links).toBe(false);
    for (const width of [360, 900]) {
      await page.setViewportSize({ width, height: 700 });
      await page.locator('section[aria-labelledby="hearing-heading"]').screenshot({ path: `test-results/fit-to-hear/settings-${width}.png` });
    }
    await page.getByRole('tab', { name: 'Reader' }).click();
    const probe = await read();
    const words = wordsOf(probe.readingId).map((w) => w.text.toLowerCase());
    expect(words).not.toContain('link');
    // The citation rule is still on.
    expect(words.some((w) => w.includes('[3]'))).toBe(false);
  });
});
