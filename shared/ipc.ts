// The IPC contract: every channel declared once, here and in its group's file (library-ipc.ts,
// settings-ipc.ts, natural-voices-ipc.ts), as a call (`args`, `result`) or an event (`payload`).
// Main's router validates every call against it; the preload carries any contract name on one pair
// of Electron channels (ipc-transport.ts); the renderer's client is derived from its keys and types.
import { z } from 'zod';
import type { ChannelGroup, EventDef, InvokeDef } from './ipc-channel';
import { ERROR_KINDS, type IpcReply } from './ipc-error';
import { audioPayloadSchema, chunkSchema } from './chunk';
import { libraryChannels } from './library-ipc';
import { naturalVoicesChannels } from './natural-voices-ipc';
import { settingsChannels } from './settings-ipc';
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


export const endReasonSchema = z.enum(['finished', 'stopped', 'error']);

/** The reading core's channels: calls from the renderer, then events from main. */
const readingChannels = {
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
  /**
   * A short sentence in `voice`, to hear it before choosing it: one clip, not a reading (the queue and
   * the library's list never see it). A cloud voice's sample is kept in the library and costs once.
   */
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
  /** `language`: the text's language as told or detected (ISO 639-1), null when not known. */
  'reading:started': { payload: z.object({
    readingId,
    text: z.string(),
    voice: z.string(),
    speed: speedSchema,
    language: z.string().nullable().optional(),
    /** No voice there is speaks `language`: the voice reads it as best it can (the reader says so). */
    unspoken: z.literal(true).optional(),
    /** `voice` is the voice for `language`, not the reading voice: the reader says so on its Voice button. */
    byLanguage: z.literal(true).optional(),
  }) },
  'reading:chunk': { payload: chunkSchema },
  /** A failure says what went wrong (`message`) and its kind, which the reader chooses its actions by. */
  'reading:ended': { payload: z.object({ readingId, reason: endReasonSchema, message: z.string().optional(), kind: z.enum(ERROR_KINDS).optional() }) },
  /**
   * The reading's voice failed part way and another (the built-in voice) speaks the rest, from
   * `segment` on; `message` is the failure as one sentence, for the reader to show.
   */
  'reading:fallback': { payload: z.object({
    readingId,
    segment: z.number().int().nonnegative(),
    from: z.string(),
    to: z.string(),
    message: z.string(),
  }) },
  /** The reading was paused or resumed (from any control): the player pauses or resumes its audio to match. */
  'reading:paused': { payload: z.object({ readingId, paused: z.boolean() }) },
  /** The Speed changed (from any control): the player stretches to it from now on. */
  'reading:speed': { payload: z.object({ speed: speedSchema }) },
  /** A command from the tray, the hotkey or the command line, for the player to carry out. */
  'player:command': { payload: z.object({ command: playerCommandSchema }) },
  'player:state': { payload: playerStateSchema },
  /** The queue after every change. */
  'queue:changed': { payload: z.object({ items: queueItemsSchema }) },
} as const satisfies ChannelGroup<'reading' | 'voices' | 'text' | 'queue' | 'player'>;

/** Every channel of the app, each declared once. */
export const contract = { ...readingChannels, ...libraryChannels, ...settingsChannels, ...naturalVoicesChannels } as const;
type Contract = typeof contract;

export type InvokeChannel = { [C in keyof Contract]: Contract[C] extends InvokeDef ? C : never }[keyof Contract];
export type EventChannel = { [C in keyof Contract]: Contract[C] extends EventDef ? C : never }[keyof Contract];
type InvokeEntry<C extends InvokeChannel> = Extract<Contract[C], InvokeDef>;
export type InvokeArgs<C extends InvokeChannel> = z.input<InvokeEntry<C>['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<InvokeEntry<C>['result']>;
export type EventPayload<C extends EventChannel> = z.output<Extract<Contract[C], EventDef>['payload']>;

const isInvokeDef = (def: InvokeDef | EventDef): def is InvokeDef => 'args' in def;
const entries = Object.entries(contract) as [keyof Contract, InvokeDef | EventDef][];
export const invokeChannelNames = entries.filter(([, d]) => isInvokeDef(d)).map(([c]) => c as InvokeChannel);
export const eventChannelNames = entries.filter(([, d]) => !isInvokeDef(d)).map(([c]) => c as EventChannel);

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(contract, name) && isInvokeDef(contract[name as keyof Contract]);
}
/** The schemas of a call. */
export function invokeDef<C extends InvokeChannel>(channel: C): InvokeEntry<C> {
  return contract[channel] as InvokeEntry<C>;
}

/**
 * What the preload exposes as `window.aloud` (the e2e harness provides the same shape): the transport
 * only. Every call resolves with main's reply, a failure included; the renderer's client
 * (renderer/src/app/aloud-client.ts) gives it its types and turns a refusal into an AloudError.
 */
export interface AloudApi {
  invoke(channel: string, args: unknown): Promise<IpcReply>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}
