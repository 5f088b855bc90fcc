// The reader's voice picker in Chromium, with the whole core behind it (createAppCore): the built-in
// voice, a natural voice installed in the data folder, a cloud provider that works (an OpenAI-compatible
// fake listing its voices) and one whose key is refused. A person finds a voice by typing, hears a
// sample (the cloud one costs one request, then plays from the library), stars a favourite that is
// still there after a reload, follows a failing provider to its settings, and chooses a voice, which
// takes over the reading under way. Screenshots go to test-results/voice-picker/.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { voicesFolder } from '../../electron/engine/installed-voices';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-server';
import { speechFromSynthesizer } from '../fakes/spoken-audio';
import { installTinyKokoro } from '../support/tiny-kokoro';
import { installTinyVoice, TINY_VOICE } from '../support/tiny-piper';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
const TEXT = 'The voice picker lets a person hear a voice before choosing it. Choosing one mid-reading goes on from the spoken word. Nothing read so far is read again.';

describe.skipIf(chromiumMissing && !inCI)('the voice picker in Chromium', () => {
  let harness: Harness;
  let core: AppCore;
  let builtin: BuiltinVoice;
  let home: OpenAiFake;
  let work: OpenAiFake;
  let reader: Reader;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    builtin = createBuiltinVoice();
    const speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
    home = await startOpenAiFake({ speech, apiKey: 'home-key', voiceList: true });
    work = await startOpenAiFake({ speech, apiKey: 'work-key', voiceList: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'aloud-e2e-picker-'));
    await installTinyVoice(voicesFolder(dataDir));
    await installTinyKokoro(voicesFolder(dataDir));
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit, { dataDir });
        await core.app.settings!.addProvider({ kind: 'openai', name: 'Home server', baseUrl: home.baseUrl }, 'home-key');
        await core.app.settings!.addProvider({ kind: 'openai', name: 'Work server', baseUrl: work.baseUrl }, 'not-the-work-key');
        return core;
      },
    });
    reader = await openReader(harness);
    mkdirSync('test-results/voice-picker', { recursive: true });
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
    await home?.close();
    await work?.close();
    await builtin?.close();
  });

  const picker = (page: Page) => page.getByRole('dialog', { name: 'Choose a voice' });
  const openPicker = async (page: Page) => {
    await page.getByRole('button', { name: /^Voice: / }).click();
    await picker(page).getByRole('heading', { name: /^English/ }).first().waitFor();
    return picker(page);
  };
  const speechRequests = (fake: OpenAiFake) => fake.requests.filter((r) => r.path.endsWith('/audio/speech')).length;

  it('lists every voice by language with its provider and kind, names no id, and fits at every width', async () => {
    const { page } = reader;
    await expect.poll(() => page.getByRole('button', { name: /^Voice: / }).getAttribute('aria-label')).toBe('Voice: Built-in voice · English (America)');
    const dialog = await openPicker(page);
    const english = dialog.getByRole('region', { name: 'English', exact: true });
    // The natural voices (Kokoro's, Piper's) before the built-in one; each says its provider and how it sounds.
    const kinds = await english.locator('.voice-meta').allInnerTexts();
    expect(kinds.slice(0, 2)).toEqual(['Kokoro · Natural, offline', 'Piper · Natural, offline']);
    expect(new Set(kinds.slice(2))).toEqual(new Set(['Built-in voice · Robotic, offline']));
    expect(await english.locator('.voice-choose').first().innerText()).toContain('Heart');
    expect(await english.locator('.voice-choose').nth(1).innerText()).toContain('Tiny (low)');
    expect(await dialog.locator('.voice-choose[aria-current="true"]').innerText()).toContain('English (America) · reading voice');
    // The cloud voices, whose provider does not say their language.
    const other = dialog.getByRole('region', { name: 'Other voices' });
    expect(await other.locator('.voice-meta').first().innerText()).toBe('Home server · Cloud');
    expect(await dialog.innerText()).not.toMatch(/openai-2|piper\/|kokoro\/|af_heart|builtin\/|en_US-tiny/);

    const results = await new AxeBuilder({ page }).include('.voice-picker').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    for (const [width, height] of [[360, 640], [760, 560], [1280, 800]] as const) {
      await page.setViewportSize({ width, height });
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(box.y + box.height).toBeLessThanOrEqual(height);
      const sideways = await dialog.evaluate((d) => [d, ...d.querySelectorAll('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible').map((e) => e.className));
      expect(sideways).toEqual([]);
      await page.screenshot({ path: `test-results/voice-picker/picker-${width}.png` });
    }
    await page.setViewportSize({ width: 900, height: 700 });
  });

  it('puts the voices of the language the text is written in first', async () => {
    const { page } = reader;
    await picker(page).getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('Text to read').fill('Bonjour à tous. Ce texte est écrit en français, et le lecteur le sait.');
    const dialog = await openPicker(page);
    await expect.poll(() => dialog.locator('.voice-section-title').first().innerText()).toBe('French · the language of this text');
    await page.screenshot({ path: 'test-results/voice-picker/picker-french-text.png' });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('Text to read').fill('');
    await openPicker(page);
  });

  it('finds voices by what a person types, blind to case', async () => {
    const dialog = picker(reader.page);
    const search = dialog.getByLabel('Find a voice');
    await search.fill('FRENCH');
    await expect.poll(() => dialog.locator('.voice-section-title').allInnerTexts()).toEqual(['French']);
    await search.fill('natural');
    await expect.poll(() => dialog.locator('.voice-name').allInnerTexts()).toEqual(['Heart', 'Tiny (low)', 'Siwis']);
    await search.fill('kokoro');
    await expect.poll(() => dialog.locator('.voice-name').allInnerTexts()).toEqual(['Heart', 'Siwis']);
    await search.fill('zzyzx');
    await expect.poll(() => dialog.locator('.voice-none').allInnerTexts()).toEqual([expect.stringContaining('No voice matches “zzyzx”.')]);
    await search.fill('');
  });

  it('says in one line why the failing provider has no voices, and takes the person to it in Settings', async () => {
    const { page } = reader;
    // One line: the reason, naming the provider as the person named it, and the way to fix it.
    const failing = picker(page).locator('.voice-failing');
    expect(await failing.innerText()).toMatch(/^⚠?\s*Work server refused the API key\.\s*Open Settings$/);
    await failing.getByRole('button', { name: 'Open Settings for Work server' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('provider-openai-2');
    await expect.poll(() => picker(page).count()).toBe(0);
    await page.getByRole('tab', { name: 'Reader' }).click();
  });

  it('plays a cloud sample once from the provider, then from the library; a favourite stays after a reload', async () => {
    const { page } = reader;
    let dialog = await openPicker(page);
    const before = speechRequests(home);
    const row = dialog.locator('.voice-option', { hasText: 'Home server' }).filter({ hasText: /^alloy/ });
    for (let i = 0; i < 2; i++) {
      await row.getByRole('button', { name: 'Hear alloy, Home server' }).click();
      // Heard to its end: the player's 'ended' clears the row's state.
      await expect.poll(() => row.getAttribute('data-sample')).toBe('playing');
      await expect.poll(() => row.getAttribute('data-sample')).toBe(null);
      expect(await dialog.getByRole('status').innerText()).toBe('alloy: “Hello! This is how I sound when I read to you.”');
    }
    expect(speechRequests(home) - before).toBe(1);
    await expect.poll(() => core.store.db.prepare(`SELECT voice FROM voice_samples`).all()).toContainEqual({ voice: 'openai/alloy' });
    // A sample is not a reading: the library's list never shows it.
    expect(core.store.count()).toBe(0);

    await row.getByRole('button', { name: 'Favourite: alloy, Home server' }).click();
    await page.reload();
    dialog = await openPicker(page);
    const favourites = dialog.getByRole('region', { name: 'Favourites' });
    expect(await favourites.locator('.voice-name').allInnerTexts()).toEqual(['alloy']);
    expect(await favourites.getByRole('button', { name: 'Favourite: alloy, Home server' }).getAttribute('aria-pressed')).toBe('true');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('pauses the reading for a sample and resumes it after; a voice chosen mid-reading reads on from the spoken word', async () => {
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    const status = page.locator('.reader-header .status');
    await expect.poll(() => status.innerText()).toBe('Reading.');

    let dialog = await openPicker(page);
    // The text being read is English: its voices come first, and the section says why.
    await expect.poll(async () => (await dialog.locator('.voice-section-title').allInnerTexts()).filter((t) => t !== 'Favourites')[0]).toBe('English · the language of this text');
    const english = dialog.getByRole('region', { name: 'English · the language of this text' });
    await english.getByRole('button', { name: 'Hear English (America), Built-in voice' }).click();
    await expect.poll(() => status.innerText()).toBe('Paused.');
    await expect.poll(() => status.innerText()).toBe('Reading.');

    // Let a few words be heard, then choose the natural voice.
    await page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 3);
    dialog = picker(page);
    const started = harness.events.filter((e) => e.channel === 'reading:started').length;
    await dialog.locator('.voice-option', { hasText: 'Tiny (low)' }).locator('.voice-choose').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => harness.events.filter((e) => e.channel === 'reading:started').length).toBe(started + 1);
    const next = harness.events.filter((e) => e.channel === 'reading:started').at(-1)!.payload as { voice: string; text: string };
    expect(next.voice).toBe(`piper/${TINY_VOICE}`);
    expect(next.text).toBe(TEXT);
    const asked = harness.invokes.filter((i) => i.channel === 'reading:start').at(-1)!.args as { fromChar?: number; voice?: string };
    expect(asked.voice).toBe(`piper/${TINY_VOICE}`);
    expect(asked.fromChar).toBeGreaterThan(0);
    await expect.poll(async () => ((await core.invoke('settings:get', {})) as { voice: string }).voice).toBe(`piper/${TINY_VOICE}`);
    await expect.poll(() => page.getByRole('button', { name: /^Voice: / }).getAttribute('aria-label')).toBe('Voice: Piper · Tiny (low)');
    await page.getByRole('button', { name: 'Stop' }).click();
  });
});
