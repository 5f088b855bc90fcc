// What the player reveals to the end-to-end tests and the benches: its figures, every word of the
// timeline and every move of the highlight, frame by frame. Only in test builds (`__ALOUD_PROBE__`,
// electron-vite's 'probe' mode): the app never keeps a log that grows with the reading.
import type { PlayerStats } from '../audio/pcm-player';
import type { TimedWord } from './player-timeline';
import type { ReaderPhase } from './reader-status';
import type { AloudClient } from '../app/aloud-client';
import type { ReadingSession } from './reading-session';

export interface HighlightLogEntry {
  /** Index of the word in the reading. */
  index: number;
  text: string;
  charStart: number;
  /** Frame heard when the highlight's move reached the screen (see PlayerProbe.aimAtScreen). */
  frame: number;
  /** Frame heard when the frame that moved it was drawn. */
  drawnFrame: number;
  /** The animation frame's time (performance.now() clock) that moved it. */
  frameTime: number;
}

export interface PlayerProbe {
  readingId: string | null;
  readonly phase: ReaderPhase;
  stats(): PlayerStats;
  /** Every word of the timeline, with its start frame. */
  words(): readonly TimedWord[];
  /** Each word the highlight moved to, in order. */
  highlights: HighlightLogEntry[];
  /** Animation frames drawn while audio was playing (seen by the probe itself: the highlight sleeps between words). */
  animationFrames: number;
  /** Of those, frames that showed another word than the one being heard (catching up after a stall). */
  staleFrames: number;
  /**
   * Whether the probe looks at every animation frame (for animationFrames, staleFrames, maxHeardStep);
   * a bench turns it off to measure the reader's own CPU time.
   */
  sampleFrames: boolean;
  /** Largest advance of the heard position between two animation frames, in frames (page stalls). */
  maxHeardStep: number;
  /** The display's frame interval as the animation frames show it (ms). */
  readonly frameIntervalMs: number;
  /**
   * True: each frame highlights the word heard when it reaches the screen, one frame interval after
   * the frame's time (highlights[].frame is then the frame heard on screen). False, for comparison:
   * the word heard as the frame is drawn (highlights[].frame is then heard at drawing time).
   */
  aimAtScreen: boolean;
  /** True: the highlight wakes at every animation frame, as the reader did before (a bench's baseline). */
  everyFrame: boolean;
  /** performance.now() of the reading's start, its first chunk and its first frame rendered. */
  times: { started: number; firstChunk: number; firstPlayed: number };
  /** Playback speed and volume, as the reader's controls set them. */
  setSpeed(speed: number): void;
  setVolume(volume: number): void;
  /** Records the next `seconds` of the worklet's output (channel 0), and reads it back. */
  startTap(seconds: number): void;
  /** What the tap recorded, and the context frame of its first sample (the clock stats' frames count in). */
  readTap(): Promise<{ samples: number[]; startFrame: number }>;
}

/**
 * A probe over `session`, watching it from outside from now on: the reading events from main (as the
 * session hears them, after it), the player's clock, and the highlight loop.
 */
