// Carries out readings in the renderer: takes the main process's events (started, chunk, ended,
// player commands), feeds the player, tells main where playback is, and moves the highlight.
// The highlight moves once per animation frame from the audio clock; progress and the end of a
// reading are driven by the worklet's own messages, so they keep going when the window is hidden.
import type { Chunk } from '../../../shared/chunk';
import type { AloudApi, EventPayload } from '../../../shared/ipc';
import { clampSpeed } from '../../../shared/speed';
import { ChunkAudioFeed } from '../audio/chunk-audio-feed';
import { PcmPlayer, type PlayerStats } from '../audio/pcm-player';
import { nextSentenceStart, previousSentenceStart, sentenceStarts } from './sentences';
import { bufferSecondsFor, spokenSecondsGuess } from './start-buffer';
import { PlayerTimeline, type TimedWord } from './player-timeline';

/** What a media key or the OS media controls ask for ('play-pause' is the keyboard's one key). */
export type MediaAction = 'play' | 'pause' | 'play-pause' | 'previous' | 'next' | 'stop';

/** Longest gap between the keydown and the MediaSession call of one media key press. */
const MEDIA_ECHO_MS = 300;

export type ReaderPhase = 'idle' | 'starting' | 'reading' | 'paused' | 'finished' | 'stopped' | 'error';

export interface ReaderStatus {
  phase: ReaderPhase;
  /** One sentence for the status line (announced by screen readers). */
  message: string;
}

export interface ReaderView {
  showReading(reading: { readingId: string; text: string; voice: string; speed: number }): void;
  showStatus(status: ReaderStatus): void;
  /** Highlights the word being spoken, or nothing. */
  highlight(word: TimedWord | null): void;
}

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
  /** Of those, frames that showed another word than the one being heard (catching up after a stall). */
  staleFrames: number;
  /** Largest advance of the heard position between two animation frames, in frames (page stalls). */
  maxHeardStep: number;
  /** The display's frame interval as the animation frames show it (ms). */
  frameIntervalMs: number;
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

