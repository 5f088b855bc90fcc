// One reading at a time, from start to end: a request is started on its voice (or replayed from a
// saved copy), its chunks pumped out as 'reading:chunk' events and to its observer (the recorder),
// paused, resumed, paced by the playhead, sped up and stopped. What waits after it (the queue) and
// what the caller asked before the request was made whole (prepare-reading.ts) are not its business.
import { randomUUID } from 'node:crypto';
import type { SpeedMethod } from '../../shared/speed';
import { hasSpeakableText } from '../../shared/speakable';
import { voiceKey } from '../../shared/voice-key';
import { startReading, type Reading, type ReadingOptions, type SegmentVoice } from '../speech/reading';
import type { Synthesizer } from '../speech/synthesizer';
import { readingSettings, type TextRules } from '../speech/text-rules';
import { synthRateFor } from '../speech/voice-speed';
import type { ReadingCache } from './reading-cache';
import type { Emit, EndReason, ObservedReading, ReadingObserver, ReadRequest } from './reading-request';
import type { IpcError } from '../../shared/ipc-error';
import { describeError, ServiceError, toIpcError } from './service-error';
import type { VoiceDirectory } from './voice-directory';

export interface ReadingState {
  readingId: string;
  voice: string;
  paused: boolean;
}

export interface ReadingLifecycleOptions {
  directory: VoiceDirectory;
  /** Voice key (`provider/id`, see shared/voice.ts) used when a request names none. */
  defaultVoice: string;
  /** Already guarded: a listener that throws is reported, not thrown back here. */
  emit: Emit;
  /** Segments synthesized past the playhead; the speech pipeline's default when omitted. */
  lookahead?: number;
  /** Called as each reading starts; the observer it returns (if any) follows that reading. */
  observe?: (reading: ObservedReading) => ReadingObserver | null;
  /** The library: a reading saved complete with the same text, voice and synthRate is replayed, not synthesized. */
  history?: ReadingCache;
  /**
   * The voice that finishes a reading whose voice fails part way (the built-in voice), asked at each
   * start so a setting can turn it off; null or absent: a failure ends the reading.
   */
  fallback?: () => { synthesizer: Synthesizer; voice: string } | null;
  /**
   * How Speed is made for a voice (a voice key): 'auto' when absent. Asked at each start and each
   * speed change, so the setting applies from the next request on.
   */
  speedMethod?: (voice: string) => SpeedMethod;
  /** The rules that make text fit to hear, as the settings stand (none: the text is read as cleaned). */
  textRules?: (voice: string, language: string | undefined) => TextRules;
  /** The voices of a mixed text's paragraphs, for a request `byParagraph` (none: one voice per reading). */
  paragraphVoices?: (text: string, voice: string) => SegmentVoice | null;
  /** Where an observer's failure is reported (it is otherwise ignored). */
  onObserverError?: (error: unknown) => void;
}

export interface ReadingLifecycle {
  /** Stops the reading under way (waiting for its end), then starts `request` now; its `mode` is not read here. */
  /** `starting` hears the reading's id just before 'reading:started' tells it to everyone else. */
  start(request: ReadRequest, starting?: (readingId: string) => void): Promise<{ readingId: string }>;
  /** Runs `job` once every job before it has settled, so two quick starts cannot both survive; rejects once closed. */
  inTurn<T>(job: () => Promise<T>): Promise<T>;
  /** Requests for a reading that already ended are no-ops. */
  pause(readingId: string): void;
  resume(readingId: string): void;
  stop(readingId: string): Promise<void>;
  progress(readingId: string, segment: number): void;
  /** A reading under way asks its voice for the synthRate of this Speed from its next request on. */
  setSpeed(speed: number): void;
  current(): ReadingState | null;
  readonly closed: boolean;
  /** Refuses further starts, lets those already asked for settle, then stops the reading. */
  close(): Promise<void>;
}

interface Active {
  readingId: string;
  /** The voice key, and the provider's own id for it. */
  voice: string;
  voiceId: string;
  synthesizer: Synthesizer;
  reading: Reading;
  paused: boolean;
  stopRequested: boolean;
  observer: ReadingObserver | null;
  /** Settles once 'reading:ended' has been emitted. */
  ended: Promise<void>;
}

