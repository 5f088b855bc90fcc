// A reading cut off by a crash plays from the Library view in Chromium. A child process records a
// real built-in-voice reading into the library at streaming pace and is killed with SIGKILL part way;
// the whole core then opens that library (as the next start would) with the voice switched off and no
// provider at all. The Library lists the reading as partial with the duration it saved; Play plays it
// in the reader: the saved words, highlighted in order, up to the cut, 0 underruns, ending there.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { startReading } from '../../electron/speech/reading';
import { formatDuration } from '../../renderer/src/app/format';
import { cutReadingByCrash } from '../integration/history-cut-reading';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const TEXT =
  'A crash can come at any moment. What was saved before it stays in the library, and plays again as far as it got. ' +
  'The rest of this reading was never written, so the player must stop cleanly where the saved audio ends.';
/** The encoder holds back its last few ms until a stream is closed, which a crash never does. */
const ENCODER_TAIL_MS = 60;

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('a reading cut off by a crash, played from the Library in Chromium', () => {
  let harness: Harness;
  let core: AppCore;
  let reader: Reader;
  let live: Chunk[];
  let saved: number;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    // The live reading: real built-in-voice chunks with the engine's own word timings.
    const voice = createBuiltinVoice();
    live = [];
    try {
      const reading = startReading({ readingId: 'crashed', text: TEXT, synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, lookahead: Infinity });
      for await (const c of reading.chunks()) live.push(c);
    } finally {
      await voice.close();
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'aloud-e2e-crashed-'));
    await cutReadingByCrash({
      dbPath: join(dataDir, 'library.sqlite'),
      meta: { id: 'crashed', text: TEXT, provider: 'builtin', voice: DEFAULT_BUILTIN_VOICE, synthRate: 1 },
      chunks: live,
      killAfter: Math.floor(live.length / 2),
    });
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit, { dataDir });
        // No voice from the first moment: only the library can play.
        core.voiceOn = false;
        return core;
      },
    });
    saved = core.store.get('crashed')!.chunkCount;
    reader = await openReader(harness);
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const tab = (page: Page, name: string) => page.getByRole('tab', { name });

  it('lists it as partial with its saved duration, and plays the saved words up to the cut, ending cleanly there', async () => {
    expect(saved).toBeGreaterThanOrEqual(Math.floor(live.length / 2));
    expect(saved).toBeLessThan(live.length);
    const stored = core.store.get('crashed')!;
    expect(stored.status).toBe('partial');
    const cutMs = live[saved - 1]!.startMs + live[saved - 1]!.durationMs;
    expect(stored.durationMs).toBeCloseTo(cutMs, 3);

    const { page } = reader;
    await tab(page, 'Library').click();
    const row = page.getByRole('listitem').filter({ hasText: 'A crash can come at any moment.' });
    await row.waitFor();
    await expect.poll(() => row.locator('.row-meta').textContent()).toContain(`${formatDuration(cutMs)} · Partial: cut off`);
    await row.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => tab(page, 'Reader').getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction(() => Boolean(window.__aloudPlayer?.readingId));
    await waitForEnd(page);
    const replay = await readProbe(page);
    const figures = JSON.stringify(replay.stats);
    expect(replay.phase, figures).toBe('finished');
    expect(replay.stats.underruns, figures).toBe(0);

    // The audio ends where the saved audio ends: at the cut, less what the encoder still held.
    const playedMs = (replay.stats.framesQueued / replay.stats.sampleRate) * 1000;
    expect(playedMs, figures).toBeLessThanOrEqual(cutMs + 2);
    expect(playedMs, figures).toBeGreaterThan(cutMs - ENCODER_TAIL_MS);
    expect(replay.stats.framesPlayed, figures).toBeGreaterThanOrEqual(replay.stats.framesQueued);

    // The saved words, in order, at their live times; every one the saved audio holds, none after.
    const savedWords = live.slice(0, saved).flatMap((c) => c.words);
    expect(replay.words.length).toBeGreaterThan(0);
    expect(replay.words.map((w) => [w.text, w.charStart, w.charEnd])).toEqual(savedWords.slice(0, replay.words.length).map((w) => [w.text, w.charStart, w.charEnd]));
    expect(savedWords.filter((w) => w.startMs < cutMs - ENCODER_TAIL_MS).length).toBeLessThanOrEqual(replay.words.length);
    replay.words.forEach((w, i) => {
      const liveFrame = (savedWords[i]!.startMs / 1000) * replay.stats.sampleRate;
      expect(Math.abs(w.frame - liveFrame), `word ${i} '${w.text}'`).toBeLessThanOrEqual(2);
    });
    // Each highlighted once, in order, once its audio was heard.
    expect(replay.highlights.map((h) => h.charStart)).toEqual(replay.words.map((w) => w.charStart));
    for (const h of replay.highlights) expect(h.frame).toBeGreaterThanOrEqual(replay.words[h.index]!.frame);

    // Nothing was synthesized or saved anew, and the reading stays as the crash left it.
    expect(harness.events.some((e) => e.channel === 'reading:fallback')).toBe(false);
    expect(core.store.count()).toBe(1);
    expect(core.store.get('crashed')!.status).toBe('partial');
    expect(reader.problems).toEqual([]);
    console.log(
      `partial replay: ${saved} of ${live.length} chunks saved, cut at ${cutMs.toFixed(0)} ms, played ${playedMs.toFixed(0)} ms, ` +
        `${replay.words.length} of ${live.flatMap((c) => c.words).length} words highlighted, ${replay.stats.underruns} underruns`,
    );
  });
});