interface Current {
  readingId: string;
  text: string;
  voice: string;
  speed: number;
  /** Lazily computed sentence starts of `text`. */
  sentences: number[] | null;
  /** Where this reading began in the text (a seek starts part way). */
  fromChar: number;
  timeline: PlayerTimeline;
  /** False until the first chunk sets the player's rate. */
  begun: boolean;
  /** Decodes (MP3, Opus, WAV) and orders the chunks' audio into the player. */
  feed: ChunkAudioFeed;
  textLength: number;
  /** How long the reading may last, for the start buffer until the voice sends words. */
  guessedSeconds: number;
  /** performance.now() when the reading started, for the delivery speed. */
  startedAt: number;
  receivedSeconds: number;
  /** Furthest character the received words reach. */
  wordsReach: number;
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
  private lastTickHeard = -1;
  /** The last animation frame's time, for the frame interval. */
  private lastFrameTime = 0;
  private readonly unsubscribe: (() => void)[] = [];
  /** The offset a seek asked for, until main announces the reading that starts there. */
  private pendingFrom = 0;
  /** The last media action, to drop the second delivery of one press (see media()). */
  private lastMedia: { kind: string; source: string; at: number } = { kind: '', source: '', at: -Infinity };
  /** What 'reading:start' does while a reading plays (the reader's queue setting). */
  queueMode: 'replace' | 'queue' = 'replace';
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
      staleFrames: 0,
      maxHeardStep: 0,
      frameIntervalMs: 1000 / 60,
      aimAtScreen: true,
      times: { started: NaN, firstChunk: NaN, firstPlayed: NaN },
      setSpeed: (speed) => this.setSpeed(speed),
      setVolume: (volume) => this.setVolume(volume),
      startTap: (seconds) => this.player.startTap(seconds),
      readTap: async () => Array.from(await this.player.readTap()),
    };
    this.player.onClock = () => this.onClock();
    this.bindMediaSession();
    // A reader that just loaded plays nothing, whatever main last heard.
    this.setPhase('idle', 'Ready.');
    this.unsubscribe.push(
      api.on('reading:started', (e) => this.onStarted(e)),
      api.on('reading:chunk', (c) => this.onChunk(c)),
      api.on('reading:ended', (e) => this.onEnded(e)),
      // The tray, the hotkey and the mini player control this one player through main.
      api.on('player:command', ({ command }) => {
        if (command === 'toggle-pause') this.togglePause();
        else if (command === 'stop') void this.stop();
        else if (command === 'previous-sentence') void this.previousSentence();
        else if (command === 'next-sentence') void this.nextSentence();
        else void this.restart();
      }),
    );
  }

  /** Asks main to read `text`; the reading begins here when main announces it. */
  async read(text: string): Promise<void> {
    const queueing = this.queueMode === 'queue' && this.isActive();
    if (!queueing) this.setPhase('starting', 'Starting…');
    try {
      const r = await this.api.invoke('reading:start', { text, mode: this.queueMode });
      if (r.queued) this.view.showStatus({ phase: this.phase, message: 'Added to the queue.' });
    } catch (err) {
      this.setPhase('error', `Could not start reading: ${messageOf(err)}`);
    }
  }

  /**
   * Reads the current text from `fromChar` (a word start): main starts a new reading of the same text
   * there, whose word offsets still point into the whole text, so the highlight lands where clicked.
   */
  async seek(fromChar: number): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    this.pendingFrom = fromChar;
    try {
      await this.api.invoke('reading:start', { text: cur.text, voice: cur.voice, speed: this.speed, fromChar, mode: 'replace' });
    } catch (err) {
      this.setPhase('error', `Could not move there: ${messageOf(err)}`);
    }
  }

  /** Restarts the shown text from its beginning (also after it finished or was stopped). */
  restart(): Promise<void> {
    return this.seek(0);
  }

  /** Back to the start of the previous sentence (of the current one when at its first word). */
  previousSentence(): Promise<void> {
    const cur = this.current;
    if (!cur) return Promise.resolve();
    return this.seek(previousSentenceStart(this.sentencesOf(cur), this.spokenChar(cur)));
  }

  nextSentence(): Promise<void> {
    const cur = this.current;
    if (!cur) return Promise.resolve();
    const next = nextSentenceStart(this.sentencesOf(cur), this.spokenChar(cur));
    return next === null ? Promise.resolve() : this.seek(next);
  }

  /** Where the word being spoken (or last spoken) starts; null with no text shown. */
  spokenAt(): number | null {
    return this.current ? this.spokenChar(this.current) : null;
  }

  /** The shown text, if any (navigation works on it even after the reading ended). */
  hasText(): boolean {
    return this.current !== null;
  }

  private sentencesOf(cur: Current): number[] {
    cur.sentences ??= sentenceStarts(cur.text);
    return cur.sentences;
  }

  /** The word being spoken (or last spoken); where the reading began before the first word. */
  private spokenChar(cur: Current): number {
    return cur.timeline.words[cur.wordHint]?.charStart ?? cur.fromChar;
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

  /**
   * The Speed, 0.5-4x, pitch kept: heard at once (the player stretches what is already made) and
   * kept in main's settings, which asks the voice for its new rate from the next segment on.
   */
  setSpeed(speed: number): void {
    this.player.setSpeed(speed);
    void this.api.invoke('settings:set', { speed }).catch(() => {});
  }

  /**
   * Takes the Speed from main's settings, folding in `legacy` (the playback speed an older reader
   * kept, which multiplied the settings' rate); resolves with the Speed now in force.
   */
  async loadSpeed(legacy: number | null): Promise<number> {
    let speed = this.player.speed;
    try {
      speed = (await this.api.invoke('settings:get', {})).speed;
      if (legacy !== null && legacy !== 1) {
        speed = clampSpeed(speed * legacy);
        await this.api.invoke('settings:set', { speed });
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
    this.current?.feed.close();
    this.player.stop();
    this.finalStats = null;
    const fromChar = this.pendingFrom;
    this.pendingFrom = 0;
    this.current = {
      readingId: e.readingId,
      text: e.text,
      voice: e.voice,
      speed: e.speed,
      sentences: this.current?.text === e.text ? this.current.sentences : null,
      fromChar,
      timeline: new PlayerTimeline(),
      begun: false,
      feed: this.createFeed(e.readingId),
      textLength: e.text.length,
      guessedSeconds: spokenSecondsGuess(fromChar > 0 ? e.text.slice(fromChar) : e.text),
      startedAt: performance.now(),
      receivedSeconds: 0,
      wordsReach: 0,
      ended: null,
      wordHint: -1,
      segmentHint: -1,
      reportedSegment: 0,
    };
    this.probe.readingId = e.readingId;
    this.probe.highlights = [];
    this.probe.animationFrames = 0;
    this.probe.staleFrames = 0;
    this.probe.maxHeardStep = 0;
    this.probe.times = { started: performance.now(), firstChunk: NaN, firstPlayed: NaN };
    this.lastTickHeard = -1;
    this.view.highlight(null);
    this.view.showReading(e);
    if (typeof navigator !== 'undefined' && navigator.mediaSession && typeof MediaMetadata !== 'undefined') {
      const title = e.text.replace(/\s+/g, ' ').trim().slice(0, 80);
      navigator.mediaSession.metadata = new MediaMetadata({ title, artist: 'Aloud' });
    }
    this.setPhase('reading', 'Reading.');
    this.tick();
  }

  private onChunk(chunk: Chunk): void {
    const cur = this.current;
    if (!cur || chunk.readingId !== cur.readingId || !this.isActive()) return;
    // Buffer enough, at the speed synthesis is delivering, to play to the end without running dry.
    const audio = chunk.audio;
    cur.receivedSeconds += audio.kind === 'pcm' ? audio.samples.length / audio.channels / audio.sampleRate : chunk.durationMs / 1000;
    for (const w of chunk.words) cur.wordsReach = Math.max(cur.wordsReach, w.charEnd);
    if (cur.begun) this.player.setPrebuffer(this.startBufferSeconds(cur));
    if (Number.isNaN(this.probe.times.firstChunk)) this.probe.times.firstChunk = performance.now();
    // Any format (PCM, WAV, MP3, Ogg Opus): the feed queues it in order and places its words.
    cur.feed.add(chunk);
  }

  private startBufferSeconds(cur: Current): number {
    const length = cur.textLength - cur.fromChar;
    return bufferSecondsFor({
      receivedSeconds: cur.receivedSeconds,
      elapsedSeconds: (performance.now() - cur.startedAt) / 1000,
      textFraction: length > 0 ? Math.max(0, cur.wordsReach - cur.fromChar) / length : 1,
      guessedSeconds: cur.guessedSeconds,
      playbackSpeed: this.speed,
    });
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
        else if (e.reason === 'error') this.halt('error', e.message ?? 'The reading failed.');
        else this.halt('finished', 'Finished reading.'); // nothing to play out
      });
    }
  }

  /** From the worklet (not throttled in a hidden window): progress and the end of the reading. */
  private onClock(): void {
    const cur = this.current;
    if (!cur || !this.isActive()) return;
    if (Number.isNaN(this.probe.times.firstPlayed) && this.player.stats().framesPlayed > 0) {
      this.probe.times.firstPlayed = performance.now();
    }
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
      this.updateHighlight(heard, 'all', heard);
      if (cur.ended.reason === 'error') this.halt('error', cur.ended.message ?? 'The reading failed.', true);
      else this.halt('finished', 'Finished reading.', true);
      // Played to its end: main starts the next queued text, if any.
      void this.api.invoke('reading:played', { readingId: cur.readingId }).catch(() => {});
    }
  }

  private tick = (frameTime?: number): void => {
    cancelAnimationFrame(this.raf);
    if (!this.isActive()) return;
    const now = frameTime ?? performance.now();
    const gap = now - this.lastFrameTime;
    if (gap > 0 && gap < 50) this.probe.frameIntervalMs += (gap - this.probe.frameIntervalMs) * 0.1;
    this.lastFrameTime = now;
    const state = this.player.stats().state;
    // What this frame draws reaches the screen at the next refresh: take the word heard by then, so a
    // word lights up in the first frame shown after its onset rather than one frame later.
    const drawn = this.player.heardFrame();
    const heard = this.probe.aimAtScreen ? this.player.heardFrame(now + this.probe.frameIntervalMs) : drawn;
    if (state === 'playing' || state === 'drained') {
      this.probe.animationFrames++;
      if (this.lastTickHeard >= 0) this.probe.maxHeardStep = Math.max(this.probe.maxHeardStep, heard - this.lastTickHeard);
      this.lastTickHeard = heard;
    }
    this.updateHighlight(heard, 'step', drawn);
    const cur = this.current;
    if (state === 'playing' && cur && cur.timeline.wordAt(heard, cur.wordHint) !== cur.wordHint) this.probe.staleFrames++;
    this.raf = requestAnimationFrame(this.tick);
  };

  /**
   * Moves the highlight to the word being heard. If the page stalled and several words started
   * since the last frame, 'step' shows the next one only, so every word is shown for at least one
   * frame and the highlight catches up within a few frames; 'all' jumps (the end of a reading).
   */
  private updateHighlight(heard: number, mode: 'step' | 'all', drawn: number): void {
    const cur = this.current;
    if (!cur) return;
    const target = cur.timeline.wordAt(heard, cur.wordHint);
    if (target <= cur.wordHint) return;
    const until = mode === 'step' ? cur.wordHint + 1 : target;
    for (let i = cur.wordHint + 1; i <= until; i++) {
      const word = cur.timeline.words[i]!;
      this.probe.highlights.push({ index: word.index, text: word.text, charStart: word.charStart, frame: heard, drawnFrame: drawn });
    }
    cur.wordHint = until;
    this.view.highlight(cur.timeline.words[until] ?? null);
  }

  private createFeed(readingId: string): ChunkAudioFeed {
    return new ChunkAudioFeed(
      (sampleRate) => {
        const cur = this.current;
        this.player.begin(sampleRate);
        if (cur?.readingId === readingId) {
          cur.begun = true;
          // The first chunk's audio counts too, rather than the player's cautious default.
          this.player.setPrebuffer(this.startBufferSeconds(cur));
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
    if (cur) void this.api.invoke('reading:stop', { readingId: cur.readingId }).catch(() => {});
  }

  /** Ends the current reading here; `keepHighlight` leaves the last word marked after a full reading. */
  private halt(phase: ReaderPhase, message: string, keepHighlight = false): void {
    cancelAnimationFrame(this.raf);
    this.current?.feed.close();
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
    const cur = this.current;
    const title = cur ? cur.text.replace(/\s+/g, ' ').trim().slice(0, 120) : '';
    void this.api.invoke('player:report', { readingId: cur?.readingId ?? null, phase, title, message: message.slice(0, 500) }).catch(() => {});
    if (typeof navigator !== 'undefined' && navigator.mediaSession) {
      navigator.mediaSession.playbackState = phase === 'reading' || phase === 'starting' ? 'playing' : phase === 'paused' ? 'paused' : 'none';
    }
  }

  /**
   * A media key or an OS media control (in Electron, MediaSession is what the OS media controls and
   * MPRIS drive, so its action handlers are the contract). Some systems (Windows) deliver one press
   * both as a keydown and to the MediaSession: the same kind of action from the other source within
   * MEDIA_ECHO_MS is that press again, and is dropped.
   */
  media(action: MediaAction, source: 'key' | 'session'): void {
    const now = performance.now();
    const kind = action === 'play' || action === 'pause' || action === 'play-pause' ? 'play-pause' : action;
    const last = this.lastMedia;
    if (last.kind === kind && last.source !== source && now - last.at < MEDIA_ECHO_MS) return;
    this.lastMedia = { kind, source, at: now };
    const playing = this.phase === 'reading' || this.phase === 'starting';
    if (action === 'stop') void this.stop();
    else if (action === 'previous') void this.previousSentence();
    else if (action === 'next') void this.nextSentence();
    else if (action === 'pause' || (action === 'play-pause' && playing)) {
      if (playing) this.togglePause();
    } else if (this.phase === 'paused') this.togglePause();
    else if (!this.isActive()) void this.restart();
  }

  private bindMediaSession(): void {
    if (typeof navigator === 'undefined' || !navigator.mediaSession) return;
    const handlers: [MediaSessionAction, MediaAction][] = [
      ['play', 'play'],
      ['pause', 'pause'],
      ['stop', 'stop'],
      ['previoustrack', 'previous'],
      ['nexttrack', 'next'],
      ['seekbackward', 'previous'],
      ['seekforward', 'next'],
    ];
    for (const [name, action] of handlers) {
      try {
        navigator.mediaSession.setActionHandler(name, () => this.media(action, 'session'));
      } catch {
        // This browser does not know the action.
      }
    }
    this.unsubscribe.push(() => {
      for (const [name] of handlers) {
        try {
          navigator.mediaSession.setActionHandler(name, null);
        } catch {
          // As above.
        }
      }
    });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
