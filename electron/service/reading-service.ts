// One reading at a time: the reading service resolves the voice, starts the speech pipeline (or replays
// a saved copy), pumps its chunks out as 'reading:chunk' events, keeps the queue of texts waiting after
// it and relays the one player's state. Plain Node with typed methods: the IPC router, the tray
// actions, the library and tests call it directly; arguments arrive already validated.
import { readingSettings, type TextRules } from '../speech/text-rules';
import { segmentText } from '../speech/segment-text';
import { randomUUID } from 'node:crypto';
import type { Chunk } from '../../shared/chunk';
import type { EventChannel, EventPayload, PlayerCommand, PlayerState, QueueItem, QueueMode } from '../../shared/ipc';
import type { SpeedMethod } from '../../shared/speed';
import { scrubbedError } from '../../shared/scrub-secrets';
import { hasSpeakableText } from '../../shared/speakable';
import { type Voice } from '../../shared/voice';
import { parseVoiceKey, voiceKey } from '../../shared/voice-key';
import { startReading, type Reading, type ReadingOptions, type SegmentVoice } from '../speech/reading';
import type { Synthesizer } from '../speech/synthesizer';
import { synthRateFor } from '../speech/voice-speed';
import type { ReadingCache } from './reading-cache';
import { ReadingQueue } from './reading-queue';
import { describeError, ServiceError } from './service-error';

export type Emit = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

export type EndReason = 'finished' | 'stopped' | 'error';

/** A reading as an observer (the library recorder) sees it when it starts. */
export interface ObservedReading {
  readingId: string;
  text: string;
  provider: string;
  /** The provider's own voice id. */
  voice: string;
  /** The rate the voice synthesizes at (the library's cache key), not the Speed heard. */
  synthRate: number;
  /** Whatever else shaped the audio (the rules that made the text fit to hear): part of the cache key. */
  settings: Record<string, unknown>;
}

/** Sees every chunk of one reading and how it ended. Its failures never disturb the reading. */
export interface ReadingObserver {
  chunk(chunk: Chunk): void;
  end(reason: EndReason): void;
}

/** What to read, as 'reading:start' carries it. */
export interface ReadRequest {
  text: string;
  /** A voice key (`provider/id`); the service's default voice when absent. */
  voice?: string | undefined;
  /** The Speed (shared/speed.ts); 1 when absent. */
  speed?: number | undefined;
  /** Read from this offset of `text` (a seek to a word start); chunk offsets still point into the whole text. */
  fromChar?: number | undefined;
  /** While another reading plays: 'replace' it, or 'queue' after it; the queue mode when absent. */
  mode?: QueueMode | undefined;
  /** The text's language (told or detected), for the reader to show; null or absent when not known. */
  language?: string | null | undefined;
  /** Each paragraph the voice does not speak is read by the voice for its language (a language told covers the whole text). */
  byParagraph?: boolean | undefined;
  /** No voice there is speaks the text's language: said to the reader with the reading. */
  unspoken?: boolean | undefined;
}

export interface ReadingServiceOptions {
  synthesizers: readonly Synthesizer[];
  /** Voice key (`provider/id`, see shared/voice.ts) used when a request names none. */
  defaultVoice: string;
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
  /** Where a failure of `emit` is reported (console.error by default); the reading goes on. */
  onEmitError?: (error: unknown) => void;
  /** Where an observer's failure is reported (it is otherwise ignored). */
  onObserverError?: (error: unknown) => void;
}

export interface ReadingState {
  readingId: string;
  voice: string;
  paused: boolean;
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

  /** A remote control (the mini player, the tray): the command goes to the player as 'player:command'. */
  controlPlayer(command: PlayerCommand): void;
  /** The player tells what it is doing; passed on as 'player:state'. */
  reportPlayer(state: PlayerState): void;
  /** The player's last report (null before any), for a remote control that just opened. */
  playerState(): PlayerState | null;

