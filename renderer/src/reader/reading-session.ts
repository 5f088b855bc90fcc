// Carries out readings in the renderer: takes the main process's events (started, chunk, ended,
// player commands), feeds the player, and keeps the highlight loop on the reading's timeline.
// Progress and the end of a reading are driven by the worklet's own messages, so they keep going when
// the window is hidden. Beside it: media keys (media-session.ts), the highlight (highlight-loop.ts),
// the reports to main (player-report.ts), main's echoes of our own changes (main-echo.ts); the test
// probe (player-probe.ts) watches from outside, in test builds only.
import type { Chunk } from '../../../shared/chunk';
import type { EventPayload } from '../../../shared/ipc';
import { kindOf, messageOf, type ErrorKind } from '../../../shared/ipc-error';
import { clampSpeed } from '../../../shared/speed';
import type { AloudClient } from '../app/aloud-client';
import { ChunkAudioFeed } from '../audio/chunk-audio-feed';
import { PcmPlayer, type PlayerStats } from '../audio/pcm-player';
import { HighlightLoop } from './highlight-loop';
import { MainEcho } from './main-echo';
import { MediaControls, mediaCommand, type MediaAction } from './media-session';
import { PlayerReport } from './player-report';
import { ReadingNavigation } from './reading-navigation';
import type { TimedWord } from './player-timeline';
import type { ReaderPhase, ReaderStatus } from './reader-status';
import { ShownReading, type PlayerPosition } from './shown-reading';

export type { PlayerPosition } from './shown-reading';

export interface ReaderView {
  showReading(reading: { readingId: string; text: string; voice: string; speed: number; language?: string | null | undefined; unspoken?: true | undefined }): void;
  showStatus(status: ReaderStatus): void;
  /** Highlights the word being spoken, or nothing. */
  highlight(word: TimedWord | null): void;
  /** The Speed changed from elsewhere (a remote's Faster or Slower). */
  showSpeed?(speed: number): void;
  /** Where the listener is, for the position bar: at every change of state and Speed, and once a second while reading. */
  showPosition?(position: PlayerPosition | null): void;
}

export class ReadingSession {
  /** The audio output (the test probe reads its figures and taps it). */
  readonly player = new PcmPlayer();
  readonly highlightLoop: HighlightLoop;
  private readonly media: MediaControls;
  private current: ShownReading | null = null;
  private phase: ReaderPhase = 'idle';
  /** The last text asked for, to try again when its start failed. */
  private lastAsked: string | null = null;
  private message = 'Ready.';
  private readonly reports: PlayerReport;
  /** The player's figures when the last reading ended (the live ones are reset for the next). */
  private finalStats: PlayerStats | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly navigation: ReadingNavigation;
  /** Pause was asked for before the reading began: it begins paused. */
  private pauseWhenStarted = false;
  /** Pause and Speed are main's: what it tells is followed, except the echo of our own changes. */
  private readonly pauses = new MainEcho<EventPayload<'reading:paused'>>((e) => this.followPause(e));
  private readonly speeds = new MainEcho<number>((speed) => this.followSpeed(speed));
  /** What 'reading:start' does while a reading plays (the reader's queue setting). */
  queueMode: 'replace' | 'queue' = 'replace';

  constructor(
    private readonly aloud: AloudClient,
    private readonly view: ReaderView,
  ) {
    this.highlightLoop = new HighlightLoop(this.player, (word) => view.highlight(word));
    this.media = new MediaControls((action) => this.onMedia(action));
    this.navigation = new ReadingNavigation(
      aloud,
      () => (this.current ? { reading: this.current, wordIndex: this.highlightLoop.wordIndex, speed: this.speed } : null),
      (message, kind) => this.setPhase('error', message, kind),
    );
    this.reports = new PlayerReport(aloud, (position) => view.showPosition?.(position), () => ({
      readingId: this.current?.readingId ?? null,
      phase: this.phase,
      text: this.current?.text ?? '',
      message: this.message,
      speed: this.speed,
      position: this.position(),
    }));
    this.player.onClock(() => this.onClock());
    // A reader that just loaded plays nothing, whatever main last heard.
    this.setPhase('idle', 'Ready.');
    this.unsubscribe.push(
      aloud.on('reading:started', (e) => this.onStarted(e)),
      aloud.on('reading:chunk', (c) => this.onChunk(c)),
      aloud.on('reading:ended', (e) => this.onEnded(e)),
      // Pause and Speed are main's to change (a hotkey, the tray, the mini player, this reader): the
      // player follows what main tells, and calls nothing back.
      aloud.on('reading:paused', (e) => this.pauses.heard(e)),
      aloud.on('reading:speed', ({ speed }) => this.speeds.heard(speed)),
      // What only this player can do, asked by a remote through main: steps by its own clock, and
      // dropping the audio it holds when main has stopped the reading.
      aloud.on('player:command', ({ command }) => {
        if (typeof command === 'object') void this.seekToWord(command.seekToWord);
        else if (command === 'stop') this.stoppedByMain();
        else if (command === 'previous-sentence') void this.previousSentence();
        else if (command === 'next-sentence') void this.nextSentence();
        else if (command === 'restart') void this.restart();
      }),
    );
  }

