// The main-process core behind the IPC contract, in plain Node: Electron's ipcMain, the e2e harness's
// WebSocket and tests all drive the same object. It validates every argument against shared/ipc.ts,
// runs one reading at a time and pumps its chunks out as 'reading:chunk' events.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Chunk } from '../../shared/chunk';
import {
  invokeChannels,
  isInvokeChannel,
  type EventChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
} from '../../shared/ipc';
import type { SpeedMethod } from '../../shared/speed';
import { parseVoiceKey, voiceKey, type Voice } from '../../shared/voice';
import { SynthesisError } from '../speech/synthesis-error';
import { ReadingQueue } from './reading-queue';
import type { ReadingCache } from '../history/reading-cache';
import { startReading, type Reading, type ReadingOptions } from '../speech/reading';
import type { Synthesizer } from '../speech/synthesizer';
import { synthRateFor } from '../speech/voice-speed';

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
  rate: number;
}

/** Sees every chunk of one reading and how it ended. Its failures never disturb the reading. */
export interface ReadingObserver {
  chunk(chunk: Chunk): void;
  end(reason: EndReason): void;
}

export interface AloudServiceOptions {
  synthesizers: readonly Synthesizer[];
  /** Voice key (`provider/id`, see shared/voice.ts) used when 'reading:start' names none. */
  defaultVoice: string;
  emit: Emit;
  /** Segments synthesized past the playhead; the speech pipeline's default when omitted. */
  lookahead?: number;
  /** Called as each reading starts; the observer it returns (if any) follows that reading. */
  observe?: (reading: ObservedReading) => ReadingObserver | null;
  /** The library: a reading saved complete with the same text, voice and rate is replayed, not synthesized. */
  history?: ReadingCache;
  /**
   * The voice that finishes a reading whose voice fails part way (the built-in voice), asked at each
   * start so a setting can turn it off; null or absent: a failure ends the reading.
   */
  fallback?: () => { synthesizer: Synthesizer; voice: string } | null;
  /**
   * What 'reading:start' does while a reading plays and it names no mode: 'replace' it (the default)
   * or 'queue' after it. Asked at each start, so the tray and hotkey follow the setting.
   */
  queueMode?: () => 'replace' | 'queue';
  /**
   * How Speed is made for a voice (a voice key): 'auto' when absent. Asked at each start and each
   * speed change, so the setting applies from the next request on.
   */
  speedMethod?: (voice: string) => SpeedMethod;
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

export interface AloudService {
  /** Validates `rawArgs` with the channel's schema, then acts. Rejects with a ServiceError on bad input. */
  invoke(channel: string, rawArgs: unknown): Promise<unknown>;
  /** The typed form of invoke, for callers inside main (tray, hotkey). */
  call<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResult<C>>;
  /** The reading in progress, if any (the tray's Pause/Resume item follows it). */
  current(): ReadingState | null;
  /**
   * The Speed changed (or how it is made): a reading under way asks its voice for the new rate from
   * its next request on (the player stretches what is already made, so the change is heard at once).
   */
  setSpeed(speed: number): void;
  /** Stops the current reading and waits until its 'reading:ended' has been emitted. */
  close(): Promise<void>;
}

/** A request the service refuses; the message is one sentence meant for the user or the developer. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
}

interface Active {
  readingId: string;
  voice: string;
  synthesizer: Synthesizer;
  reading: Reading;
  paused: boolean;
  stopRequested: boolean;
  observer: ReadingObserver | null;
  /** Settles once 'reading:ended' has been emitted. */
  ended: Promise<void>;
}

