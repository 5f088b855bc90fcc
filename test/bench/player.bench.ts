// The player in Chromium: how far the highlight lags each word's onset on the audio clock, and the
// renderer's CPU time per minute of audio at 1x (direct copy: the baseline), 1x forced through the
// time-stretcher (1.001x) and 3x. The reading is the built-in voice (word timings) on ~30 s of text.
// The lag counts until the frame that moves the highlight is on screen, one frame interval after the
// frame's time; beside it, in the same run, the reader choosing the word as the frame is drawn
// (probe.aimAtScreen = false: what the reader did before), whose change shows a frame later.
// CPU is the user+system time (/proc) of the renderer processes that appeared with this bench's
// Chromium (the audio worklet runs there); another Chromium started at the same moment would count too.
import { readdirSync, readFileSync } from 'node:fs';
import { ensureRendererBuilt, openReader, readProbe, waitForEnd } from '../e2e/chromium';
import { startBuiltinVoiceHarness } from '../e2e/service-harness';
import { englishText } from '../support/english-text';
import { median, percentile, report, reportRatio } from './format';

const TICKS = 100; // USER_HZ on Linux

function pids(): string[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d));
}

/** Renderer processes of Chromium among `candidates`. */
function renderers(candidates: string[]): string[] {
  return candidates.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}

/** CPU seconds used so far by these processes (user + system). */
function cpuSeconds(processes: string[]): number {
  let ticks = 0;
  for (const pid of processes) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / TICKS;
}

export default async function bench(): Promise<void> {
  ensureRendererBuilt();
  const harness = await startBuiltinVoiceHarness({ rendererDir: process.env.ALOUD_RENDERER_DIR });
  const text = englishText(90, 7);
  const results: Record<string, { cpuPerMinute: number; lagMs: number[]; stale: number; frames: number }> = {};
  try {
    for (const [label, speed, aimAtScreen] of [
      ['1x', 1, true],
      ['1x, word chosen as drawn', 1, false],
      ['1x through the stretcher', 1.001, true],
      ['3x', 3, true],
      ['3x, word chosen as drawn', 3, false],
    ] as const) {
      const before = new Set(pids());
      const reader = await openReader(harness);
      try {
        const { page } = reader;
        const mine = renderers(pids().filter((p) => !before.has(p)));
        await page.waitForFunction(() => window.__aloudPlayer !== undefined);
        await page.evaluate(([s, aim]) => {
          window.__aloudPlayer!.setSpeed(s);
          window.__aloudPlayer!.aimAtScreen = aim;
        }, [speed, aimAtScreen] as const);
        await page.getByLabel('Text to read').fill(text);
        const cpu0 = cpuSeconds(mine);
        await page.getByRole('button', { name: 'Read' }).click();
        await waitForEnd(page, 300_000);
        const cpu = cpuSeconds(mine) - cpu0;
        const probe = await readProbe(page);
        const interval = await page.evaluate(() => window.__aloudPlayer!.frameIntervalMs);
        const audioMinutes = probe.stats.framesPlayed / probe.stats.sampleRate / 60;
        // Lag of each highlight behind its word's onset, in ms of output (the stretched clock), until on screen.
        const onScreen = aimAtScreen ? 0 : interval;
        const lagMs = probe.highlights.map((h) => ((h.frame - probe.words[h.index]!.frame) / probe.stats.sampleRate / speed) * 1000 + onScreen);
        results[label] = { cpuPerMinute: cpu / audioMinutes, lagMs, stale: probe.staleFrames, frames: probe.animationFrames };
      } finally {
        await reader.close();
      }
    }
  } finally {
    await harness.close();
  }
  const base = results['1x']!;
  for (const [label, r] of Object.entries(results)) {
    if (label.includes('as drawn')) continue;
    const drawn = results[`${label}, word chosen as drawn`];
    if (drawn) {
      reportRatio(`highlight lag on screen at ${label}, median`, median(r.lagMs), 'ms', 'word chosen as drawn', median(drawn.lagMs));
      reportRatio(`highlight lag on screen at ${label}, p95`, percentile(r.lagMs, 95), 'ms', 'word chosen as drawn', percentile(drawn.lagMs, 95));
    } else {
      report(`highlight lag on screen at ${label}, median`, median(r.lagMs), 'ms');
      report(`highlight lag on screen at ${label}, p95`, percentile(r.lagMs, 95), 'ms', '< 17 ms');
    }
    report(`animation frames off the word heard at ${label}`, (100 * r.stale) / Math.max(1, r.frames), '%', '< 1%');
    reportRatio(`renderer CPU per minute of audio at ${label}`, r.cpuPerMinute, 's', '1x (direct copy)', base.cpuPerMinute);
  }
}
