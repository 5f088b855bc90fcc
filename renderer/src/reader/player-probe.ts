// What the player reveals to the end-to-end tests and the benches: its figures, every word of the
// timeline and every move of the highlight, frame by frame. Only in test builds (`__ALOUD_PROBE__`,
// electron-vite's 'probe' mode): the app never keeps a log that grows with the reading.
import type { PlayerStats } from '../audio/pcm-player';
import type { HighlightWatcher } from './highlight-loop';
import type { TimedWord } from './player-timeline';
import type { ReaderPhase } from './reader-status';
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
}

export interface PlayerProbe {
  readingId: string | null;
  phase: ReaderPhase;
  stats(): PlayerStats;
  /** Every word of the timeline, with its start frame. */
  words(): readonly TimedWord[];
  /** Each word the highlight moved to, in order. */
  highlights: HighlightLogEntry[];
  /** Animation frames drawn while audio was playing. */
  animationFrames: number;
  /** Of those, frames that showed another word than the one being heard (catching up after a stall). */
  staleFrames: number;
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
  /** performance.now() of the reading's start, its first chunk and its first frame rendered. */
  times: { started: number; firstChunk: number; firstPlayed: number };
  /** Playback speed and volume, as the reader's controls set them. */
  setSpeed(speed: number): void;
  setVolume(volume: number): void;
  /** Records the next `seconds` of the worklet's output (channel 0), and reads it back. */
  startTap(seconds: number): void;
  readTap(): Promise<number[]>;
}

/** What the session tells the probe as a reading goes. */
export interface SessionWatcher {
  started(readingId: string): void;
  firstChunk(): void;
  firstPlayed(): void;
  phase(phase: ReaderPhase): void;
}

/** A probe over `session`, watching it and its highlight loop from now on. */
export function attachPlayerProbe(session: ReadingSession): PlayerProbe {
  let lastHeard = -1;
  const probe: PlayerProbe = {
    readingId: null,
    phase: 'idle',
    stats: () => session.stats(),
    words: () => session.words(),
    highlights: [],
    animationFrames: 0,
    staleFrames: 0,
    maxHeardStep: 0,
    get frameIntervalMs() {
      return session.highlightLoop.frameIntervalMs;
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
    startTap: (seconds) => session.startTap(seconds),
    readTap: () => session.readTap(),
  };
  const frames: HighlightWatcher = {
    frame(heard, stale) {
      probe.animationFrames++;
      if (lastHeard >= 0) probe.maxHeardStep = Math.max(probe.maxHeardStep, heard - lastHeard);
      lastHeard = heard;
      if (stale) probe.staleFrames++;
    },
    moved(word, heard, drawn) {
      probe.highlights.push({ index: word.index, text: word.text, charStart: word.charStart, frame: heard, drawnFrame: drawn });
    },
  };
  session.highlightLoop.watcher = frames;
  session.watcher = {
    started(readingId) {
      probe.readingId = readingId;
      probe.highlights = [];
      probe.animationFrames = 0;
      probe.staleFrames = 0;
      probe.maxHeardStep = 0;
      probe.times = { started: performance.now(), firstChunk: NaN, firstPlayed: NaN };
      lastHeard = -1;
    },
    firstChunk() {
      if (Number.isNaN(probe.times.firstChunk)) probe.times.firstChunk = performance.now();
    },
    firstPlayed() {
      if (Number.isNaN(probe.times.firstPlayed)) probe.times.firstPlayed = performance.now();
    },
    phase(phase) {
      probe.phase = phase;
    },
  };
  return probe;
}
