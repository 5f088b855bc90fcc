// `npx tsx test/e2e/screenshots.ts`: pictures of the reader mid-reading, light and dark, into
// test-results/, for looking at the design. Not a test; uses the same harness and real core.
import { mkdirSync } from 'node:fs';
import { ensureRendererBuilt, openReader } from './chromium';
import { startBuiltinVoiceHarness } from './service-harness';

const TEXT = `The quick brown fox jumps over the lazy dog. It was not amused.

Reading aloud is an old habit. Before silent reading became common, most people read by speaking the words, even when alone; a listener could follow the page by ear and the reader by eye. Aloud brings that back for any text on your screen, with the word being spoken marked as you go.

Select a passage anywhere, press the shortcut, and keep your eyes on whatever you were doing.`;

ensureRendererBuilt();
mkdirSync('test-results', { recursive: true });
const harness = await startBuiltinVoiceHarness();
for (const colorScheme of ['light', 'dark'] as const) {
  const reader = await openReader(harness, { colorScheme });
  await reader.page.screenshot({ path: `test-results/reader-idle-${colorScheme}.png` });
  await reader.page.getByLabel('Text to read').fill(TEXT);
  await reader.page.getByRole('button', { name: 'Read' }).click();
  await reader.page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 6, null, { timeout: 60_000 });
  await reader.page.screenshot({ path: `test-results/reader-${colorScheme}.png` });
  await reader.page.keyboard.press('Space');
  await reader.page.getByRole('button', { name: 'Resume' }).waitFor();
  await reader.page.screenshot({ path: `test-results/reader-paused-${colorScheme}.png` });
  console.log(`test-results/reader-{idle-,,paused-}${colorScheme}.png`);
  await reader.close();
}
await harness.close();
