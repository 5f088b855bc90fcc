// Launching Debian's Chromium for the end-to-end tests, with audio really flowing: Playwright's
// default --mute-audio is removed, autoplay needs no gesture, and each run gets a fresh profile.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { GUIDE_DONE_KEY } from '../../renderer/src/reader/FirstRunGuide';
import type { PlayerProbe } from '../../renderer/src/reader/player-probe';
import { RENDERER_DIR, type Harness } from './harness';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/**
 * How long any wait in the end-to-end tests may take on a busy machine: Playwright's actions,
 * locator.waitFor and page.waitForFunction (the page's default, set in openReader), like vitest's
 * expect.poll (its default, the same figure, in vitest.config.ts). Tests name no timeout of their own.
 */
export const WAIT_MS = 60_000;
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the renderer if out/renderer is missing (`npm test` builds it before vitest runs). */
export function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  execFileSync('npx', ['electron-vite', 'build', '--mode', 'probe'], { cwd: REPO, stdio: 'inherit' });
}

export interface Reader {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page (CSP violations show up here). */
  problems: string[];
  /** Closes Chromium and removes its profile. */
  close(): Promise<void>;
}

/**
 * `firstRun`: the reader as a new user first sees it, with its first-run guide; otherwise (most tests)
 * as someone who has been through the guide.
 * `deviceScaleFactor`: the window's pixels per CSS pixel, fixed for the browser's life: 2 with a
 * viewport half the window's size is the window at 200% zoom, as a person sees it.
 */
export async function openReader(harness: Harness, opts: { colorScheme?: 'light' | 'dark'; initScript?: string; firstRun?: boolean; deviceScaleFactor?: number } = {}): Promise<Reader> {
  const profile = mkdtempSync(join(tmpdir(), 'aloud-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
    ignoreDefaultArgs: ['--mute-audio'],
    viewport: { width: 900, height: 700 },
    ...(opts.deviceScaleFactor ? { deviceScaleFactor: opts.deviceScaleFactor } : {}),
    colorScheme: opts.colorScheme ?? 'light',
  });
  context.setDefaultTimeout(WAIT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(harness.initScript);
  if (!opts.firstRun) await page.addInitScript(`try { localStorage.setItem(${JSON.stringify(GUIDE_DONE_KEY)}, 'done'); } catch {}`);
  if (opts.initScript) await page.addInitScript(opts.initScript);
  await page.goto(harness.url);
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      // Chromium's helpers may still be writing to the profile for a moment after closing.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** What window.__aloudPlayer reports, copied out of the page. */
export interface ProbeSnapshot {
  readingId: string | null;
  phase: PlayerProbe['phase'];
  stats: ReturnType<PlayerProbe['stats']>;
  words: ReturnType<PlayerProbe['words']>;
  highlights: PlayerProbe['highlights'];
  animationFrames: number;
  staleFrames: number;
  maxHeardStep: number;
  frameIntervalMs: number;
  times: PlayerProbe['times'];
}

export function readProbe(page: Page): Promise<ProbeSnapshot> {
  return page.evaluate(() => {
    const p = window.__aloudPlayer;
    if (!p) throw new Error('window.__aloudPlayer is missing: the reader did not start');
    return {
      readingId: p.readingId,
      phase: p.phase,
      stats: p.stats(),
      words: [...p.words()],
      highlights: [...p.highlights],
      animationFrames: p.animationFrames,
      staleFrames: p.staleFrames,
      maxHeardStep: p.maxHeardStep,
      frameIntervalMs: p.frameIntervalMs,
      times: { ...p.times },
    };
  });
}

/** Waits until the reading ends one way or another; generous, for a loaded machine. */
export async function waitForEnd(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForFunction(() => ['finished', 'stopped', 'error'].includes(window.__aloudPlayer?.phase ?? ''), null, {
    timeout,
    polling: 100,
  });
}

/**
 * Waits until no CSS transition or animation runs in the page: after a change of theme or colour
 * scheme the controls' colours fade for a moment, and axe must read the colours they end at.
 */
export async function transitionsDone(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { polling: 50 });
}

/**
 * How many animation frames may show a word other than the one heard. A page that missed frames (a
 * busy machine) catches up a word a frame, so its stale frames measure the load, not the reader: the
 * figure is the bench's (npm run bench player). A page that kept pace (no gap over three frame
 * intervals) must be on the heard word in 99% of its frames; one that stalled, in 75%.
 */
export function staleFrameLimit(probe: ProbeSnapshot): { limit: number; keptPace: boolean; gapIntervals: number } {
  const framesPerInterval = (probe.stats.sampleRate * probe.frameIntervalMs) / 1000;
  const keptPace = probe.maxHeardStep <= 3 * framesPerInterval;
  return { limit: keptPace ? 0.01 : 0.25, keptPace, gapIntervals: probe.maxHeardStep / framesPerInterval };
}
