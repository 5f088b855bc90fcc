// The player in Chromium: how far the highlight lags each word's onset on the audio clock, and the
// renderer's CPU time per minute of audio at 1x, 1x forced through the time-stretcher (1.001x) and 3x.
// The reading is the built-in voice (word timings) on ~30 s of text.
// The lag counts until the frame that moves the highlight is on screen, one frame interval after the
// frame's time; beside it, in the same run, the reader choosing the word as the frame is drawn
// (probe.aimAtScreen = false: what the reader did before), whose change shows a frame later. The lag
// passes have the probe look at every frame (stale frames); the CPU passes have it look at none, and
// set the reader as it is (the highlight sleeping between words) beside the reader waking at every
// animation frame, as it did before (probe.everyFrame).
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

interface Pass {
  label: string;
  speed: number;
  aimAtScreen: boolean;
  /** 'lag': the probe looks at every frame (lag, stale frames); 'cpu': it looks at none (CPU alone). */
  measure: 'lag' | 'cpu';
  /** The highlight wakes at every animation frame, as the reader did before. */
  everyFrame: boolean;
}

const PASSES: Pass[] = [
  { label: '1x', speed: 1, aimAtScreen: true, measure: 'lag', everyFrame: false },
  { label: '1x, word chosen as drawn', speed: 1, aimAtScreen: false, measure: 'lag', everyFrame: false },
  { label: '1x through the stretcher', speed: 1.001, aimAtScreen: true, measure: 'lag', everyFrame: false },
  { label: '3x', speed: 3, aimAtScreen: true, measure: 'lag', everyFrame: false },
  { label: '3x, word chosen as drawn', speed: 3, aimAtScreen: false, measure: 'lag', everyFrame: false },
  { label: 'cpu 1x', speed: 1, aimAtScreen: true, measure: 'cpu', everyFrame: false },
  { label: 'cpu 1x, every frame', speed: 1, aimAtScreen: true, measure: 'cpu', everyFrame: true },
  { label: 'cpu 1x through the stretcher', speed: 1.001, aimAtScreen: true, measure: 'cpu', everyFrame: false },
  { label: 'cpu 3x', speed: 3, aimAtScreen: true, measure: 'cpu', everyFrame: false },
  { label: 'cpu 3x, every frame', speed: 3, aimAtScreen: true, measure: 'cpu', everyFrame: true },
];

export default async function bench(): Promise<void> {
  ensureRendererBuilt();
  const harness = await startBuiltinVoiceHarness({ rendererDir: process.env.ALOUD_RENDERER_DIR });
  const text = englishText(90, 7);
  const results: Record<string, { cpuPerMinute: number; lagMs: number[]; stale: number; frames: number; sampleRate: number; audioSeconds: number }> = {};
  let floorPerMinute: number;
  try {
    for (const pass of PASSES) {
      const before = new Set(pids());
      const reader = await openReader(harness);
      try {
        const { page } = reader;
        const mine = renderers(pids().filter((p) => !before.has(p)));
        await page.waitForFunction(() => window.__aloudPlayer !== undefined);
        await page.evaluate((p) => {
          const probe = window.__aloudPlayer!;
          probe.setSpeed(p.speed);
          probe.aimAtScreen = p.aimAtScreen;
          probe.everyFrame = p.everyFrame;
          probe.sampleFrames = p.measure === 'lag';
        }, pass);
        await page.getByLabel('Text to read').fill(text);
        const cpu0 = cpuSeconds(mine);
        await page.getByRole('button', { name: 'Read' }).click();
        await waitForEnd(page, 300_000);
        const cpu = cpuSeconds(mine) - cpu0;
        const probe = await readProbe(page);
        const interval = await page.evaluate(() => window.__aloudPlayer!.frameIntervalMs);
        const audioMinutes = probe.stats.framesPlayed / probe.stats.sampleRate / 60;
        // Lag of each highlight behind its word's onset, in ms of output (the stretched clock), until on screen.
        const onScreen = pass.aimAtScreen ? 0 : interval;
        const lagMs = probe.highlights.map((h) => ((h.frame - probe.words[h.index]!.frame) / probe.stats.sampleRate / pass.speed) * 1000 + onScreen);
        results[pass.label] = {
          cpuPerMinute: cpu / audioMinutes,
          lagMs,
          stale: probe.staleFrames,
          frames: probe.animationFrames,
          sampleRate: probe.stats.sampleRate,
          audioSeconds: audioMinutes * 60,
        };
      } finally {
        await reader.close();
      }
    }
    // The floor: the same Chromium playing a tone at the reading's rate for as long, through a bare
    // AudioContext (no reader work at all): what playing audio costs this browser by itself.
    const reading = results['cpu 1x']!;
    const before = new Set(pids());
    const reader = await openReader(harness);
    try {
      const mine = renderers(pids().filter((p) => !before.has(p)));
      const cpu0 = cpuSeconds(mine);
      await reader.page.evaluate(async ({ rate, seconds }) => {
        const ctx = new AudioContext({ sampleRate: rate, latencyHint: 'playback' });
        const tone = ctx.createOscillator();
        const gain = ctx.createGain();
        gain.gain.value = 0.1;
        tone.connect(gain).connect(ctx.destination);
        tone.start();
        await new Promise((done) => setTimeout(done, seconds * 1000));
        await ctx.close();
      }, { rate: reading.sampleRate, seconds: reading.audioSeconds });
      floorPerMinute = (cpuSeconds(mine) - cpu0) / (reading.audioSeconds / 60);
    } finally {
      await reader.close();
    }
  } finally {
    await harness.close();
  }
  reportRatio('renderer CPU per minute of a bare AudioContext playing a tone (the floor)', floorPerMinute, 's', 'the reader at 1x', results['cpu 1x']!.cpuPerMinute);
  for (const pass of PASSES) {
    const r = results[pass.label]!;
    const label = pass.label.replace(/^cpu /, '');
    if (pass.measure === 'cpu') {
      // The reader as it is, beside the reader waking at every frame as it did before.
      if (pass.everyFrame) continue;
      const before = results[`${pass.label}, every frame`];
      if (before) reportRatio(`renderer CPU per minute of audio at ${label} (aim: <= 2 s at 1x)`, r.cpuPerMinute, 's', 'waking every frame (before)', before.cpuPerMinute);
      else reportRatio(`renderer CPU per minute of audio at ${label}`, r.cpuPerMinute, 's', '1x (direct copy)', results['cpu 1x']!.cpuPerMinute);
      continue;
    }
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
  }
}