  /** The reading in progress, if any (the tray's Pause/Resume item follows it). */
  current(): ReadingState | null;
  /**
   * The Speed changed (or how it is made): a reading under way asks its voice for the new synthRate
   * from its next request on (the player stretches what is already made, so the change is heard at once).
   */
  setSpeed(speed: number): void;
  /** Stops the current reading and waits until its 'reading:ended' has been emitted. */
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

export interface ResolvedVoice {
  synthesizer: Synthesizer;
  id: string;
  voice?: Voice;
}

export function createReadingService(options: ReadingServiceOptions): ReadingService {
  // A listener that throws (a window torn down mid-send) must not end or wedge the reading.
  const emit: Emit = (channel, payload) => {
    try {
      options.emit(channel, payload);
    } catch (err) {
      (options.onEmitError ?? ((e) => console.error(`Aloud: emitting '${channel}' failed`, scrubbedError(e))))(err);
    }
  };
  let byProvider = providerMap(options.synthesizers);
  let voiceLists = new Map<string, Promise<Voice[]>>();
  let active: Active | null = null;
  // The reading the player is playing: synthesis may be done while its audio still plays, so the
  // queue waits for the player's 'reading:played' (or a stop), not for the end of synthesis.
  let playing: string | null = null;
  const queue = new ReadingQueue();
  let queueMode: QueueMode = 'replace';
  const queueChanged = () => emit('queue:changed', { items: queue.list() });
  // The one player lives in the reader window; remote controls (the mini player) see its reports.
  let lastPlayerState: PlayerState | null = null;
  // Starts run one after another so that two quick starts cannot both survive.
  let startQueue: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** A provider's voices, fetched once; a failed fetch is forgotten so the next call retries. */
  function voicesOf(s: Synthesizer): Promise<Voice[]> {
    const lists = voiceLists;
    let list = lists.get(s.provider);
    if (!list) {
      list = s.listVoices();
      lists.set(s.provider, list);
      list.catch(() => lists.delete(s.provider));
    }
    return list;
  }

  async function resolveVoice(key: string): Promise<ResolvedVoice> {
    const parsed = parseVoiceKey(key);
    if (!parsed) throw new ServiceError(`Voice '${key}' is not of the form provider/id (e.g. builtin/en-us).`);
    const synthesizer = byProvider.get(parsed.provider);
    if (!synthesizer) {
      const known = [...byProvider.keys()].join(', ') || 'none';
      throw new ServiceError(`No voice provider named '${parsed.provider}' (available: ${known}).`);
    }
    // Refuse a voice the provider does not list; if listing fails (offline), let synthesis decide.
    const voices = await voicesOf(synthesizer).catch(() => null);
    const listed = voices?.find((v) => v.id === parsed.id);
    if (voices && !listed) {
      throw new ServiceError(`Provider '${parsed.provider}' has no voice '${parsed.id}'.`);
    }
    return { synthesizer, id: parsed.id, ...(listed ? { voice: listed } : {}) };
  }

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
    let message: string | undefined;
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
        message = describeError(err);
      }
    }
    if (active === a) active = null;
    tell(a, (o) => o.end(reason));
    emit('reading:ended', message === undefined ? { readingId: a.readingId, reason } : { readingId: a.readingId, reason, message });
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

  /** Queues the text if a reading plays and the mode says so; otherwise starts it now. */
  async function startOrQueue(request: ReadRequest): Promise<{ readingId: string; queued?: boolean }> {
    const mode = request.mode ?? queueMode;
    if (mode === 'queue' && playing !== null && request.fromChar === undefined) {
      if (request.voice !== undefined) await resolveVoice(request.voice);
      const readingId = randomUUID();
      queue.add({ id: readingId, text: request.text, voice: request.voice, speed: request.speed, language: request.language, byParagraph: request.byParagraph, unspoken: request.unspoken });
      queueChanged();
      return { readingId, queued: true };
    }
    return start(request);
  }

  async function start(request: ReadRequest): Promise<{ readingId: string }> {
    const voice = request.voice ?? options.defaultVoice;
    const speed = request.speed ?? 1;
    const fromChar = request.fromChar ?? 0;
    if (!hasSpeakableText(request.text)) throw new ServiceError('Nothing to read: the text has no letter, digit or symbol to speak.');
    if (fromChar >= request.text.length) throw new ServiceError(`fromChar ${fromChar} is past the end of the text (${request.text.length} characters).`);
    const { synthesizer, id, voice: listed } = await resolveVoice(voice);
    // The voice's part of the Speed; the player stretches the rest (chunks carry this synthRate).
    const synthRate = synthRateFor(speed, options.speedMethod?.(voice) ?? 'auto', synthesizer, id);
    await stopActive();
    if (closed) throw new ServiceError('The service is closed.');
    const readingId = randomUUID();
    const lookahead = options.lookahead === undefined ? {} : { lookahead: options.lookahead };
    // The pronunciation rules of the text's language (told or detected), else of the voice's.
    const rules = options.textRules?.(voice, request.language ?? listed?.languages[0]) ?? {};
    const settings = readingSettings(rules);
    // A saved copy with the same inputs plays from the library: at once, offline, at no cost.
    let cached: Reading | null = null;
    try {
      if (fromChar === 0) cached = options.history?.replay({ readingId, text: request.text, provider: synthesizer.provider, voice: id, synthRate, settings, maxChars: synthesizer.maxChars, ...lookahead }) ?? null;
    } catch (err) {
      options.onObserverError?.(err);
    }
    const segmentVoice = request.byParagraph ? (options.paragraphVoices?.(request.text, voice) ?? null) : null;
    const reading =
      cached ??
      startReading({
        readingId,
        text: request.text,
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
      if (!cached && fromChar === 0) a.observer = options.observe?.({ readingId, text: request.text, provider: synthesizer.provider, voice: id, synthRate, settings }) ?? null;
    } catch (err) {
      options.onObserverError?.(err);
    }
    active = a;
    playing = readingId;
    emit('reading:started', {
      readingId,
      text: request.text,
      voice,
      speed,
      ...(request.language !== undefined ? { language: request.language } : {}),
      ...(request.unspoken ? { unspoken: true as const } : {}),
    });
    a.ended = pump(a);
    return { readingId };
  }

  /** The active reading if `readingId` names it; requests for a reading that already ended are no-ops. */
  function target(readingId: string): Active | null {
    return active && active.readingId === readingId && !active.stopRequested ? active : null;
  }

  function read(request: ReadRequest): Promise<{ readingId: string; queued?: boolean }> {
    if (closed) return Promise.reject(new ServiceError('The service is closed.'));
    const next = startQueue.then(() => startOrQueue(request));
    startQueue = next.catch(() => undefined);
    return next;
  }

  return {
    read,
    async pause(readingId) {
      const a = target(readingId);
      if (a) {
        a.paused = true;
        a.reading.pause();
      }
    },
    async resume(readingId) {
      const a = target(readingId);
      if (a) {
        a.paused = false;
        a.reading.resume();
      }
    },
    async stop(readingId) {
      // The queue waits: the user stopped, so nothing starts by itself.
      if (playing === readingId) playing = null;
      if (target(readingId)) await stopActive();
    },
    progress(readingId, segment) {
      target(readingId)?.reading.setPlayhead(segment);
    },
    async played(readingId) {
      if (playing !== readingId) return;
      playing = null;
      const next = queue.next();
      if (!next) return;
      queueChanged();
      await read({ text: next.text, voice: next.voice, speed: next.speed, language: next.language, byParagraph: next.byParagraph, unspoken: next.unspoken, mode: 'replace' });
    },
    resolveVoice,
    async textAsHeard(text, voiceKey) {
      const voice = voiceKey ?? options.defaultVoice;
      const { synthesizer, voice: listed } = await resolveVoice(voice);
      const rules = options.textRules?.(voice, listed?.languages[0]) ?? {};
      return segmentText(text, { maxChars: synthesizer.maxChars, ...rules }).map((s) => s.text);
    },
    async voices() {
      if (closed) throw new ServiceError('The service is closed.');
      const lists = await Promise.allSettled([...byProvider.values()].map((s) => voicesOf(s)));
      // One provider being unreachable must not hide the others' voices.
      return lists.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    },
    setSynthesizers(synthesizers) {
      byProvider = providerMap(synthesizers);
      voiceLists = new Map();
    },
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
      if (!item) throw new ServiceError('That text is no longer in the queue.');
      queueChanged();
      return read({ text: item.text, voice: item.voice, speed: item.speed, mode: 'replace' });
    },
    controlPlayer(command) {
      emit('player:command', { command });
    },
    reportPlayer(state) {
      lastPlayerState = state;
      // A player that plays nothing (a reader just loaded, or one that stopped) holds up no queue.
      if (state.readingId === null || (state.readingId === playing && ['stopped', 'error', 'idle'].includes(state.phase))) playing = null;
      emit('player:state', state);
    },
    playerState: () => lastPlayerState,
    current: () => (active && !active.stopRequested ? { readingId: active.readingId, voice: active.voice, paused: active.paused } : null),
    setSpeed(speed) {
      const a = active;
      if (!a || a.stopRequested) return;
      a.reading.setSynthRate(synthRateFor(speed, options.speedMethod?.(a.voice) ?? 'auto', a.synthesizer, a.voiceId));
    },
    async close() {
      closed = true;
      await startQueue;
      await stopActive();
    },
  };
}

function providerMap(synthesizers: readonly Synthesizer[]): Map<string, Synthesizer> {
  const byProvider = new Map<string, Synthesizer>();
  for (const s of synthesizers) {
    if (byProvider.has(s.provider)) throw new Error(`Two synthesizers claim provider '${s.provider}'.`);
    byProvider.set(s.provider, s);
  }
  return byProvider;
}
