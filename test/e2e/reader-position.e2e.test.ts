// The position bar in Chromium with the built-in voice behind it: it shows which word of how many and
// the time heard and left; dragged, clicked or moved by its keys, the reading goes on from the word
// it was let go on.
import { existsSync } from 'node:fs';
import { wordStarts } from '../../renderer/src/reader/reading-position';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startBuiltinVoiceHarness } from './service-harness';

const TEXT =
  'The position bar shows where you are in the text. It moves a word at a time, and it tells the time you have heard and the time that is left. ' +
  'Drag it, click it, or use its keys, and the reading goes on from the word where you let it go. Home goes to the first word and End to the last one.';
const STARTS = wordStarts(TEXT);
const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('the position bar in Chromium', () => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    harness = await startBuiltinVoiceHarness();
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  /** The first word the reading started after `before` highlighted. */
  async function firstWordOfNextReading(before: string | null): Promise<number> {
    const page = reader!.page;
    await page.waitForFunction((id) => window.__aloudPlayer?.readingId !== id && (window.__aloudPlayer?.highlights.length ?? 0) > 0, before, { polling: 50 });
    return (await readProbe(page)).highlights[0]!.charStart;
  }

  it('tells the word and the times, and reads on from where it is let go, by keys and by mouse', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 3, null, { polling: 50 });
    const bar = page.getByRole('slider', { name: 'Position in the text' });
    await expect.poll(() => bar.getAttribute('aria-valuetext')).toMatch(new RegExp(`^Word \\d+ of ${STARTS.length}: .+ in, about .+ left$`));
    expect(await page.locator('.position-time').allInnerTexts()).toEqual([expect.stringMatching(/^\d+:\d\d$/), expect.stringMatching(/^−\d+:\d\d$/)]);

    // Keys: End, let go: the reading goes on from the last word.
    let id = (await readProbe(page)).readingId;
    await bar.focus();
    await page.keyboard.press('End');
    expect(await firstWordOfNextReading(id)).toBe(STARTS.at(-1));
    await waitForEnd(page);

    // Mouse: a click in the middle of the bar reads on from the word in the middle.
    id = (await readProbe(page)).readingId;
    const box = (await bar.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const from = await firstWordOfNextReading(id);
    const middle = STARTS.indexOf(from);
    expect(middle).toBeGreaterThan(STARTS.length * 0.4);
    expect(middle).toBeLessThan(STARTS.length * 0.6);
    await page.getByRole('button', { name: 'Stop' }).click();
    expect(reader.problems).toEqual([]);
  });
});
