// The IPC contract: one table of channels, each with zod schemas for its arguments and result.
// Main validates every message against it; preload and renderer derive their types from it.
import { z } from 'zod';
import {
  APP_INVOKE_CHANNEL_NAMES,
  EVENT_CHANNEL_NAMES,
  INVOKE_CHANNEL_NAMES,
  type ChannelTable,
  type EventChannelName,
  type InvokeChannelDef,
  type InvokeChannelName,
} from './channels';
import { audioPayloadSchema, chunkSchema } from './chunk';
import { libraryInvokeChannels } from './library-ipc';
import { naturalVoiceProgressSchema, naturalVoicesInvokeChannels } from './natural-voices-ipc';
import { settingsInvokeChannels } from './settings-ipc';
import { MAX_READING_CHARS } from './speakable';
import { speedSchema, voiceSchema } from './voice';

const readingId = z.string().min(1).max(100);

/** A text waiting to be read after the current one. */
export const queueItemSchema = z.object({
  id: readingId,
  /** The start of the text, for the queue list. */
  title: z.string(),
  chars: z.number().int().nonnegative(),
  voice: z.string().optional(),
});
export const queueItemsSchema = z.array(queueItemSchema);
export type QueueItem = z.output<typeof queueItemSchema>;
/** While a reading plays, a new one replaces it or waits in the queue. */
export const queueModeSchema = z.enum(['replace', 'queue']);
export type QueueMode = z.output<typeof queueModeSchema>;

/** What the one player (in the reader window) is doing, as the mini player shows it. */
export const playerCommandSchema = z.union([
  z.enum(['toggle-pause', 'stop', 'previous-sentence', 'next-sentence', 'restart', 'faster', 'slower']),
  /** Read on from this word of the text (a word index, as the position bar counts words). */
  z.object({ seekToWord: z.number().int().nonnegative() }),
]);
export type PlayerCommand = z.output<typeof playerCommandSchema>;
export const playerStateSchema = z.object({
  readingId: readingId.nullable(),
  phase: z.enum(['idle', 'starting', 'reading', 'paused', 'finished', 'stopped', 'error']),
  /** The start of the text being read. */
  title: z.string().max(200),
  /** The status line, as the reader announces it. */
  message: z.string().max(500),
  /** The Speed heard. */
  speed: speedSchema.optional(),
  /** Where the listener is: which word of how many, and the time heard and left (estimates). */
  position: z
    .object({ word: z.number().int().nonnegative(), words: z.number().int().positive(), heardSeconds: z.number().nonnegative(), leftSeconds: z.number().nonnegative() })
    .nullable()
    .optional(),
});
export type PlayerState = z.output<typeof playerStateSchema>;


/** Renderer -> main, answered by main; one entry per name in shared/channels.ts. */
export const invokeChannels = {
  'reading:start': {
    args: z.object({
      text: z.string().min(1).max(MAX_READING_CHARS),
      voice: z.string().min(1).optional(),
      speed: speedSchema.optional(),
      /** Read from this offset of `text` (a seek); chunk offsets still point into the whole `text`. */
      fromChar: z.number().int().nonnegative().optional(),
      /** While another reading plays: 'replace' it, or 'queue' after it; the service's setting when absent. */
      mode: queueModeSchema.optional(),
      /** The language the person says the text is in (ISO 639-1); detected when absent. */
      language: z.string().regex(/^[a-z]{2,3}$/u, 'A language is a code such as en or fr.').optional(),
    }),
    /** `queued`: the text waits in the queue under this id instead of starting now. */
    result: z.object({ readingId, queued: z.boolean().optional() }),
  },
  'reading:pause': { args: z.object({ readingId }), result: z.void() },
  'reading:resume': { args: z.object({ readingId }), result: z.void() },
  'reading:stop': { args: z.object({ readingId }), result: z.void() },
  /** Where playback is, so synthesis stays a few segments ahead and no further. */
  'reading:progress': {
    args: z.object({ readingId, segment: z.number().int().nonnegative() }),
    result: z.void(),
  },
  'voices:list': { args: z.object({}), result: z.array(voiceSchema) },
  /**
   * A short sentence in `voice`, to hear it before choosing it: one clip, not a reading (the queue and
   * the library's list never see it). A cloud voice's sample is kept in the library and costs once.
   */
  /** The text as a voice (the reading voice when absent) would speak it, sentence by sentence, by the rules in force: nothing is spoken. */
  'text:as-heard': {
    args: z.object({ text: z.string().min(1).max(MAX_READING_CHARS), voice: z.string().min(1).max(400).optional() }),
    result: z.object({ sentences: z.array(z.string()) }),
  },
  /** The language a text is written in (ISO 639-1), or null when it cannot be told. */
  'text:language': {
    args: z.object({ text: z.string().min(1).max(MAX_READING_CHARS) }),
    result: z.object({ language: z.string().nullable(), reliable: z.boolean() }),
  },
  'voices:sample': {
    args: z.object({ voice: z.string().min(1).max(400) }),
    result: z.object({ text: z.string(), audio: audioPayloadSchema, saved: z.boolean() }),
  },
  /** The player has played `readingId` to its end: the next queued text starts. */
  'reading:played': { args: z.object({ readingId }), result: z.void() },
  'queue:list': { args: z.object({}), result: queueItemsSchema },
  'queue:remove': { args: z.object({ id: readingId }), result: z.void() },
  /** Moves a queued text to position `to` (0 = next). */
  'queue:move': { args: z.object({ id: readingId, to: z.number().int().nonnegative() }), result: z.void() },
  'queue:clear': { args: z.object({}), result: z.void() },
  /** What a start that names no mode (the tray, the hotkey) does while a reading plays: the reader's setting. */
  'queue:mode': { args: z.object({ mode: queueModeSchema }), result: z.void() },
  /** Starts a queued text now (replacing what plays) and takes it off the queue. */
  'queue:play': { args: z.object({ id: readingId }), result: z.object({ readingId }) },
  /** A remote control (the mini player): main passes the command to the player as 'player:command'. */
  'player:control': { args: z.object({ command: playerCommandSchema }), result: z.void() },
  /** The player tells main what it is doing; main passes it on as 'player:state'. */
  'player:report': { args: playerStateSchema, result: z.void() },
  /** The player's last report (null before any), for a remote control that just opened. */
  'player:current': { args: z.object({}), result: playerStateSchema.nullable() },
} as const satisfies ChannelTable<InvokeChannelName, InvokeChannelDef>;


