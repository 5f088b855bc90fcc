// Media keys, the OS media controls (MediaSession) and the keyboard's word cursor, end to end: the
// built renderer in Debian's Chromium, the real core (Aloud service + built-in eSpeak NG voice) behind
// the harness. In Electron the OS media controls (MPRIS, the Windows and macOS media overlays) call
// the page's MediaSession action handlers, so the handlers the reader registers are the contract:
// this test captures them as registered and calls them as the OS would. Checks are on the audio:
// frames played stop while paused and go on after, and a skip's first chunk and first highlight are
// the target sentence's first word.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Chunk } from '../../shared/chunk';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startBuiltinVoiceHarness } from './service-harness';

const SENTENCES = [
  'The first sentence is about a quiet morning in the valley.',
  'The second sentence tells of a river running past the mill.',
  'The third sentence has a heron standing very still in the reeds.',
  'The fourth sentence brings the rain across the hills.',
];
const TEXT = SENTENCES.join(' ');
const startOf = (i: number) => TEXT.indexOf(SENTENCES[i]!);

/** Keeps each MediaSession action handler the page registers, callable as the OS would call it. */
const CAPTURE_MEDIA_HANDLERS = `(() => {
  const handlers = {};
  Object.defineProperty(window, '__mediaHandlers', { value: handlers });
  const set = MediaSession.prototype.setActionHandler;
  MediaSession.prototype.setActionHandler = function (action, handler) {
    if (handler) handlers[action] = handler; else delete handlers[action];
    return set.call(this, action, handler);
  };
})();`;

