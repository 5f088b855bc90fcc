// The texts waiting to be read after the current one, in order. Plain data: the service decides when
// the next one starts (when the player reports the current one played to its end). Each keeps its
// whole request (voice, Speed, language, paragraph voices...), so it starts as it was asked for.
import type { QueueItem } from '../../shared/ipc';
import type { ReadRequest } from './reading-request';

export interface QueuedReading {
  id: string;
  request: ReadRequest;
}

const TITLE_CHARS = 80;

export class ReadingQueue {
  private items: QueuedReading[] = [];

  get length(): number {
    return this.items.length;
  }

  add(item: QueuedReading): void {
    this.items.push(item);
  }

  /** Takes the next text off the queue. */
  next(): QueuedReading | undefined {
    return this.items.shift();
  }

  /** Takes `id` off the queue wherever it is; undefined when it is not queued. */
  take(id: string): QueuedReading | undefined {
    const i = this.items.findIndex((q) => q.id === id);
    return i < 0 ? undefined : this.items.splice(i, 1)[0];
  }

  /** Moves `id` to position `to` (clamped to the end); false when it is not queued. */
  move(id: string, to: number): boolean {
    const item = this.take(id);
    if (!item) return false;
    this.items.splice(Math.min(to, this.items.length), 0, item);
    return true;
  }

  clear(): void {
    this.items = [];
  }

  /** What the reader shows: the start of each text on one line. */
  list(): QueueItem[] {
    return this.items.map(({ id, request: { text, voice } }) => ({
      id,
      title: titleOf(text),
      chars: text.length,
      ...(voice === undefined ? {} : { voice }),
    }));
  }
}

function titleOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}