export const endReasonSchema = z.enum(['finished', 'stopped', 'error']);

/** Main -> renderer; one entry per name in shared/channels.ts. */
export const eventChannels = {
  /** `language`: the text's language as told or detected (ISO 639-1), null when not known. */
  'reading:started': z.object({
    readingId,
    text: z.string(),
    voice: z.string(),
    speed: speedSchema,
    language: z.string().nullable().optional(),
    /** No voice there is speaks `language`: the voice reads it as best it can (the reader says so). */
    unspoken: z.literal(true).optional(),
  }),
  'reading:chunk': chunkSchema,
  'reading:ended': z.object({ readingId, reason: endReasonSchema, message: z.string().optional() }),
  /**
   * The reading's voice failed part way and another (the built-in voice) speaks the rest, from
   * `segment` on; `message` is the failure as one sentence, for the reader to show.
   */
  'reading:fallback': z.object({
    readingId,
    segment: z.number().int().nonnegative(),
    from: z.string(),
    to: z.string(),
    message: z.string(),
  }),
  /** A command from the tray, the hotkey or the command line, for the player to carry out. */
  'player:command': z.object({ command: playerCommandSchema }),
  'player:state': playerStateSchema,
  /** The queue after every change. */
  'queue:changed': z.object({ items: queueItemsSchema }),
  /** How far the download of a natural voice being installed has got. */
  'natural-voices:progress': naturalVoiceProgressSchema,
} as const satisfies ChannelTable<EventChannelName, z.ZodType>;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['result']>;
export type EventPayload<C extends EventChannel> = z.output<(typeof eventChannels)[C]>;

export const invokeChannelNames: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES;
export const eventChannelNames: readonly EventChannel[] = EVENT_CHANNEL_NAMES;

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.hasOwn(eventChannels, name);
}

/**
 * Every channel the renderer may invoke: the reading core's above, plus the library's and the
 * settings' and the natural voices' (served by their services in main; electron/service/ipc-router.ts routes them all).
 */
export const appInvokeChannels = { ...invokeChannels, ...libraryInvokeChannels, ...settingsInvokeChannels, ...naturalVoicesInvokeChannels } as const;
export type AppInvokeChannel = keyof typeof appInvokeChannels;
export type AppInvokeArgs<C extends AppInvokeChannel> = z.input<(typeof appInvokeChannels)[C]['args']>;
export type AppInvokeResult<C extends AppInvokeChannel> = z.output<(typeof appInvokeChannels)[C]['result']>;
export const appInvokeChannelNames: readonly AppInvokeChannel[] = APP_INVOKE_CHANNEL_NAMES;
export function isAppInvokeChannel(name: unknown): name is AppInvokeChannel {
  return typeof name === 'string' && Object.hasOwn(appInvokeChannels, name);
}

/** What the preload exposes as `window.aloud`; the test harness provides the same shape. */
export interface AloudApi {
  invoke<C extends AppInvokeChannel>(channel: C, args: AppInvokeArgs<C>): Promise<AppInvokeResult<C>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}