  /**
   * Asks main to read `text` (with `voice`, else the settings' voice); the reading begins here when
   * main announces it.
   */
  async read(text: string, voice?: string): Promise<void> {
    const queueing = this.queueMode === 'queue' && this.isActive();
    this.lastAsked = text;
    if (!queueing) this.pauseWhenStarted = false;
    if (!queueing) this.setPhase('starting', 'Starting…');
    try {
      const r = await this.aloud.reading.start({ text, mode: this.queueMode, ...(voice ? { voice } : {}) });
      if (r.queued) this.view.showStatus({ phase: this.phase, message: 'Added to the queue.' });
    } catch (err) {
      this.setPhase('error', `Could not start reading: ${messageOf(err)}`, kindOf(err));
    }
  }

  /** Reads the shown text from `fromChar` (a word start), with `voice` or the same voice. */
  seek(fromChar: number, voice?: string): Promise<void> {
    return this.navigation.seek(fromChar, voice);
  }

  /** Reads on from the spoken word as written in `language`. */
  readAs(language: string): Promise<void> {
    return this.navigation.readAs(language);
  }

  /**
   * After a failure: the text again, from the word where it stopped (from the start if it never
   * began), with `voice` or the same voice.
   */
  retry(voice?: string): Promise<void> {
    const from = this.navigation.spokenAt();
    if (from !== null) return this.seek(from, voice);
    return this.lastAsked ? this.read(this.lastAsked, voice) : Promise.resolve();
  }

  /** The voice of the reading shown (the one that failed, after a failure); null before any. */
  voice(): string | null {
    return this.current?.voice ?? null;
  }

  /** Restarts the shown text from its beginning (also after it finished or was stopped). */
  restart(): Promise<void> {
    return this.seek(0);
  }

  previousSentence(): Promise<void> {
    return this.navigation.previousSentence();
  }

  nextSentence(): Promise<void> {
    return this.navigation.nextSentence();
  }

  /** Reads on from the text's `word`-th word (the position bar's index). */
  seekToWord(word: number): Promise<void> {
    return this.navigation.seekToWord(word);
  }

  /** Where the word being spoken (or last spoken) starts; null with no text shown. */
  spokenAt(): number | null {
    return this.navigation.spokenAt();
  }

  /** Where the listener is in the shown text, for the position bar (see ShownReading.position). */
  position(): PlayerPosition | null {
    return this.current?.position(this.highlightLoop.wordIndex, this.stats().sampleRate, this.speed) ?? null;
  }

  /** Pauses or resumes; after the end (finished, stopped, failed), plays the text again from the start. */
  togglePause(): void {
    // Asked before the reading began (main is still choosing its voice): it begins paused; asked again,
    // it begins as usual.
    if (this.phase === 'starting' || (this.phase === 'paused' && this.pauseWhenStarted)) {
      this.pauseWhenStarted = this.phase === 'starting';
      if (this.pauseWhenStarted) this.setPhase('paused', 'Paused.');
      else this.setPhase('starting', 'Starting…');
      return;
    }
    const cur = this.current;
    if (!cur) return;
    if (!this.isActive()) {
      void this.restart();
      return;
    }
    if (this.phase === 'paused') {
      this.player.resume();
      this.highlightLoop.start();
      this.setPhase('reading', 'Reading.');
      this.pauses.send(this.aloud.reading.resume({ readingId: cur.readingId }));
    } else if (this.phase === 'reading') {
      this.player.pause();
      this.setPhase('paused', 'Paused.');
      this.pauses.send(this.aloud.reading.pause({ readingId: cur.readingId }));
    }
  }

