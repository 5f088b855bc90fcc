// Carries out readings in the renderer: takes the main process's events (started, chunk, ended,
// player commands), feeds the player, tells main where playback is, and moves the highlight.
// The highlight moves once per animation frame from the audio clock; progress and the end of a
// reading are driven by the worklet's own messages, so they keep going when the window is hidden.
import type { Chunk } from '../../../shared/chunk';
import type { AloudApi, EventPayload } from '../../../shared/ipc';
import { PcmPlayer, type PlayerStats } from '../audio/pcm-player';
import { WordTimeline, type TimedWord } from './word-timeline';

export type ReaderPhase = 'idle' | 'starting' | 'reading' | 'paused' | 'finished' | 'stopped' | 'error';

export interface ReaderStatus {
  phase: ReaderPhase;
  /** One sentence for the status line (announced by screen readers). */
  message: string;
}

export interface ReaderView {
  showReading(reading: { readingId: string; text: string; voice: string; rate: number }): void;
  showStatus(status: ReaderStatus): void;
  /** Highlights the word being spoken, or nothing. */
  highlight(word: TimedWord | null): void;
}

export interface HighlightLogEntry {
  /** Index of the word in the reading. */
  index: number;
  text: string;
  charStart: number;
  /** Frame being heard when the highlight moved to this word. */
  frame: number;
}

/** What the player reveals for tests and diagnostics; cheap to keep. */
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
}

/** After an underrun, how much audio to gather before playing on. */
const REBUFFER_SECONDS = 0.3;

interface Current {
  readingId: string;
  timeline: WordTimeline;
  /** False until the first chunk sets the player's rate. */
  begun: boolean;
  /** Segment of the first chunk; once a later one arrives the start prebuffer is no longer needed. */
  firstSegment: number;
  prebufferRelaxed: boolean;
  ended: EventPayload<'reading:ended'> | null;
  wordHint: number;
  segmentHint: number;
  reportedSegment: number;
}

export class ReadingSession {
  private readonly player = new PcmPlayer();
  private current: Current | null = null;
  private phase: ReaderPhase = 'idle';
  /** The player's figures when the last reading ended (the live ones are reset for the next). */
  private finalStats: PlayerStats | null = null;
  private raf = 0;
  private readonly unsubscribe: (() => void)[] = [];
  readonly probe: PlayerProbe;

  constructor(
    private readonly api: AloudApi,
    private readonly view: ReaderView,
  ) {
    this.probe = {
      readingId: null,
      phase: 'idle',
      stats: () => this.finalStats ?? this.player.stats(),
      words: () => this.current?.timeline.words ?? [],
      highlights: [],
      animationFrames: 0,
    };
    this.player.onClock = () => this.onClock();
    this.unsubscribe.push(
      api.on('reading:started', (e) => this.onStarted(e)),
      api.on('reading:chunk', (c) => this.onChunk(c)),
      api.on('reading:ended', (e) => this.onEnded(e)),
      api.on('player:command', ({ command }) => {
        if (command === 'toggle-pause') this.togglePause();
        else void this.stop();
      }),
    );
  }

  /** Asks main to read `text`; the reading begins here when main announces it. */
  async read(text: string): Promise<void> {
    this.setPhase('starting', 'Starting…');
    try {
      await this.api.invoke('reading:start', { text });
    } catch (err) {
      this.setPhase('error', `Could not start reading: ${messageOf(err)}`);
    }
  }

  togglePause(): void {
    const cur = this.current;
    if (!cur) return;
    if (this.phase === 'paused') {
      this.player.resume();
      this.setPhase('reading', 'Reading.');
      void this.api.invoke('reading:resume', { readingId: cur.readingId }).catch(() => {});
    } else if (this.phase === 'reading' || this.phase === 'starting') {
      this.player.pause();
      this.setPhase('paused', 'Paused.');
      void this.api.invoke('reading:pause', { readingId: cur.readingId }).catch(() => {});
    }
  }

  async stop(): Promise<void> {
    const cur = this.current;
    if (!cur || !this.isActive()) return;
    this.halt('stopped', 'Stopped.');
    await this.api.invoke('reading:stop', { readingId: cur.readingId }).catch(() => {});
  }

  isActive(): boolean {
    return this.phase === 'starting' || this.phase === 'reading' || this.phase === 'paused';
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    cancelAnimationFrame(this.raf);
    void this.player.close();
  }