export function createReadingLifecycle(options: ReadingLifecycleOptions): ReadingLifecycle {
  const { emit, directory } = options;
  let active: Active | null = null;
  let turns: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function stopActive(): Promise<void> {
    const current = active;
    if (!current) return;
    current.stopRequested = true;
    current.reading.cancel();
    await current.ended;
  }

  /** Runs an observer's callback; an observer that throws is dropped, the reading goes on. */
  function tell(a: Active, call: (o: ReadingObserver) => void): void {
    if (!a.observer) return;
    try {
      call(a.observer);
    } catch (err) {
      a.observer = null;
      options.onObserverError?.(err);
    }
  }

  async function pump(a: Active): Promise<void> {
    let reason: EndReason;
    let failure: IpcError | undefined;
    try {
      for await (const chunk of a.reading.chunks()) {
        if (a.stopRequested) break;
        emit('reading:chunk', chunk);
        tell(a, (o) => o.chunk(chunk));
      }
      reason = a.stopRequested ? 'stopped' : await a.reading.done;
    } catch (err) {
      if (a.stopRequested) reason = 'stopped';
      else {
        reason = 'error';
        failure = toIpcError(err);
      }
    }
    if (active === a) active = null;
    tell(a, (o) => o.end(reason));
    emit('reading:ended', failure === undefined ? { readingId: a.readingId, reason } : { readingId: a.readingId, reason, ...failure });
  }

  /** startReading's fallback options for one reading, and the event that tells the reader. */
  function fallbackFor(readingId: string, voice: string, synthesizer: Synthesizer): Partial<ReadingOptions> {
    const choice = options.fallback?.() ?? null;
    // Falling back to the very provider that failed would only fail again.
    if (!choice || choice.synthesizer.provider === synthesizer.provider) return {};
    return {
      fallback: choice.synthesizer,
      fallbackVoice: choice.voice,
      onFallback: (error, segment) =>
        emit('reading:fallback', {
          readingId,
          segment,
          from: voice,
          to: voiceKey({ provider: choice.synthesizer.provider, id: choice.voice }),
          message: describeError(error),
        }),
    };
  }

  async function start(request: ReadRequest, starting?: (readingId: string) => void): Promise<{ readingId: string }> {
    const { text } = request;
    const voice = request.voice ?? options.defaultVoice;
    const speed = request.speed ?? 1;
    const fromChar = request.fromChar ?? 0;
    if (!hasSpeakableText(text)) throw new ServiceError('Nothing to read: the text has no letter, digit or symbol to speak.');
    if (fromChar >= text.length) throw new ServiceError(`fromChar ${fromChar} is past the end of the text (${text.length} characters).`);
    const { synthesizer, id, voice: listed } = await directory.resolveVoice(voice);
    // The voice's part of the Speed; the player stretches the rest (chunks carry this synthRate).
    const synthRate = synthRateFor(speed, options.speedMethod?.(voice) ?? 'auto', synthesizer, id);
    await stopActive();
    if (closed) throw new ServiceError('The service is closed.', 'unavailable');
    const readingId = randomUUID();
    const lookahead = options.lookahead === undefined ? {} : { lookahead: options.lookahead };
    // The pronunciation rules of the text's language (told or detected), else of the voice's.
    const rules = options.textRules?.(voice, request.language ?? listed?.languages[0]) ?? {};
    const settings = readingSettings(rules);
    // A saved copy with the same inputs plays from the library: at once, offline, at no cost.
    let cached: Reading | null = null;
    try {
      if (fromChar === 0) cached = options.history?.replay({ readingId, text, provider: synthesizer.provider, voice: id, synthRate, settings, maxChars: synthesizer.maxChars, ...lookahead }) ?? null;
    } catch (err) {
      options.onObserverError?.(err);
    }
    const segmentVoice = request.byParagraph ? (options.paragraphVoices?.(text, voice) ?? null) : null;
    const reading =
      cached ??
      startReading({
        readingId,
        text,
        fromChar,
        synthesizer,
        voice: id,
        synthRate,
        ...rules,
        ...lookahead,
        ...fallbackFor(readingId, voice, synthesizer),
        ...(segmentVoice ? { segmentVoice } : {}),
      });
    // pump() reads the outcome; this only keeps a rejection after a stop from going unhandled.
    reading.done.catch(() => undefined);
    const a: Active = { readingId, voice, voiceId: id, synthesizer, reading, paused: false, stopRequested: false, observer: null, ended: Promise.resolve() };
    try {
      // A replay is already in the library: observers (the recorder) follow new readings only.
      // A seek replays part of a reading the library already follows.
      if (!cached && fromChar === 0) a.observer = options.observe?.({ readingId, text, provider: synthesizer.provider, voice: id, synthRate, settings }) ?? null;
    } catch (err) {
      options.onObserverError?.(err);
    }
    active = a;
    starting?.(readingId);
    emit('reading:started', {
      readingId,
      text,
      voice,
      speed,
      ...(request.language !== undefined ? { language: request.language } : {}),
      ...(request.unspoken ? { unspoken: true as const } : {}),
      ...(request.byLanguage ? { byLanguage: true as const } : {}),
    });
    a.ended = pump(a);
    return { readingId };
  }

  /** The active reading if `readingId` names it; requests for a reading that already ended are no-ops. */
  function target(readingId: string): Active | null {
    return active && active.readingId === readingId && !active.stopRequested ? active : null;
  }

  return {
    start,
    inTurn(job) {
      if (closed) return Promise.reject(new ServiceError('The service is closed.', 'unavailable'));
      const next = turns.then(job);
      turns = next.catch(() => undefined);
      return next;
    },
    pause(readingId) {
      const a = target(readingId);
      if (!a) return;
      a.paused = true;
      a.reading.pause();
    },
    resume(readingId) {
      const a = target(readingId);
      if (!a) return;
      a.paused = false;
      a.reading.resume();
    },
    async stop(readingId) {
      if (target(readingId)) await stopActive();
    },
    progress(readingId, segment) {
      target(readingId)?.reading.setPlayhead(segment);
    },
    setSpeed(speed) {
      const a = active;
      if (!a || a.stopRequested) return;
      a.reading.setSynthRate(synthRateFor(speed, options.speedMethod?.(a.voice) ?? 'auto', a.synthesizer, a.voiceId));
    },
    current: () => (active && !active.stopRequested ? { readingId: active.readingId, voice: active.voice, paused: active.paused } : null),
    get closed() {
      return closed;
    },
    async close() {
      closed = true;
      await turns;
      await stopActive();
    },
  };
}