  /**
   * Pauses a playing reading while something else speaks (a voice sample); the function returned
   * resumes it, unless the listener has since moved on (another reading, or resumed or stopped it).
   */
  hold(): () => void {
    const cur = this.current;
    if (!cur || (this.phase !== 'reading' && this.phase !== 'starting')) return () => {};
    this.togglePause();
    return () => {
      if (this.current === cur && this.phase === 'paused') this.togglePause();
    };
  }

  async stop(): Promise<void> {
    const cur = this.current;
    if (!cur || !this.isActive()) return;
    this.halt('stopped', 'Stopped.');
    await this.aloud.reading.stop({ readingId: cur.readingId }).catch(() => {});
  }

  /**
   * The Speed, 0.5-4x, pitch kept: heard at once (the player stretches what is already made) and
   * kept in main's settings, which asks the voice for its new rate from the next segment on.
   */
  setSpeed(speed: number): void {
    this.applySpeed(speed);
    this.speeds.send(this.aloud.settings.set({ speed }));
  }

  private applySpeed(speed: number): void {
    this.player.setSpeed(speed);
    // The next word is due sooner or later than the highlight expected.
    if (this.current && this.isActive()) this.highlightLoop.start();
    this.reports.now();
  }

  /**
   * Takes the Speed from main's settings, folding in `legacy` (the playback speed an older reader
   * kept, which multiplied the settings' rate); resolves with the Speed now in force.
   */
  async loadSpeed(legacy: number | null): Promise<number> {
    let speed = this.player.speed;
    try {
      speed = (await this.aloud.settings.get()).speed;
      if (legacy !== null && legacy !== 1) {
        speed = clampSpeed(speed * legacy);
        await this.aloud.settings.set({ speed });
      }
    } catch {
      // A core without settings: the player's own speed holds, for this window only.
    }
    this.player.setSpeed(speed);
    return speed;
  }

  get speed(): number {
    return this.player.speed;
  }

  /** Output volume 0-1. */
  setVolume(volume: number): void {
    this.player.setVolume(volume);
  }

  get volume(): number {
    return this.player.volume;
  }

  /** The player's figures: the last reading's once it ended. */
  stats(): PlayerStats {
    return this.finalStats ?? this.player.stats();
  }

  /** Every word of the reading's timeline, with its start frame. */
  words(): readonly TimedWord[] {
    return this.current?.timeline.words ?? [];
  }

  /** Where the reader is: its phase, as the status line shows it. */
  get phaseNow(): ReaderPhase {
    return this.phase;
  }

  isActive(): boolean {
    return this.phase === 'starting' || this.phase === 'reading' || this.phase === 'paused';
  }

  dispose(): void {
    this.reports.dispose();
    for (const off of this.unsubscribe) off();
    this.highlightLoop.stop();
    this.media.dispose();
    void this.player.close();
  }

  /** Main paused or resumed the reading (this reader's own toggle is already in that state). */
  private followPause(e: EventPayload<'reading:paused'>): void {
    const cur = this.current;
    if (!cur || e.readingId !== cur.readingId) return;
    if (e.paused && this.phase === 'reading') {
      this.player.pause();
      this.setPhase('paused', 'Paused.');
    } else if (!e.paused && this.phase === 'paused') {
      this.player.resume();
      this.highlightLoop.start();
      this.setPhase('reading', 'Reading.');
    }
  }

  /** Main's Speed changed (this reader's own slider has already set it). */
  private followSpeed(speed: number): void {
    if (speed === this.speed) return;
    this.applySpeed(speed);
    this.view.showSpeed?.(speed);
  }

  /** Main stopped the reading: the audio held here goes too. */
  private stoppedByMain(): void {
    if (this.current && this.isActive()) this.halt('stopped', 'Stopped.');
  }

  private onStarted(e: EventPayload<'reading:started'>): void {
    // A new reading replaces the one playing (main has stopped it).
    this.current?.feed.close();
    this.player.stop();
    this.finalStats = null;
    this.current = new ShownReading(e, this.navigation.takePendingFrom(), this.createFeed(e.readingId), this.current);
    this.view.showReading(e);
    this.media.showTitle(e.text);
    if (this.pauseWhenStarted) {
      this.pauseWhenStarted = false;
      this.setPhase('paused', 'Paused.');
      this.pauses.send(this.aloud.reading.pause({ readingId: e.readingId }));
    } else this.setPhase('reading', 'Reading.');
    this.highlightLoop.follow(this.current.timeline);
  }

