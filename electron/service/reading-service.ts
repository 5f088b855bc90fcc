// The reading service: the voices (voice-directory.ts), the one reading under way (reading-lifecycle.ts)
// and the queue of texts waiting after it (reading-queue.ts) behind one set of typed methods; the IPC
// router, the tray actions, the library and tests call it directly, with arguments already validated.
// A request is made whole once, as it arrives (`prepare`, the app's prepare-reading.ts); the queue then
// keeps it as it is, so a queued text starts with its voice, language and paragraph voices.
import { randomUUID } from 'node:crypto';
import type { QueueItem, QueueMode } from '../../shared/ipc';
import { scrubbedError } from '../../shared/scrub-secrets';
import type { Voice } from '../../shared/voice';
import { segmentText } from '../speech/segment-text';
import type { Synthesizer } from '../speech/synthesizer';
import { createReadingLifecycle, type ReadingLifecycleOptions, type ReadingState } from './reading-lifecycle';
import { ReadingQueue } from './reading-queue';
import type { Emit, ReadRequest } from './reading-request';
import { ServiceError } from './service-error';
import { createVoiceDirectory, type ResolvedVoice, type VoiceDirectory } from './voice-directory';

export type { Emit, EndReason, ObservedReading, ReadingObserver, ReadRequest } from './reading-request';
export type { ReadingState } from './reading-lifecycle';
export type { ResolvedVoice } from './voice-directory';

export interface ReadingServiceOptions extends Omit<ReadingLifecycleOptions, 'directory'> {
  /** The voices readings may use, in a directory of their own; ignored when `directory` is given. */
  synthesizers?: readonly Synthesizer[];
  /** A directory shared with others (the core's voice choice and samples). */
  directory?: VoiceDirectory;
  /** Makes what a caller asks into the whole request, once, before it starts or is queued; absent: as asked. */
  prepare?: (ask: ReadRequest) => Promise<ReadRequest>;
  /** Where a failure of `emit` is reported (console.error by default); the reading goes on. */
  onEmitError?: (error: unknown) => void;
}

export interface ReadingService {
  /** Starts reading `request.text` now, or queues it after the reading that plays (see `mode`). */
  read(request: ReadRequest): Promise<{ readingId: string; queued?: boolean }>;
  /** Requests for a reading that already ended are no-ops. */
  pause(readingId: string): Promise<void>;
  resume(readingId: string): Promise<void>;
  stop(readingId: string): Promise<void>;
  /** Where playback is, so synthesis stays `lookahead` segments ahead and no further. */
  progress(readingId: string, segment: number): void;
  /** The player has played `readingId` to its end: the next queued text starts. */
  played(readingId: string): Promise<void>;
  /** Every voice of every provider that answers (one unreachable provider hides only its own). */
  voices(): Promise<Voice[]>;
  /**
   * The synthesizer and voice id behind a voice key, and the voice as its provider lists it (absent
   * when the list could not be had). Rejects, in one sentence, a key no provider knows.
   */
  resolveVoice(key: string): Promise<ResolvedVoice>;
  /** The text as `voice` (the reading voice when absent) would speak it, sentence by sentence, by the rules in force. */
  textAsHeard(text: string, voice?: string): Promise<string[]>;
  /** The voices readings may use from now on (providers were added, changed or removed); a reading under way finishes on its own. */
  setSynthesizers(synthesizers: readonly Synthesizer[]): void;

  listQueue(): QueueItem[];
  removeFromQueue(id: string): void;
  /** Moves a queued text to position `to` (0 = next). */
  moveInQueue(id: string, to: number): void;
  clearQueue(): void;
  /** What a request that names no mode does while a reading plays (the tray, the hotkey). */
  setQueueMode(mode: QueueMode): void;
  /** Starts a queued text now (replacing what plays) and takes it off the queue. */
  playFromQueue(id: string): Promise<{ readingId: string }>;

  /**
   * The reading the player plays, paused or not: from its start until the player has played it out
   * or stopped (its synthesis may have ended before). Pause and resume act on it, and say so as
   * 'reading:paused'. The tray and the remote controls follow it.
   */
  playing(): PlayingReading | null;
  /** The player plays nothing now (`readingId`'s end, a stop, a failure, or a reader that just loaded: null). */
  playerIdle(readingId: string | null): void;
  /** The reading whose synthesis is under way, if any. */
  current(): ReadingState | null;
  /**
   * The Speed changed (or how it is made): a reading under way asks its voice for the new synthRate
   * from its next request on (the player stretches what is already made, so the change is heard at once).
   */
  setSpeed(speed: number): void;
  /** Stops the current reading and waits until its 'reading:ended' has been emitted. */
  close(): Promise<void>;
}

export interface PlayingReading {
  readingId: string;
  paused: boolean;
}