declare global {
  interface Window {
    __mediaHandlers?: Record<string, () => void>;
  }
}

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('media keys, MediaSession and the word cursor in Chromium', () => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing.`);
    ensureRendererBuilt();
    harness = await startBuiltinVoiceHarness({ rendererDir: process.env.ALOUD_RENDERER_DIR });
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });
  afterAll(async () => {
    await harness?.close();
  });

  const startedIds = () => harness.events.filter((e) => e.channel === 'reading:started').map((e) => (e.payload as { readingId: string }).readingId);
  const startCalls = () => harness.invokes.filter((i) => i.channel === 'reading:start').length;

  function firstChunkWord(readingId: string | null) {
    const chunk = harness.events.find((e) => e.channel === 'reading:chunk' && (e.payload as Chunk).readingId === readingId && (e.payload as Chunk).words.length > 0);
    return (chunk?.payload as Chunk | undefined)?.words[0];
  }

  /** Waits for main to start the reading after `previous` (any new one if null), then for its first highlight. */
  async function nextReadingHighlights(page: Page, previous: string | null, before = startedIds().length) {
    const after = previous === null ? before - 1 : startedIds().lastIndexOf(previous);
    await expect.poll(() => startedIds().length > after + 1, { interval: 50 }).toBe(true);
    const id = startedIds()[after + 1]!;
    await page.waitForFunction((want) => {
      const p = window.__aloudPlayer;
      return !!p && p.readingId === want && p.highlights.length > 0;
    }, id, { polling: 50 });
    return readProbe(page);
  }

  /** Some words into the reading, so a skip starts from a word actually heard. */
  const intoReading = (page: Page) => page.waitForFunction(() => (window.__aloudPlayer?.highlights.length ?? 0) >= 2);

  const framesPlayed = (page: Page) => page.evaluate(() => window.__aloudPlayer!.stats().framesPlayed);

  /** The worklet has taken the pause, and its clock stands still for half a second. */
  async function expectClockStopped(page: Page) {
    await page.waitForFunction(() => window.__aloudPlayer!.stats().paused || window.__aloudPlayer!.stats().state === 'idle');
    const at = await framesPlayed(page);
    await page.waitForTimeout(500);
    expect(await framesPlayed(page)).toBe(at);
    return at;
  }

  async function startReading(page: Page, text: string) {
    const before = startedIds().length;
    await page.getByLabel('Text to read').fill(text);
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    return nextReadingHighlights(page, null, before);
  }

  it('registers metadata and every action handler; playbackState follows the reader; each handler acts on the audio', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.addInitScript(CAPTURE_MEDIA_HANDLERS);
    await page.reload();
    expect(Object.keys(await page.evaluate(() => window.__mediaHandlers ?? {})).sort()).toEqual(
      ['nexttrack', 'pause', 'play', 'previoustrack', 'seekbackward', 'seekforward', 'stop'],
    );
    const session = () => page.evaluate(() => ({
      state: navigator.mediaSession.playbackState,
      title: navigator.mediaSession.metadata?.title,
      artist: navigator.mediaSession.metadata?.artist,
    }));
    const call = (action: string) => page.evaluate((a) => window.__mediaHandlers![a]!(), action);
    expect((await session()).state).toBe('none');

    let probe = await startReading(page, TEXT);
    expect(await session()).toEqual({ state: 'playing', title: TEXT.slice(0, 80), artist: 'Aloud' });

    // pause: the audio clock stops; play: it goes on from there.
    await call('pause');
    await expect.poll(() => session().then((s) => s.state)).toBe('paused');
    expect((await readProbe(page)).phase).toBe('paused');
    const held = await expectClockStopped(page);
    await call('play');
    await expect.poll(() => session().then((s) => s.state)).toBe('playing');
    await page.waitForFunction((f) => window.__aloudPlayer!.stats().framesPlayed > f, held);

    // nexttrack / seekforward: the next sentence; previoustrack / seekbackward: the one before.
    const landings: [string, number][] = [['nexttrack', 1], ['seekforward', 2], ['previoustrack', 1], ['seekbackward', 0]];
    for (const [action, sentence] of landings) {
      await intoReading(page);
      await call(action);
      probe = await nextReadingHighlights(page, probe.readingId);
      expect(probe.highlights[0]!.charStart, action).toBe(startOf(sentence));
      expect(firstChunkWord(probe.readingId)!.charStart, action).toBe(startOf(sentence));
    }

    // stop: the reading ends, the audio stops, the OS controls show nothing playing.
    await call('stop');
    await waitForEnd(page);
    expect((await readProbe(page)).phase).toBe('stopped');
    await expect.poll(() => session().then((s) => s.state)).toBe('none');
    // play after a stop reads the text again from its start.
    await call('play');
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(0);
    await call('stop');
    await waitForEnd(page);
  });

  it('keyboard media keys pause, resume, skip and stop, from a text field too; one press delivered twice acts once', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    await page.addInitScript(CAPTURE_MEDIA_HANDLERS);
    await page.reload();
    let probe = await startReading(page, TEXT);
    await page.keyboard.press('MediaPlayPause');
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'paused');
    const held = await expectClockStopped(page);
    await page.keyboard.press('MediaPlayPause');
    await page.waitForFunction((f) => window.__aloudPlayer!.stats().framesPlayed > f, held);
    expect((await readProbe(page)).phase).toBe('reading');

    await intoReading(page);
    await page.keyboard.press('MediaTrackNext');
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(1));
    await intoReading(page);
    await page.keyboard.press('MediaTrackPrevious');
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(0));

    // Windows hands one press to the page both as a keydown and to the MediaSession: one skip.
    await intoReading(page);
    let calls = startCalls();
    await page.evaluate(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'MediaTrackNext', bubbles: true }));
      window.__mediaHandlers!.nexttrack!();
    });
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(startOf(1));
    expect(startCalls() - calls).toBe(1);
    // ...and the same for play/pause: paused once, not paused and resumed.
    await page.evaluate(() => {
      window.__mediaHandlers!.pause!();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'MediaPlayPause', bubbles: true }));
    });
    expect((await readProbe(page)).phase).toBe('paused');
    await page.evaluate(() => window.__mediaHandlers!.play!());
    // Two presses from the same source are two presses.
    await intoReading(page);
    calls = startCalls();
    const started = startedIds().length;
    await page.evaluate(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'MediaTrackNext', bubbles: true }));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'MediaTrackNext', bubbles: true }));
    });
    await expect.poll(() => startedIds().length).toBe(started + 2);
    expect(startCalls() - calls).toBe(2);
    await nextReadingHighlights(page, startedIds()[started]!);

    // Media keys type nothing: they act while typing in the text box.
    await page.getByLabel('Text to read').focus();
    await page.keyboard.press('MediaPlayPause');
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'paused');
    // Playwright's keyboard has no MediaStop: the same keydown, sent to the focused text box.
    await page.getByLabel('Text to read').dispatchEvent('keydown', { key: 'MediaStop', bubbles: true });
    await waitForEnd(page);
    expect((await readProbe(page)).phase).toBe('stopped');
    expect(await page.getByLabel('Text to read').inputValue()).toBe(TEXT);
  });

  it('keyboard only: the text is one tab stop; Ctrl+arrows choose a word, Enter reads from it, heard and highlighted', async () => {
    reader = await openReader(harness);
    const { page } = reader;
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? '');
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByLabel('Text to read').focus();
    await page.keyboard.press('Tab');
    const before = startedIds().length;
    await page.keyboard.press('Enter'); // the Read button; the focus moves to the text
    let probe = await nextReadingHighlights(page, null, before);
    expect(await focused()).toBe('Text being read');
    // One tab stop for the whole text: nothing inside it takes the focus.
    expect(await page.locator('.reading').evaluate((el) => el.querySelectorAll('a, button, input, [tabindex]').length)).toBe(0);

    // Ctrl+Right from the spoken word, word by word, to "heron".
    const target = TEXT.indexOf('heron');
    const selected = () => page.evaluate(() => {
      const r = getSelection()!.getRangeAt(0);
      return { text: r.toString(), start: r.startOffset };
    });
    for (let i = 0; i < 40 && (await selected().catch(() => ({ start: -1 }))).start !== target; i++) {
      await page.keyboard.press('Control+ArrowRight');
    }
    expect(await selected()).toEqual({ text: 'heron', start: target });
    // Screen readers hear the word the cursor is on.
    await expect.poll(() => page.locator('.reading .sr-only[aria-live]').textContent()).toBe('heron');
    // Back one and forward again: "a", then "heron".
    await page.keyboard.press('Control+ArrowLeft');
    expect((await selected()).text).toBe('a');
    await page.keyboard.press('Control+ArrowRight');
    expect(await focused()).toBe('Text being read');

    await page.keyboard.press('Enter');
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]).toMatchObject({ text: 'heron', charStart: target });
    expect(firstChunkWord(probe.readingId)).toMatchObject({ charStart: target, charEnd: target + 'heron'.length });
    // The audio is playing from there: frames go on, and no word before "heron" is spoken again.
    const at = await framesPlayed(page);
    await page.waitForFunction((f) => window.__aloudPlayer!.stats().framesPlayed > f, at);
    expect((await readProbe(page)).highlights.every((h) => h.charStart >= target)).toBe(true);

    // With no word chosen, Ctrl+Left goes back from the spoken word: Enter re-reads from the word before it.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__aloudPlayer?.phase === 'paused');
    const spoken = (await readProbe(page)).highlights.at(-1)!;
    await page.keyboard.press('Control+ArrowLeft');
    const back = await selected();
    expect(back.start).toBeLessThan(spoken.charStart);
    expect(TEXT.slice(back.start + back.text.length, spoken.charStart).trim()).toBe('');
    await page.keyboard.press('Enter');
    probe = await nextReadingHighlights(page, probe.readingId);
    expect(probe.highlights[0]!.charStart).toBe(back.start);
    await page.keyboard.press('Escape');
    await waitForEnd(page);
  });
});