  private onStarted(e: EventPayload<'reading:started'>): void {
    // A new reading replaces the one playing (main has stopped it).
    this.player.stop();
    this.finalStats = null;
    this.current = {
      readingId: e.readingId,
      timeline: new WordTimeline(),
      begun: false,
      firstSegment: 0,
      prebufferRelaxed: false,
      ended: null,
      wordHint: -1,
      segmentHint: -1,
      reportedSegment: 0,
    };
    this.probe.readingId = e.readingId;
    this.probe.highlights = [];
    this.probe.animationFrames = 0;
    this.view.highlight(null);
    this.view.showReading(e);
    this.setPhase('reading', 'Reading.');
    this.tick();
  }

  private onChunk(chunk: Chunk): void {
    const cur = this.current;
    if (!cur || chunk.readingId !== cur.readingId || !this.isActive()) return;
    if (chunk.audio.kind !== 'pcm') {
      // Encoded formats arrive with the providers that send them (decoded before the queue).
      this.fail(`This player cannot play ${chunk.audio.mime} yet.`);
      return;
    }
    const { samples, channels, sampleRate } = chunk.audio;
    if (!cur.begun) {
      cur.begun = true;
      cur.firstSegment = chunk.segment;
      this.player.begin(sampleRate);
      if (this.phase === 'paused') this.player.pause();
      this.player.whenReady().catch((err) => this.fail(`Audio output failed: ${messageOf(err)}`));
    }
    if (!cur.prebufferRelaxed && chunk.segment > cur.firstSegment) {
      // The first segment is all here: start (a one-second start buffer is capped by its length),
      // and from now on rebuffer briefly if synthesis ever falls behind.
      cur.prebufferRelaxed = true;
      this.player.setPrebuffer(REBUFFER_SECONDS);
    }
    const startFrame = this.player.push(samples, channels, sampleRate);
    cur.timeline.addChunk(chunk, startFrame, this.player.sampleRate);
  }

  private onEnded(e: EventPayload<'reading:ended'>): void {
    const cur = this.current;
    if (!cur || e.readingId !== cur.readingId || !this.isActive()) return;
    cur.ended = e;
    if (e.reason === 'stopped') {
      this.halt('stopped', 'Stopped.');
    } else if (!cur.begun) {
      // Nothing to play out.
      if (e.reason === 'error') this.halt('error', e.message ?? 'The reading failed.');
      else this.halt('finished', 'Finished reading.');
    } else {
      // Play out what has arrived; the worklet reports when the last frame is heard.
      this.player.end();
    }
  }

  /** From the worklet (not throttled in a hidden window): progress and the end of the reading. */
  private onClock(): void {
    const cur = this.current;
    if (!cur || !this.isActive()) return;
    const heard = this.player.heardFrame();
    const segIndex = cur.timeline.segmentIndexAt(heard, cur.segmentHint);
    cur.segmentHint = segIndex;
    const segment = cur.timeline.segments[segIndex]?.segment;
    if (segment !== undefined && segment > cur.reportedSegment) {
      cur.reportedSegment = segment;
      void this.api.invoke('reading:progress', { readingId: cur.readingId, segment }).catch(() => {});
    }
    const stats = this.player.stats();
    if (cur.ended && stats.state === 'drained' && heard >= stats.framesQueued) {
      this.updateHighlight(heard);
      if (cur.ended.reason === 'error') this.halt('error', cur.ended.message ?? 'The reading failed.', true);
      else this.halt('finished', 'Finished reading.', true);
    }
  }

  private tick = (): void => {
    cancelAnimationFrame(this.raf);
    if (!this.isActive()) return;
    const state = this.player.stats().state;
    if (state === 'playing' || state === 'drained') this.probe.animationFrames++;
    this.updateHighlight(this.player.heardFrame());
    this.raf = requestAnimationFrame(this.tick);
  };

  private updateHighlight(heard: number): void {
    const cur = this.current;
    if (!cur) return;
    const i = cur.timeline.wordAt(heard, cur.wordHint);
    if (i === cur.wordHint) return;
    cur.wordHint = i;
    const word = cur.timeline.words[i] ?? null;
    this.view.highlight(word);
    if (word) this.probe.highlights.push({ index: word.index, text: word.text, charStart: word.charStart, frame: heard });
  }

  private fail(message: string): void {
    const cur = this.current;
    this.halt('error', message);
    if (cur) void this.api.invoke('reading:stop', { readingId: cur.readingId }).catch(() => {});
  }

  /** Ends the current reading here; `keepHighlight` leaves the last word marked after a full reading. */
  private halt(phase: ReaderPhase, message: string, keepHighlight = false): void {
    cancelAnimationFrame(this.raf);
    this.finalStats = this.player.stats();
    this.player.stop();
    void this.player.idle();
    if (!keepHighlight) this.view.highlight(null);
    this.setPhase(phase, message);
  }

  private setPhase(phase: ReaderPhase, message: string): void {
    this.phase = phase;
    this.probe.phase = phase;
    this.view.showStatus({ phase, message });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