export function attachPlayerProbe(session: ReadingSession, aloud: Pick<AloudClient, 'on'>): PlayerProbe {
  let lastHeard = -1;
  let sampling = true;
  let raf = 0;
  /** Frames seen, judged once every callback of their frame has run (at a later frame). */
  let pending: { time: number; heard: number; playing: boolean }[] = [];
  /** How many of the highlight's moves had happened by the frames judged so far. */
  let movesSeen = 0;
  /** The frame heard as the highlight loop took it, in the frames it looked (the clock is read once per frame). */
  const loopHeard = new Map<number, number>();
  const probe: PlayerProbe = {
    readingId: null,
    get phase() {
      return session.phaseNow;
    },
    stats: () => session.stats(),
    words: () => session.words(),
    highlights: [],
    animationFrames: 0,
    staleFrames: 0,
    maxHeardStep: 0,
    get frameIntervalMs() {
      return session.highlightLoop.frameIntervalMs;
    },
    get sampleFrames() {
      return sampling;
    },
    set sampleFrames(on: boolean) {
      sampling = on;
      cancelAnimationFrame(raf);
      pending = [];
      if (on) raf = requestAnimationFrame(sample);
    },
    get everyFrame() {
      return session.highlightLoop.everyFrame;
    },
    set everyFrame(on: boolean) {
      session.highlightLoop.everyFrame = on;
    },
    get aimAtScreen() {
      return session.highlightLoop.aimAtScreen;
    },
    set aimAtScreen(on: boolean) {
      session.highlightLoop.aimAtScreen = on;
    },
    times: { started: NaN, firstChunk: NaN, firstPlayed: NaN },
    setSpeed: (speed) => session.setSpeed(speed),
    setVolume: (volume) => session.setVolume(volume),
    startTap: (seconds) => session.player.startTap(seconds),
    readTap: async () => {
      const tap = await session.player.readTap();
      return { samples: Array.from(tap.samples), startFrame: tap.startFrame };
    },
  };
  // Whether each frame showed the word heard as it reached the screen: the word shown is the last the
  // highlight moved to in a frame at or before it.
  const judge = (before: number) => {
    const words = session.words();
    while (pending.length > 0 && pending[0]!.time < before) {
      const f = pending.shift()!;
      const heard = loopHeard.get(f.time) ?? f.heard;
      while (movesSeen < probe.highlights.length && probe.highlights[movesSeen]!.frameTime <= f.time) movesSeen++;
      const shown = movesSeen > 0 ? probe.highlights[movesSeen - 1]!.index : -1;
      const behind = (words[shown + 1]?.frame ?? Infinity) <= heard;
      const ahead = shown >= 0 && words[shown]!.frame > heard;
      probe.animationFrames++;
      if (f.playing && (behind || ahead)) probe.staleFrames++;
    }
    for (const time of loopHeard.keys()) if (time < before) loopHeard.delete(time);
  };
  const sample = (frameTime: number) => {
    judge(frameTime);
    const state = session.stats().state;
    if (session.words().length > 0 && (state === 'playing' || state === 'drained')) {
      const heard = session.highlightLoop.peekHeard(frameTime);
      if (lastHeard >= 0) probe.maxHeardStep = Math.max(probe.maxHeardStep, heard - lastHeard);
      lastHeard = heard;
      pending.push({ time: frameTime, heard, playing: state === 'playing' });
    }
    if (sampling) raf = requestAnimationFrame(sample);
  };
  raf = requestAnimationFrame(sample);
  session.highlightLoop.probeWatcher = {
    moved(word, heard, drawn, frameTime) {
      probe.highlights.push({ index: word.index, text: word.text, charStart: word.charStart, frame: heard, drawnFrame: drawn, frameTime });
    },
    ticked(frameTime, heard) {
      if (sampling) loopHeard.set(frameTime, heard);
    },
  };
  aloud.on('reading:started', ({ readingId }) => {
    probe.readingId = readingId;
    probe.highlights = [];
    probe.animationFrames = 0;
    probe.staleFrames = 0;
    probe.maxHeardStep = 0;
    probe.times = { started: performance.now(), firstChunk: NaN, firstPlayed: NaN };
    lastHeard = -1;
    pending = [];
    movesSeen = 0;
    loopHeard.clear();
  });
  aloud.on('reading:chunk', ({ readingId }) => {
    if (readingId === probe.readingId && Number.isNaN(probe.times.firstChunk)) probe.times.firstChunk = performance.now();
  });
  session.player.onClock(() => {
    if (Number.isNaN(probe.times.firstPlayed) && probe.readingId !== null && session.player.stats().framesPlayed > 0) probe.times.firstPlayed = performance.now();
  });
  return probe;
}
