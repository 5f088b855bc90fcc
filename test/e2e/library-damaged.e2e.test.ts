// A library found damaged when Aloud starts: the whole core opens it as the next start would (copy
// kept before any write, the library rebuilt from what can be read), and the Library view in Chromium
// says so, naming the file and the copy, while the readings kept are listed and play.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { damagePages, libraryWithReadings } from '../support/damaged-library';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('a damaged library in the Library view', () => {
  let harness: Harness;
  let core: AppCore;
  let reader: Reader;
  let libraryFile: string;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    libraryFile = libraryWithReadings(200);
    damagePages(libraryFile, 5, 3);
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit, { dataDir: dirname(libraryFile) });
        return core;
      },
    });
    reader = await openReader(harness);
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  it('shows the path, the copy kept and what was done, and lists the readings kept', async () => {
    const { page } = reader;
    const damage = core.store.damage!;
    expect(damage).not.toBeNull();
    expect(existsSync(damage.backupPath)).toBe(true);
    await page.getByRole('tab', { name: 'Library' }).click();
    const banner = page.locator('.library-problem');
    await expect.poll(() => banner.textContent()).toContain(libraryFile);
    const text = (await banner.textContent())!;
    expect(text).toContain(damage.backupPath);
    expect(text).toMatch(/rebuilt it from what could still be read: 200 readings kept/);
    expect(await banner.getAttribute('role')).toBe('alert');
    await expect.poll(() => page.getByText('Reading number 199.').count()).toBeGreaterThan(0);
    expect(reader.problems).toEqual([]);
  });
});
