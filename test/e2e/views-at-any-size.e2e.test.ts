// The voice picker, the library, Settings and the mini player as a person who zooms uses them (issue
// 25, item 4; WCAG 1.4.4 and 1.4.10): the built renderer in Chromium over the whole core, at 320, 760
// and 1280 px, and at 200% and 400% zoom (a 760 x 560 window at twice the pixel density is 380 x 280
// CSS px; a 1280 x 800 window at four times, 320 x 200), light and dark. What is asserted is what a
// person needs: the picker shows at least three voices at once with two failing providers present, in
// one line with a way to Settings; every control can be scrolled to and is not covered, none overlaps
// another, none lies outside the window; library rows show their details whole; the mini player's
// buttons stay where they are between Pause, Resume and Play; Settings has an index, no Save buttons
// and starts its add-provider form on OpenAI-compatible; axe, best practices included, finds nothing.
// Screenshots go to test-results/any-size/.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { voicesFolder } from '../../electron/engine/installed-voices';
import { MINI_SIZE } from '../../electron/main/mini-size';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-server';
import { speechFromSynthesizer } from '../fakes/spoken-audio';
import { installTinyKokoro } from '../support/tiny-kokoro';
import { installTinyVoice } from '../support/tiny-piper';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, transitionsDone, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';
import { AXE_TAGS, SIZES, type Size } from './window-sizes';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';
const OUT = 'test-results/any-size';

const LONG_TEXT =
  'A reading with a long first sentence, so that its title wraps onto a second line in a narrow window, and a second sentence after it to make it longer still.';

/**
 * Every control inside `scope` that a person cannot use: one that lies outside the window sideways,
 * that cannot be scrolled to without something else covering it, that is smaller than 24 CSS px (a
 * button, link or disclosure), or that overlaps another. Boxes named by `boxes` (library rows) must
 * not overlap each other either. Each scroll container is put back where it was.
 */
async function controlProblems(page: Page, scope: string, boxes = ''): Promise<string[]> {
  return page.evaluate(
    ({ scope, boxes }) => {
      const root = document.querySelector(scope);
      if (!root) return [`${scope} is not in the page`];
      const problems: string[] = [];
      const label = (e: Element) => {
        const labelled = e instanceof HTMLInputElement || e instanceof HTMLSelectElement || e instanceof HTMLTextAreaElement ? e.labels?.[0]?.textContent : null;
        return `${e.tagName.toLowerCase()} '${(e.getAttribute('aria-label') ?? labelled ?? e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}'`;
      };
      // Drawn: not hidden, not inside a closed disclosure, not a 1 px box read only by screen readers.
      const shown = (e: Element) => {
        const r = e.getBoundingClientRect();
        return e.checkVisibility({ visibilityProperty: true }) && r.width > 1 && r.height > 1;
      };
      const controls = [...root.querySelectorAll('button, input:not([type="hidden"]), select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])')].filter(shown);
      const scrollers = [document.scrollingElement!, ...root.querySelectorAll('*'), ...(root.parentElement ? [root] : [])].filter((e) => e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth);
      const kept = scrollers.map((e) => [e, e.scrollTop, e.scrollLeft] as const);
      for (const e of controls) {
        e.scrollIntoView({ block: 'center', inline: 'nearest' });
        const r = e.getBoundingClientRect();
        if (r.left < -0.5 || r.right > innerWidth + 0.5) problems.push(`${label(e)} lies outside the window (${Math.round(r.left)} to ${Math.round(r.right)} of ${innerWidth})`);
        const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
        const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
        const hit = document.elementFromPoint(x, y);
        const own = hit && (hit === e || e.contains(hit) || (hit.tagName === 'LABEL' && hit.contains(e)));
        if (!own) problems.push(`${label(e)} cannot be reached: ${hit ? label(hit) : 'nothing'} is at its centre`);
        const target = e.matches('button, a[href], summary');
        if (target && (r.width < 23.5 || r.height < 23.5)) problems.push(`${label(e)} is ${Math.round(r.width)} x ${Math.round(r.height)} px, under 24`);
      }
      for (const [e, top, left] of kept) {
        e.scrollTop = top;
        e.scrollLeft = left;
      }
      // Overlaps, in each scroll container's own coordinates (so a box scrolled away still counts).
      const container = (e: Element) => {
        for (let a = e.parentElement; a; a = a.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(a).overflowY)) return a;
        return document.documentElement;
      };
      const placed = [...controls, ...(boxes ? [...root.querySelectorAll(boxes)].filter(shown) : [])].map((e) => {
        const c = container(e);
        const cr = c.getBoundingClientRect();
        const r = e.getBoundingClientRect();
        return { e, c, left: r.left - cr.left + c.scrollLeft, top: r.top - cr.top + c.scrollTop, right: r.right - cr.left + c.scrollLeft, bottom: r.bottom - cr.top + c.scrollTop };
      });
      for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) {
          const a = placed[i]!;
          const b = placed[j]!;
          if (a.c !== b.c || a.e.contains(b.e) || b.e.contains(a.e)) continue;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) problems.push(`${label(a.e)} and ${label(b.e)} overlap (${Math.round(w)} x ${Math.round(h)} px)`);
        }
      }
      return problems;
    },
    { scope, boxes },
  );
}