  private onChunk(chunk: Chunk): void {
    const cur = this.current;
    if (!cur || chunk.readingId !== cur.readingId || !this.isActive()) return;
    // Buffer enough, at the speed synthesis is delivering, to play to the end without running dry.
    cur.received(chunk);
    if (cur.begun) this.player.setPrebuffer(cur.startBufferSeconds(this.speed));
    // Any format (PCM, WAV, MP3, Ogg Opus): the feed queues it in order and places its words.
    cur.feed.add(chunk);
  }

  private onEnded(e: EventPayload<'reading:ended'>): void {
    const cur = this.current;
    if (!cur || e.readingId !== cur.readingId || !this.isActive()) return;
    cur.ended = e;
    if (e.reason === 'stopped') {
      this.halt('stopped', 'Stopped.');
    } else {
      // Play out what has arrived, once decoded; the worklet reports when the last frame is heard.
      void cur.feed.end().then(() => {
        if (this.current !== cur || !this.isActive()) return;
        if (cur.begun) this.player.end();
        else if (e.reason === 'error') this.halt('error', e.message ?? 'The reading failed.', false, e.kind);
        else this.halt('finished', 'Finished reading.'); // nothing to play out
      });
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
      void this.aloud.reading.progress({ readingId: cur.readingId, segment: segment }).catch(() => {});
    }
    const stats = this.player.stats();
    if (cur.ended && stats.state === 'drained' && heard >= stats.framesQueued) {
      this.highlightLoop.jumpTo(heard);
      if (cur.ended.reason === 'error') this.halt('error', cur.ended.message ?? 'The reading failed.', true, cur.ended.kind);
      // Played to its end: the highlight clears, and Play reads it again.
      else this.halt('finished', 'Finished reading.');
      // Played to its end: main starts the next queued text, if any.
      void this.aloud.reading.played({ readingId: cur.readingId }).catch(() => {});
    }
  }

  private createFeed(readingId: string): ChunkAudioFeed {
    return new ChunkAudioFeed(
      (sampleRate) => {
        const cur = this.current;
        this.player.begin(sampleRate);
        if (cur?.readingId === readingId) {
          cur.begun = true;
          // The first chunk's audio counts too, rather than the player's cautious default.
          this.player.setPrebuffer(cur.startBufferSeconds(this.speed));
        }
        if (this.phase === 'paused') this.player.pause();
        this.player.whenReady().catch((err) => this.fail(`Audio output failed: ${messageOf(err)}`));
        return this.player;
      },
      (chunk, startFrame, sampleRate) => this.current?.timeline.addChunk(chunk, startFrame, sampleRate),
      (err) => this.fail(`Could not play this audio: ${err.message}`),
    );
  }

  private fail(message: string): void {
    const cur = this.current;
    this.halt('error', message);
    if (cur) void this.aloud.reading.stop({ readingId: cur.readingId }).catch(() => {});
  }

  /** Ends the current reading here; `keepHighlight` leaves the last word marked (where a failure stopped it). */
  private halt(phase: ReaderPhase, message: string, keepHighlight = false, kind?: ErrorKind): void {
    this.pauseWhenStarted = false;
    this.highlightLoop.stop();
    this.current?.feed.close();
    this.finalStats = this.player.stats();
    this.player.stop();
    void this.player.idle();
    if (!keepHighlight) this.highlightLoop.clear();
    this.setPhase(phase, message, kind);
  }

  private setPhase(phase: ReaderPhase, message: string, kind?: ErrorKind): void {
    this.phase = phase;
    this.message = message;
    this.view.showStatus(kind ? { phase, message, kind } : { phase, message });
    this.reports.phaseChanged(phase);
    this.media.showPhase(phase);
  }

  /** A media key pressed in the reader (the OS media controls come through MediaSession). */
  mediaKey(action: MediaAction): void {
    this.media.press(action, 'key');
  }

  private onMedia(action: MediaAction): void {
    const command = mediaCommand(action, this.phase);
    if (command === 'stop') void this.stop();
    else if (command === 'previous') void this.previousSentence();
    else if (command === 'next') void this.nextSentence();
    else if (command === 'toggle-pause') this.togglePause();
    else if (command === 'restart') void this.restart();
  }
}