export function createAloudService(options: AloudServiceOptions): AloudService {
  // A listener that throws (a window torn down mid-send) must not end or wedge the reading.
  const emit: Emit = (channel, payload) => {
    try {
      options.emit(channel, payload);
    } catch (err) {
      (options.onEmitError ?? ((e) => console.error(`Aloud: emitting '${channel}' failed`, e)))(err);
    }
  };
  const byProvider = new Map<string, Synthesizer>();
  for (const s of options.synthesizers) {
    if (byProvider.has(s.provider)) throw new Error(`Two synthesizers claim provider '${s.provider}'.`);
    byProvider.set(s.provider, s);
  }
  const voiceLists = new Map<string, Promise<Voice[]>>();
  let active: Active | null = null;
  // The reading the player is playing: synthesis may be done while its audio still plays, so the
  // queue waits for the player's 'reading:played' (or a stop), not for the end of synthesis.
  let playing: string | null = null;
  const queue = new ReadingQueue();
  let defaultMode: 'replace' | 'queue' = 'replace';
  const queueChanged = () => emit('queue:changed', { items: queue.list() });
  // The one player lives in the reader window; remote controls (the mini player) see its reports.
  let playerState: EventPayload<'player:state'> | null = null;
  // Starts run one after another so that two quick starts cannot both survive.
  let startQueue: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** A provider's voices, fetched once; a failed fetch is forgotten so the next call retries. */
  function voicesOf(s: Synthesizer): Promise<Voice[]> {
    let list = voiceLists.get(s.provider);
    if (!list) {
      list = s.listVoices();
      voiceLists.set(s.provider, list);
      list.catch(() => voiceLists.delete(s.provider));
    }
    return list;
  }

  async function resolveVoice(key: string): Promise<{ synthesizer: Synthesizer; id: string }> {
    const parsed = parseVoiceKey(key);
    if (!parsed) throw new ServiceError(`Voice '${key}' is not of the form provider/id (e.g. builtin/en-us).`);
    const synthesizer = byProvider.get(parsed.provider);
    if (!synthesizer) {
      const known = [...byProvider.keys()].join(', ') || 'none';
      throw new ServiceError(`No voice provider named '${parsed.provider}' (available: ${known}).`);
    }
    // Refuse a voice the provider does not list; if listing fails (offline), let synthesis decide.
    const voices = await voicesOf(synthesizer).catch(() => null);
    if (voices && !voices.some((v) => v.id === parsed.id)) {
      throw new ServiceError(`Provider '${parsed.provider}' has no voice '${parsed.id}'.`);
    }
    return { synthesizer, id: parsed.id };
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
  async function startOrQueue(args: z.output<(typeof invokeChannels)['reading:start']['args']>): Promise<InvokeResult<'reading:start'>> {
    const mode = args.mode ?? options.queueMode?.() ?? defaultMode;
    if (mode === 'queue' && playing !== null && args.fromChar === undefined) {
      if (args.voice !== undefined) await resolveVoice(args.voice);
      const readingId = randomUUID();
      queue.add({ id: readingId, text: args.text, voice: args.voice, rate: args.rate });
      queueChanged();
      return { readingId, queued: true };
    }
    return start(args);
  }

  async function start(args: InvokeArgs<'reading:start'>): Promise<InvokeResult<'reading:start'>> {
    const voice = args.voice ?? options.defaultVoice;
    const speed = args.rate ?? 1;
    const fromChar = args.fromChar ?? 0;
    if (fromChar >= args.text.length) throw new ServiceError(`fromChar ${fromChar} is past the end of the text (${args.text.length} characters).`);
    const { synthesizer, id } = await resolveVoice(voice);
    // The voice's part of the Speed; the player stretches the rest (chunks carry this synthRate).
    const rate = synthRateFor(speed, options.speedMethod?.(voice) ?? 'auto', synthesizer);
    await stopActive();
    if (closed) throw new ServiceError('The service is closed.');
    const readingId = randomUUID();
    const lookahead = options.lookahead === undefined ? {} : { lookahead: options.lookahead };
    // A saved copy with the same inputs plays from the library: at once, offline, at no cost.
    let cached: Reading | null = null;
    // A seek reads the text from `fromChar` on: the part before it is blanked, not cut, so every
    // offset the pipeline reports still points into the whole text the reader shows.
    const spoken = fromChar > 0 ? ' '.repeat(fromChar) + args.text.slice(fromChar) : args.text;
    try {
      if (fromChar === 0) cached = options.history?.replay({ readingId, text: args.text, provider: synthesizer.provider, voice: id, rate, maxChars: synthesizer.maxChars, ...lookahead }) ?? null;
    } catch (err) {
      options.onObserverError?.(err);
    }
    const reading = cached ?? startReading({ readingId, text: spoken, synthesizer, voice: id, rate, ...lookahead, ...fallbackFor(readingId, voice, synthesizer) });
    // pump() reads the outcome; this only keeps a rejection after a stop from going unhandled.
    reading.done.catch(() => undefined);
    const a: Active = { readingId, voice, synthesizer, reading, paused: false, stopRequested: false, observer: null, ended: Promise.resolve() };
    try {
      // A replay is already in the library: observers (the recorder) follow new readings only.
      // A seek replays part of a reading the library already follows.
      if (!cached && fromChar === 0) a.observer = options.observe?.({ readingId, text: args.text, provider: synthesizer.provider, voice: id, rate }) ?? null;
    } catch (err) {
      options.onObserverError?.(err);
    }
    active = a;
    playing = readingId;
    emit('reading:started', { readingId, text: args.text, voice, rate: speed });
    a.ended = pump(a);
    return { readingId };
  }

  /** The active reading if `readingId` names it; requests for a reading that already ended are no-ops. */
  function target(readingId: string): Active | null {
    return active && active.readingId === readingId && !active.stopRequested ? active : null;
  }

  const handlers: { [C in InvokeChannel]: (args: z.output<(typeof invokeChannels)[C]['args']>) => Promise<InvokeResult<C>> } = {
    'reading:start': (args) => {
      const next = startQueue.then(() => startOrQueue(args));
      startQueue = next.catch(() => undefined);
      return next;
    },
    'reading:pause': async ({ readingId }) => {
      const a = target(readingId);
      if (a) {
        a.paused = true;
        a.reading.pause();
      }
    },
    'reading:resume': async ({ readingId }) => {
      const a = target(readingId);
      if (a) {
        a.paused = false;
        a.reading.resume();
      }
    },
    'reading:stop': async ({ readingId }) => {
      // The queue waits: the user stopped, so nothing starts by itself.
      if (playing === readingId) playing = null;
      if (target(readingId)) await stopActive();
    },
    'reading:played': async ({ readingId }) => {
      if (playing !== readingId) return;
      playing = null;
      const next = queue.next();
      if (!next) return;
      queueChanged();
      await handlers['reading:start']({ text: next.text, voice: next.voice, rate: next.rate, mode: 'replace' });
    },
    'player:control': async ({ command }) => {
      emit('player:command', { command });
    },
    'player:report': async (state) => {
      playerState = state;
      // A player that plays nothing (a reader just loaded, or one that stopped) holds up no queue.
      if (state.readingId === null || (state.readingId === playing && ['stopped', 'error', 'idle'].includes(state.phase))) playing = null;
      emit('player:state', state);
    },
    'player:current': async () => playerState,
    'queue:list': async () => queue.list(),
    'queue:remove': async ({ id }) => {
      if (queue.take(id)) queueChanged();
    },
    'queue:move': async ({ id, to }) => {
      if (queue.move(id, to)) queueChanged();
    },
    'queue:mode': async ({ mode }) => {
      defaultMode = mode;
    },
    'queue:clear': async () => {
      queue.clear();
      queueChanged();
    },
    'queue:play': async ({ id }) => {
      const item = queue.take(id);
      if (!item) throw new ServiceError('That text is no longer in the queue.');
      queueChanged();
      return handlers['reading:start']({ text: item.text, voice: item.voice, rate: item.rate, mode: 'replace' });
    },
    'reading:progress': async ({ readingId, segment }) => {
      target(readingId)?.reading.setPlayhead(segment);
    },
    'voices:list': async () => {
      const lists = await Promise.allSettled(options.synthesizers.map((s) => voicesOf(s)));
      // One provider being unreachable must not hide the others' voices.
      return lists.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    },
  };

  async function invoke(channel: string, rawArgs: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) throw new ServiceError(`Unknown channel '${String(channel)}'.`);
    if (closed) throw new ServiceError('The service is closed.');
    const parsed = invokeChannels[channel].args.safeParse(rawArgs);
    if (!parsed.success) throw new ServiceError(`Invalid arguments for '${channel}': ${describeIssues(parsed.error)}.`);
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    return handler(parsed.data);
  }

  return {
    invoke,
    call: (channel, args) => invoke(channel, args) as never,
    setSpeed(speed) {
      const a = active;
      if (!a || a.stopRequested) return;
      a.reading.setRate(synthRateFor(speed, options.speedMethod?.(a.voice) ?? 'auto', a.synthesizer));
    },
    current: () => (active && !active.stopRequested ? { readingId: active.readingId, voice: active.voice, paused: active.paused } : null),
    async close() {
      closed = true;
      await startQueue;
      await stopActive();
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** One sentence for the user: provider errors carry their own, anything else its message. */
export function describeError(err: unknown): string {
  if (err instanceof SynthesisError) return err.userMessage;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