export function createReadingService(options: ReadingServiceOptions): ReadingService {
  const { synthesizers, directory: shared, prepare, onEmitError, ...lifecycleOptions } = options;
  // A listener that throws (a window torn down mid-send) must not end or wedge the reading.
  const emit: Emit = (channel, payload) => {
    try {
      options.emit(channel, payload);
    } catch (err) {
      (onEmitError ?? ((e) => console.error(`Aloud: emitting '${channel}' failed`, scrubbedError(e))))(err);
    }
  };
  const directory = shared ?? createVoiceDirectory(synthesizers ?? []);
  const lifecycle = createReadingLifecycle({ ...lifecycleOptions, directory, emit });
  // The reading the player is playing: synthesis may be done while its audio still plays, so the
  // queue waits for the player's 'reading:played' (or a stop), not for the end of synthesis.
  let playing: PlayingReading | null = null;
  const queue = new ReadingQueue();
  let queueMode: QueueMode = 'replace';
  const queueChanged = () => emit('queue:changed', { items: queue.list() });
  const closedError = () => new ServiceError('The service is closed.', 'unavailable');

  /** Queues the request if a reading plays and its mode says so; otherwise starts it now. */
  async function startOrQueue(request: ReadRequest): Promise<{ readingId: string; queued?: boolean }> {
    const mode = request.mode ?? queueMode;
    if (mode === 'queue' && playing !== null && request.fromChar === undefined) {
      // A voice no provider knows is refused now, not when its turn comes.
      if (request.voice !== undefined) await directory.resolveVoice(request.voice);
      const readingId = randomUUID();
      queue.add({ id: readingId, request });
      queueChanged();
      return { readingId, queued: true };
    }
    // Playing from before its start is told, so those who hear of it (the tray) see it playing.
    return lifecycle.start(request, (readingId) => {
      playing = { readingId, paused: false };
    });
  }

  /** Pauses or resumes the playing reading (its synthesis too, while under way), and says so. */
  function setPaused(readingId: string, paused: boolean): void {
    if (playing?.readingId !== readingId || playing.paused === paused) return;
    playing.paused = paused;
    if (paused) lifecycle.pause(readingId);
    else lifecycle.resume(readingId);
    emit('reading:paused', { readingId, paused });
  }

  /** A request already whole (prepared, or taken off the queue), in its turn. */
  const submit = (request: ReadRequest) => lifecycle.inTurn(() => startOrQueue(request));

  return {
    async read(ask) {
      if (lifecycle.closed) throw closedError();
      return submit(prepare ? await prepare(ask) : ask);
    },
    async pause(readingId) {
      setPaused(readingId, true);
    },
    async resume(readingId) {
      setPaused(readingId, false);
    },
    async stop(readingId) {
      // The queue waits: the user stopped, so nothing starts by itself.
      if (playing?.readingId === readingId) playing = null;
      await lifecycle.stop(readingId);
    },
    progress: (readingId, segment) => lifecycle.progress(readingId, segment),
    async played(readingId) {
      if (playing?.readingId !== readingId) return;
      playing = null;
      const next = queue.next();
      if (!next) return;
      queueChanged();
      await submit({ ...next.request, mode: 'replace' });
    },
    resolveVoice: (key) => directory.resolveVoice(key),
    async textAsHeard(text, key) {
      const voice = key ?? options.defaultVoice;
      const { synthesizer, voice: listed } = await directory.resolveVoice(voice);
      const rules = options.textRules?.(voice, listed?.languages[0]) ?? {};
      return segmentText(text, { maxChars: synthesizer.maxChars, ...rules }).map((s) => s.text);
    },
    async voices() {
      if (lifecycle.closed) throw closedError();
      return directory.voices();
    },
    setSynthesizers: (next) => directory.setSynthesizers(next),
    listQueue: () => queue.list(),
    removeFromQueue(id) {
      if (queue.take(id)) queueChanged();
    },
    moveInQueue(id, to) {
      if (queue.move(id, to)) queueChanged();
    },
    clearQueue() {
      queue.clear();
      queueChanged();
    },
    setQueueMode(mode) {
      queueMode = mode;
    },
    async playFromQueue(id) {
      const item = queue.take(id);
      if (!item) throw new ServiceError('That text is no longer in the queue.', 'not-found');
      queueChanged();
      return submit({ ...item.request, mode: 'replace' });
    },
    playing: () => (playing ? { ...playing } : null),
    playerIdle(readingId) {
      // A player that plays nothing holds up no queue.
      if (readingId === null || playing?.readingId === readingId) playing = null;
    },
    current: () => lifecycle.current(),
    setSpeed: (speed) => lifecycle.setSpeed(speed),
    close: () => lifecycle.close(),
  };
}
