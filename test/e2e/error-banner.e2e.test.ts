// A failed reading in Chromium: the banner over the reading says why in one sentence (main's, naming
// the provider) and offers what can help: try again, go on with the built-in voice, open Settings.
// Behind it the real reading service, the built-in voice, and a voice whose provider refuses its key.
import { existsSync, mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Voice } from '../../shared/voice';
import { createBuiltinVoice, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { SynthesisError } from '../../electron/speech/synthesis-error';
import type { SynthesisPart, Synthesizer } from '../../electron/speech/synthesizer';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const TEXT = 'This provider refuses its key. The built-in voice can read it instead.';
const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

/** A cloud voice whose provider refuses the key, as a 401 would be told. */
function refusingVoice(): Synthesizer & { requests: number } {
  const voice = {
    provider: 'keyless',
    maxChars: 200,
    requests: 0,
    async listVoices(): Promise<Voice[]> {
      return [{ id: 'Ada', provider: 'keyless', name: 'Ada', languages: ['en-GB'] }];
    },
    // eslint-disable-next-line require-yield
    async *synthesize(): AsyncIterable<SynthesisPart> {
      voice.requests++;
      throw new SynthesisError('keyless', 'auth', '401 Unauthorized', { status: 401 });
    },
  };
  return voice;
}

describe.skipIf(chromiumMissing && !inCI)('a failed reading in Chromium', () => {
  let harness: Harness;
  let builtin: BuiltinVoice;
  const keyless = refusingVoice();
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    builtin = createBuiltinVoice();
    await builtin.warmUp();
    harness = await startServiceHarness({ synthesizers: [builtin, keyless], defaultVoice: 'keyless/Ada' }, () => 'keyless/Ada', undefined, { onClose: () => builtin.close() });
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  it('says why over the reading, and tries again, goes on with the built-in voice, or opens Settings', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    const banner = page.getByRole('region', { name: 'The reading failed' });
    await banner.waitFor();
    expect(await banner.locator('.error-banner-message').innerText()).toBe('keyless refused the API key.');
    const results = await new AxeBuilder({ page }).include('.error-banner').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    mkdirSync('test-results/error-banner', { recursive: true });
    for (const width of [360, 760]) {
      await page.setViewportSize({ width, height: 560 });
      await page.screenshot({ path: `test-results/error-banner/reader-${width}.png` });
    }

    // Try again: the same voice is asked again, and says the same.
    const asked = keyless.requests;
    await banner.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => keyless.requests).toBeGreaterThan(asked);
    await banner.waitFor();

    // The built-in voice nearest the failed one (British English) reads the text instead.
    await banner.getByRole('button', { name: 'Use the built-in voice' }).click();
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2, null, { polling: 50 });
    expect(await banner.count()).toBe(0);
    const started = harness.events.filter((e) => e.channel === 'reading:started').at(-1)!.payload as { voice: string; readingId: string };
    expect(started.voice).toBe('builtin/en-gb');
    expect((await readProbe(page)).readingId).toBe(started.readingId);
    await page.getByRole('button', { name: 'Stop' }).click();

    // Failing again, Open Settings goes there.
    await page.getByRole('button', { name: 'Read' }).click();
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Open Settings' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
  });
});