/** How many voices the picker shows at once, whole and uncovered, with its list scrolled to its first voice. */
async function voicesInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('.voice-picker .voice-option')];
    const first = rows[0];
    if (!first) return 0;
    // Just under the sticky language title, as scrolling down to the list leaves it.
    const section = first.closest('section')!;
    section.scrollIntoView({ block: 'start' });
    return rows.filter((row) => {
      const r = row.getBoundingClientRect();
      if (r.top < 0 || r.bottom > innerHeight + 0.5) return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!hit && row.contains(hit);
    }).length;
  });
}

async function axeProblems(page: Page, include?: string): Promise<string[]> {
  await transitionsDone(page);
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary?.replace(/\s+/g, ' ').slice(0, 160)})`).join(', ')}`);
}

describe.skipIf(chromiumMissing && !inCI)('the picker, library, settings and mini player at any size and zoom', () => {
  let harness: Harness;
  let core: AppCore;
  let builtin: BuiltinVoice;
  let home: OpenAiFake;
  let work: OpenAiFake;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    mkdirSync(OUT, { recursive: true });
    builtin = createBuiltinVoice();
    const speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
    home = await startOpenAiFake({ speech, apiKey: 'home-key', voiceList: true });
    work = await startOpenAiFake({ speech, apiKey: 'work-key', voiceList: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'aloud-e2e-any-size-'));
    await installTinyVoice(voicesFolder(dataDir));
    await installTinyKokoro(voicesFolder(dataDir));
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit, { dataDir });
        await core.app.settings!.addProvider({ kind: 'openai', name: 'Home server', baseUrl: home.baseUrl }, 'home-key');
        // Two that fail: a refused key, and a server that is not there.
        await core.app.settings!.addProvider({ kind: 'openai', name: 'Work server', baseUrl: work.baseUrl }, 'not-the-work-key');
        await core.app.settings!.addProvider({ kind: 'openai', name: 'Office server', baseUrl: 'http://127.0.0.1:9/v1' }, 'office-key');
        return core;
      },
    });
    // The library: saved readings with long texts, and one with a long voice name.
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 6; i++) {
      const rid = core.store.beginReading({ id: `saved-${i}`, text: `${i + 1}. ${LONG_TEXT}`, provider: i % 2 ? 'openai' : 'builtin', voice: i % 2 ? 'alloy' : 'en-us', synthRate: 1, createdAt: t0 + i * 1000 });
      core.store.setStatus(rid, i === 2 ? 'partial' : 'complete');
    }
  });

  afterAll(async () => {
    await harness?.close();
    await home?.close();
    await work?.close();
    await builtin?.close();
  });

  /** Each view at each size of one pixel density, light and dark: what a person cannot use, and what axe finds. */
  async function everyView(reader: Reader, sizes: readonly Size[]): Promise<string[]> {
    const { page } = reader;
    const problems: string[] = [];
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const at = `${size.name} ${scheme}`;

        // The voice picker.
        await page.getByRole('tab', { name: 'Reader' }).click();
        await page.getByRole('button', { name: /^Voice: / }).click();
        const dialog = page.getByRole('dialog', { name: 'Choose a voice' });
        await dialog.locator('.voice-option').first().waitFor();
        // Both failing providers, folded into one line with its way to Settings.
        const failing = dialog.locator('.voice-failing');
        await expect.poll(() => failing.count()).toBe(1);
        expect(await failing.locator('summary').innerText(), at).toBe('2 providers offer no voices now');
        const summaryBox = (await failing.locator('summary').boundingBox())!;
        const lineHeight = await failing.locator('summary').evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
        if (summaryBox.height > lineHeight * 2 + 1) problems.push(`picker ${at}: the failing providers' line is ${Math.round(summaryBox.height)} px tall`);
        const seen = await voicesInView(page);
        if (seen < 3) problems.push(`picker ${at}: ${seen} voices in view at once`);
        for (const p of await controlProblems(page, '.voice-picker')) problems.push(`picker ${at}: ${p}`);
        await page.screenshot({ path: `${OUT}/picker-${size.name}-${scheme}.png` });
        await failing.locator('summary').click();
        const open = failing.getByRole('button', { name: 'Open Settings for Office server' });
        await open.waitFor();
        expect(await failing.innerText(), at).toContain('Could not reach Office server: check the network connection.');
        expect(await failing.innerText(), at).toContain('Work server refused the API key.');
        for (const p of await controlProblems(page, '.voice-picker')) problems.push(`picker, failing providers open, ${at}: ${p}`);
        if (scheme === 'light') for (const p of await axeProblems(page, '.voice-picker')) problems.push(`picker ${at}: axe: ${p}`);
        await page.screenshot({ path: `${OUT}/picker-failing-open-${size.name}-${scheme}.png` });
        // While searching, a failing provider whose name is not searched for says nothing.
        await dialog.getByLabel('Find a voice').fill('french');
        await expect.poll(() => failing.count()).toBe(0);
        await dialog.getByLabel('Find a voice').fill('office');
        await expect.poll(() => dialog.locator('.voice-failing').innerText()).toContain('Could not reach Office server');
        await dialog.getByRole('button', { name: 'Close' }).click();
        await expect.poll(() => dialog.count()).toBe(0);

        // The library.
        await page.getByRole('tab', { name: 'Library' }).click();
        const rows = page.locator('.library-row');
        await expect.poll(() => rows.count()).toBeGreaterThan(0);
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('.library-row, .row-meta')].filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent!.slice(0, 40)),
        );
        for (const c of clipped) problems.push(`library ${at}: '${c}' is cut off`);
        const meta = await rows.first().locator('.row-meta').innerText();
        if (!/Built-in voice · English \(America\) · \d+:\d\d/.test(meta) && !/Home server · alloy · \d+:\d\d/.test(meta)) problems.push(`library ${at}: the first row says '${meta}'`);
        for (const name of ['Play', 'Pin', 'Export', 'Delete']) {
          if ((await rows.first().getByRole('button', { name, exact: true }).count()) !== 1) problems.push(`library ${at}: no ${name} button`);
          else if (!(await rows.first().getByRole('button', { name, exact: true }).innerText()).includes(name)) problems.push(`library ${at}: ${name} has no word`);
        }
        for (const p of await controlProblems(page, '#panel-library', '.library-row')) problems.push(`library ${at}: ${p}`);
        if (scheme === 'light') for (const p of await axeProblems(page)) problems.push(`library ${at}: axe: ${p}`);
        await page.screenshot({ path: `${OUT}/library-${size.name}-${scheme}.png` });

        // Settings.
        await page.getByRole('tab', { name: 'Settings' }).click();
        await page.getByRole('navigation', { name: 'Settings sections' }).waitFor();
        await page.locator('#limits-heading').waitFor();
        // One way of saving: no Save buttons anywhere; the add-provider form starts on the common kind.
        expect(await page.locator('#panel-settings').getByRole('button', { name: /^Save\b/ }).count(), at).toBe(0);
        expect(await page.getByRole('form', { name: 'Add a provider' }).getByLabel('Provider', { exact: true }).inputValue(), at).toBe('openai');
        for (const p of await controlProblems(page, '#panel-settings')) problems.push(`settings ${at}: ${p}`);
        if (scheme === 'light') for (const p of await axeProblems(page)) problems.push(`settings ${at}: axe: ${p}`);
        await page.locator('#panel-settings .settings-scroll').evaluate((e) => e.scrollTo(0, 0));
        await page.locator('#panel-settings').evaluate((e) => e.scrollTo(0, 0));
        await page.screenshot({ path: `${OUT}/settings-${size.name}-${scheme}.png` });
        await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Hotkeys' }).click();
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('hotkeys-heading');
        await page.screenshot({ path: `${OUT}/settings-hotkeys-${size.name}-${scheme}.png` });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    return problems;
  }

  for (const [scale, at] of [
    [1, '320, 760 and 1280 px'],
    [2, '200% zoom'],
    [4, '400% zoom'],
  ] as const) {
    it(`at ${at}: the picker shows three voices and its failing providers in one line; every control is reachable, none overlaps; axe passes`, async () => {
      const reader = await openReader(harness, scale === 1 ? {} : { deviceScaleFactor: scale });
      try {
        expect(await everyView(reader, SIZES.filter((s) => s.scale === scale))).toEqual([]);
      } finally {
        await reader.close();
      }
    });
  }

  it("the mini player keeps every control, where it was, between Pause, Resume and Play, at 100% and 200% zoom; axe passes", async () => {
    for (const scale of [1, 2] as const) {
      const reader = await openReader(harness, { deviceScaleFactor: scale });
      try {
        const { page, context } = reader;
        const mini = await context.newPage();
        await mini.setViewportSize({ width: MINI_SIZE.width / scale, height: MINI_SIZE.height / scale });
        await mini.addInitScript(harness.initScript);
        await mini.goto(`${harness.url}#mini`);
        await page.getByLabel('Text to read').fill(LONG_TEXT);
        await page.getByRole('button', { name: 'Read', exact: true }).click();
        const transport = mini.locator('.mini-transport button');
        // Where each button is in the page (its scroll added: a click may scroll the popover).
        const places = () =>
          transport.evaluateAll((buttons) =>
            buttons.map((b) => {
              const r = b.getBoundingClientRect();
              const at = `${Math.round(r.left + scrollX)},${Math.round(r.top + scrollY)} ${Math.round(r.width)}x${Math.round(r.height)}`;
              return `${(b.textContent || b.getAttribute('aria-label'))!.replace(/^(Pause|Resume|Play)$/, 'the toggle')}: ${at}`;
            }),
          );
        await mini.getByRole('button', { name: 'Pause' }).waitFor();
        const reading = await places();
        const problems: string[] = [];
        for (const p of await controlProblems(mini, '.mini')) problems.push(`reading at ${scale * 100}%: ${p}`);
        await mini.screenshot({ path: `${OUT}/mini-reading-${scale * 100}.png` });
        await mini.getByRole('button', { name: 'Pause' }).click();
        await mini.getByRole('button', { name: 'Resume' }).waitFor();
        expect(await places(), `paused at ${scale * 100}%`).toEqual(reading);
        for (const p of await controlProblems(mini, '.mini')) problems.push(`paused at ${scale * 100}%: ${p}`);
        for (const p of await axeProblems(mini)) problems.push(`paused at ${scale * 100}%: axe: ${p}`);
        await mini.screenshot({ path: `${OUT}/mini-paused-${scale * 100}.png` });
        await mini.emulateMedia({ colorScheme: 'dark' });
        await transitionsDone(mini);
        await mini.screenshot({ path: `${OUT}/mini-paused-${scale * 100}-dark.png` });
        await mini.emulateMedia({ colorScheme: 'light' });
        await mini.getByRole('button', { name: 'Stop' }).click();
        await waitForEnd(page);
        await mini.getByRole('button', { name: 'Play' }).waitFor();
        expect(await places(), `stopped at ${scale * 100}%`).toEqual(reading);
        expect(problems).toEqual([]);
      } finally {
        await reader.close();
      }
    }
  });
});
