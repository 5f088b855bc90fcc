// What a reading is asked for, and how an observer (the library's recorder) follows one: the words the
// queue, the lifecycle, the preparation of a request and the recorder share.
import type { Chunk } from '../../shared/chunk';
import type { EventChannel, EventPayload, QueueMode } from '../../shared/ipc';

export type Emit = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

export type EndReason = 'finished' | 'stopped' | 'error';

/** What to read, as 'reading:start' carries it once made whole; the queue keeps it as it is. */
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
  /** `voice` was chosen for the text's language over the reading voice: said to the reader with the reading. */
  byLanguage?: boolean | undefined;
}

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
