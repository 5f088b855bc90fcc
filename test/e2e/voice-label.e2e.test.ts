// An honest Voice button (issue 25, item 3), in Chromium over the whole core with its language detector:
// with an English reading voice, a French text is read by the French voice, and the Voice button names
// that voice and why ("… — French, chosen by language"), as main's 'reading:started' says it; the pane
// offers to go on with the chosen voice; and the setting "Always use my chosen voice" (main's
// voiceByLanguage) has the chosen voice read every text, which the button then names.
import { existsSync, mkdirSync } from 'node:fs';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
// Long enough to be still reading when the test acts on it, on a loaded machine.
const FRENCH = Array.from({ length: 4 }, () => 'Bonjour à tous. Ce texte est écrit en français, et le lecteur le lit avec une voix française. Voilà qui est mieux. Nous lisons encore une phrase, puis une autre, pour avoir le temps de tout voir.').join(' ');

describe.skipIf(chromiumMissing && !inCI)('the Voice button names the voice heard', () => {
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
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const started = () => harness.events.filter((e) => e.channel === 'reading:started').map((e) => e.payload as { voice: string; language?: string; byLanguage?: true });

  it('says which voice reads a text in another language and why, goes on with the chosen voice when asked, and keeps it for every language when set to', async () => {
    const { page } = reader;
    // Ask the detector once, so its data is loaded (the app does this at start).
    await core.invoke('text:language', { text: FRENCH });
    const voice = page.getByRole('button', { name: /^Voice: / });
    await expect.poll(() => voice.textContent()).toBe('Built-in voice · English (America)');

    await page.getByLabel('Text to read').fill(FRENCH);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect.poll(() => started().length).toBe(1);
    expect(started()[0]).toMatchObject({ voice: 'builtin/fr-fr', language: 'fr', byLanguage: true });
    await expect.poll(() => voice.textContent()).toBe('Built-in voice · French (France) — French, chosen by language');
    expect(await voice.getAttribute('aria-label')).toBe('Voice: Built-in voice · French (France) — French, chosen by language');

    // The pane says so too, with the way to the chosen voice: it reads on from the spoken word.
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2);
    mkdirSync('test-results/voice-label', { recursive: true });
    await page.screenshot({ path: 'test-results/voice-label/by-language.png' });
    await page.getByRole('button', { name: 'Read it with Built-in voice · English (America)' }).click();
    await expect.poll(() => started().length).toBe(2);
    expect(started()[1]).toMatchObject({ voice: 'builtin/en-us' });
    expect(started()[1]!.byLanguage).toBeUndefined();
    await expect.poll(() => voice.textContent()).toBe('Built-in voice · English (America)');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'stopped');

    // Always the chosen voice: main's setting, from the player's More.
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByLabel('Always use my chosen voice, whatever the language').check();
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { voiceByLanguage: boolean }).voiceByLanguage).toBe(false);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect.poll(() => started().length).toBe(3);
    // The language is still told (the reader shows it); the voice is the chosen one.
    expect(started()[2]).toMatchObject({ voice: 'builtin/en-us', language: 'fr' });
    expect(started()[2]!.byLanguage).toBeUndefined();
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'reading');
    expect(await voice.textContent()).toBe('Built-in voice · English (America)');
    await page.getByRole('button', { name: 'Stop' }).click();
    // Remembered: a new window sees it set.
    await page.reload();
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await expect.poll(() => page.getByLabel('Always use my chosen voice, whatever the language').isChecked()).toBe(true);
  });
});
