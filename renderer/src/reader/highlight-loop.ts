// Moves the highlight with the audio: the word heard when an animation frame reaches the screen (the
// audio clock extrapolated one frame interval ahead), so a word lights up in the first frame shown
// after its onset. Between words it sleeps: a timer wakes it four frames before the next word is due,
// and only then does it ask for animation frames, so a minute of listening costs a few hundred
// wake-ups, not 3,600 frames (`npm run bench player` measures both). If the page stalled and several
// words started since the last frame, it steps one word a frame, so every word is shown and the
// highlight catches up in a few frames.
import type { PcmPlayer } from '../audio/pcm-player';
import type { PlayerTimeline, TimedWord } from './player-timeline';

/** Sees every move: the test probe's (player-probe.ts). Compiled out of the app: see `probeWatcher`. */
export interface HighlightWatcher {
  /** The highlight moved to `word` in the animation frame of `frameTime`; `heard`: as it reaches the screen. */
  moved(word: TimedWord, heard: number, drawn: number, frameTime: number): void;
  /** The loop looked in the animation frame of `frameTime` and took `heard` as the frame heard. */
  ticked(frameTime: number, heard: number): void;
}

/** How often it looks while nothing plays (paused, ended). */
const IDLE_WAKE_MS = 100;
/** The longest sleep between words (a long pause in the speech). */
const MAX_SLEEP_MS = 500;
/** Frames before the next word is due that the loop wakes and watches every frame. */
const WAKE_FRAMES_AHEAD = 4;

export class HighlightLoop {
  /** The display's frame interval as the animation frames show it (ms). */
  frameIntervalMs = 1000 / 60;
  /**
   * True: each frame takes the word heard when it reaches the screen. False (a bench's baseline): the
   * word heard as the frame is drawn.
   */
  aimAtScreen = true;
  /** True: wake at every animation frame, as the reader did before (a bench's baseline). */
  everyFrame = false;
  /** The word highlighted last, as an index into the timeline; -1 before the first. */
  wordIndex = -1;
  /**
   * Set by the probe in test builds only: every use sits behind `__ALOUD_PROBE__`, which the app's
   * build defines as false, so the app's bundle keeps none of it.
   */
  probeWatcher: HighlightWatcher | null = null;
  private timeline: PlayerTimeline | null = null;
  private raf = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFrameTime = 0;

  constructor(
    private readonly player: PcmPlayer,
    private readonly show: (word: TimedWord | null) => void,
  ) {}

  /** Follows a new reading's timeline from its first word. */
  follow(timeline: PlayerTimeline): void {
    this.timeline = timeline;
    this.wordIndex = -1;
    this.show(null);
    this.start();
  }

  /** Looks again at the next frame (also after a resume or a Speed change: the next word's time moved). */
  start(): void {
    this.stop();
    this.raf = requestAnimationFrame(this.tick);
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    clearTimeout(this.timer);
  }

  /**
   * The frame heard when an animation frame of `frameTime` reaches the screen (aimAtScreen), or now,
   * for an observer (the test probe): asking leaves the clock's answers to the loop as they were.
   */
  peekHeard(frameTime: number): number {
    return this.aimAtScreen ? this.player.heardFrame(frameTime + this.frameIntervalMs, false) : this.player.heardFrame(performance.now(), false);
  }

  /** Jumps to the word heard at `frame` at once (the reading played to its end). */
  jumpTo(frame: number): void {
    this.move(frame, 'all', frame, performance.now());
  }

  clear(): void {
    this.show(null);
  }

  private tick = (frameTime: number): void => {
    const gap = frameTime - this.lastFrameTime;
    // Consecutive frames only: a wake-up after a sleep says nothing of the display's rate.
    if (gap > 0 && gap < 50) this.frameIntervalMs += (gap - this.frameIntervalMs) * 0.1;
    this.lastFrameTime = frameTime;
    const drawn = this.player.heardFrame();
    const heard = this.aimAtScreen ? this.player.heardFrame(frameTime + this.frameIntervalMs) : drawn;
    this.move(heard, 'step', drawn, frameTime);
    if (__ALOUD_PROBE__) this.probeWatcher?.ticked(frameTime, heard);
    const sleep = this.everyFrame ? 0 : this.sleepAfter(heard) - (performance.now() - frameTime);
    if (sleep <= 0) this.raf = requestAnimationFrame(this.tick);
    else this.timer = setTimeout(() => (this.raf = requestAnimationFrame(this.tick)), sleep);
  };

  /**
   * How long after this frame nothing will change on screen: until a few frames before the next word is
   * heard (a timer may fire late on a busy machine; the frames before the word cost little).
   */
  private sleepAfter(heard: number): number {
    const timeline = this.timeline;
    if (!timeline) return IDLE_WAKE_MS;
    // Still catching up after a stall: the next frame shows the next word.
    if (timeline.wordAt(heard, this.wordIndex) > this.wordIndex) return 0;
    const stats = this.player.stats();
    if (stats.paused) return IDLE_WAKE_MS; // resume() looks again at once
    // Before the first word, waiting for audio after running dry, or playing out the last words: the
    // next word may be heard at any frame.
    if (this.wordIndex < 0 || stats.state === 'buffering' || stats.state === 'starved') return 0;
    if (stats.state === 'drained') return this.wordIndex < timeline.words.length - 1 ? 0 : IDLE_WAKE_MS;
    if (stats.state !== 'playing' || stats.sampleRate <= 0) return IDLE_WAKE_MS;
    // A word not yet known starts no sooner than the audio queued now runs out.
    const nextFrame = timeline.words[this.wordIndex + 1]?.frame ?? stats.framesQueued;
    const dueMs = ((nextFrame - heard) / (stats.sampleRate * this.player.speed)) * 1000;
    return Math.min(MAX_SLEEP_MS, dueMs - WAKE_FRAMES_AHEAD * this.frameIntervalMs);
  }

  private move(heard: number, mode: 'step' | 'all', drawn: number, frameTime: number): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const target = timeline.wordAt(heard, this.wordIndex);
    if (target <= this.wordIndex) return;
    const until = mode === 'step' ? this.wordIndex + 1 : target;
    const watcher = __ALOUD_PROBE__ ? this.probeWatcher : null;
    if (watcher) for (let i = this.wordIndex + 1; i <= until; i++) watcher.moved(timeline.words[i]!, heard, drawn, frameTime);
    this.wordIndex = until;
    this.show(timeline.words[until] ?? null);
  }
}
