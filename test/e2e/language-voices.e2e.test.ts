// Language-aware voices in Chromium, with the whole core behind it (createAppCore, its language detector
// in a worker): a French text is read by a French voice while the reading voice is English, the reader
// says which language it took the text for, and the person can say it is another, which reads on with
// the voice for that one. A voice chosen in the picker becomes the voice for its language.
import { existsSync, mkdirSync } from 'node:fs';
import { createAppCore, type AppCore } from './app-core';
import type { Chunk } from '../../shared/chunk';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
const FRENCH = 'Bonjour à tous. Ce texte est écrit en français, et le lecteur le lit avec une voix française. Voilà qui est mieux.';
const MIXED = [
  'This letter starts in English, as most of our letters do. It explains why the next part is in French.',
  'Chère Madame, nous vous remercions de votre lettre. Nous répondrons à toutes vos questions dans les meilleurs délais.',
  'And it ends in English again, with our best wishes to everyone.',
].join('\n\n');

describe.skipIf(chromiumMissing && !inCI)('language-aware voices in Chromium', () => {
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
    mkdirSync('test-results/language-voices', { recursive: true });
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const started = () => harness.events.filter((e) => e.channel === 'reading:started').map((e) => e.payload as { voice: string; language?: string | null; text: string });

  it('reads a French text with a French voice, says so, and reads on as English when told', async () => {
    const { page } = reader;
    // Ask the detector once, so its data is loaded (the app does this at start).
    await core.invoke('text:language', { text: FRENCH });
    await page.getByLabel('Text to read').fill(FRENCH);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect.poll(() => started().length).toBe(1);
    expect(started()[0]).toMatchObject({ voice: 'builtin/fr-fr', language: 'fr', text: FRENCH });
    const language = page.getByLabel('Language of this text');
    await expect.poll(() => language.inputValue()).toBe('fr');
    await page.screenshot({ path: 'test-results/language-voices/french.png' });

    // Into the reading: a word after the first is being heard, so it reads on from there.
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2);
    await language.selectOption('en');
    await expect.poll(() => started().length).toBe(2);
    expect(started()[1]).toMatchObject({ voice: 'builtin/en-us', language: 'en', text: FRENCH });
    const asked = harness.invokes.filter((i) => i.channel === 'reading:start').at(-1)!.args as { fromChar?: number; language?: string };
    expect(asked.language).toBe('en');
    expect(asked.fromChar).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('reads a mixed English and French text with each paragraph in its own voice, highlighting every word in order', async () => {
    const { page } = reader;
    await core.invoke('text:language', { text: MIXED });
    core.requests.length = 0;
    await page.getByLabel('Text to read').fill(MIXED);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(probe.phase).toBe('finished');
    // The English voice reads the English paragraphs; the French one, every sentence of the French paragraph.
    const french = MIXED.split('\n\n')[1]!;
    const byVoice = (voice: string) => core.requests.filter((r) => r.voice === voice).map((r) => r.text);
    expect(byVoice('fr-fr').join(' ')).toBe(french);
    expect(byVoice('en-us').join(' ')).toBe([MIXED.split('\n\n')[0], MIXED.split('\n\n')[2]].join(' '));
    expect(core.requests.map((r) => r.voice)).toEqual(['en-us', 'en-us', 'fr-fr', 'fr-fr', 'en-us']);
    // One reading, its words in order over the three paragraphs, each lit once.
    const words = harness.events
      .filter((e) => e.channel === 'reading:chunk')
      .map((e) => e.payload as Chunk)
      .filter((c) => c.readingId === probe.readingId)
      .flatMap((c) => c.words);
    for (let i = 1; i < words.length; i++) expect(words[i]!.charStart).toBeGreaterThan(words[i - 1]!.charStart);
    expect(words.some((w) => w.charStart >= MIXED.indexOf('Chère') && w.text === 'remercions')).toBe(true);
    expect(probe.highlights.length).toBe(words.length);
  });

  it('says so when no voice speaks the language (Tibetan), and reads it with the reading voice', async () => {
    const { page } = reader;
    const tibetan = 'བཀྲ་ཤིས་བདེ་ལེགས། ང་བོད་པ་ཡིན། ཁྱེད་རང་སྐུ་གཟུགས་བདེ་པོ་ཡིན་པས།';
    await page.getByLabel('Text to read').fill(tibetan);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect.poll(() => started().at(-1)?.text).toBe(tibetan);
    expect(started().at(-1)).toMatchObject({ voice: 'builtin/en-us', language: 'bo', unspoken: true });
    const note = page.getByRole('note').filter({ hasText: 'No voice here speaks' });
    await expect.poll(() => note.innerText()).toContain('No voice here speaks Tibetan, so Built-in voice · English (America) reads it as best it can.');
    for (const width of [360, 900]) {
      await page.setViewportSize({ width, height: 700 });
      await page.screenshot({ path: `test-results/language-voices/unspoken-${width}.png` });
    }
    await page.setViewportSize({ width: 900, height: 700 });
    // A text in a language a voice speaks says nothing of the kind.
    await page.getByLabel('Text to read').fill(FRENCH);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect.poll(() => started().at(-1)?.text).toBe(FRENCH);
    await expect.poll(() => note.count()).toBe(0);
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('makes a voice chosen in the picker the voice for its language', async () => {
    const { page } = reader;
    await page.getByRole('button', { name: /^Voice: / }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a voice' });
    const french = dialog.getByRole('region', { name: /^French/ });
    await french.locator('.voice-choose', { hasText: 'French (Belgium)' }).click();
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { languageVoices: Record<string, string> }).languageVoices).toEqual({ fr: 'builtin/fr-be' });
    // Back to an English reading voice: French texts keep their Belgian voice.
    await core.invoke('settings:set', { voice: 'builtin/en-us' });
    await page.getByLabel('Text to read').fill(FRENCH);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect.poll(() => started().at(-1)?.voice).toBe('builtin/fr-be');
    await page.getByRole('button', { name: 'Stop' }).click();
  });
});
