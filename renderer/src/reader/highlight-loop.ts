// Moves the highlight with the audio: once per animation frame, the word heard when that frame
// reaches the screen (the audio clock extrapolated one frame interval ahead), so a word lights up in
// the first frame shown after its onset. If the page stalled and several words started since the last
// frame, it steps one word a frame, so every word is shown and the highlight catches up in a few frames.
import type { PcmPlayer } from '../audio/pcm-player';
import type { PlayerTimeline, TimedWord } from './player-timeline';

/** Sees every frame and every move (the test probe, in test builds only). */
export interface HighlightWatcher {
  /** An animation frame while audio plays: the frame heard, and whether it showed another word. */
  frame(heard: number, stale: boolean): void;
  moved(word: TimedWord, heard: number, drawn: number): void;
}

export class HighlightLoop {
  /** The display's frame interval as the animation frames show it (ms). */
  frameIntervalMs = 1000 / 60;
  /**
   * True: each frame takes the word heard when it reaches the screen. False (a bench's baseline): the
   * word heard as the frame is drawn.
   */
  aimAtScreen = true;
  /** The word highlighted last, as an index into the timeline; -1 before the first. */
  wordIndex = -1;
  watcher: HighlightWatcher | null = null;
  private timeline: PlayerTimeline | null = null;
  private raf = 0;
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

  start(): void {
    cancelAnimationFrame(this.raf);
    this.raf = requestAnimationFrame(this.tick);
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
  }

  /** Jumps to the word heard at `frame` at once (the reading played to its end). */
  jumpTo(frame: number): void {
    this.move(frame, 'all', frame);
  }

  clear(): void {
    this.show(null);
  }

  private tick = (frameTime: number): void => {
    const gap = frameTime - this.lastFrameTime;
    if (gap > 0 && gap < 50) this.frameIntervalMs += (gap - this.frameIntervalMs) * 0.1;
    this.lastFrameTime = frameTime;
    const state = this.player.stats().state;
    const drawn = this.player.heardFrame();
    const heard = this.aimAtScreen ? this.player.heardFrame(frameTime + this.frameIntervalMs) : drawn;
    this.move(heard, 'step', drawn);
    if (this.watcher && this.timeline && (state === 'playing' || state === 'drained')) {
      this.watcher.frame(heard, state === 'playing' && this.timeline.wordAt(heard, this.wordIndex) !== this.wordIndex);
    }
    this.raf = requestAnimationFrame(this.tick);
  };

  private move(heard: number, mode: 'step' | 'all', drawn: number): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const target = timeline.wordAt(heard, this.wordIndex);
    if (target <= this.wordIndex) return;
    const until = mode === 'step' ? this.wordIndex + 1 : target;
    if (this.watcher) for (let i = this.wordIndex + 1; i <= until; i++) this.watcher.moved(timeline.words[i]!, heard, drawn);
    this.wordIndex = until;
    this.show(timeline.words[until] ?? null);
  }
}
