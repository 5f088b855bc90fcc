// Writes the rows of readings with long texts off the main process, through the library's writer
// thread (reading-writer-worker.ts). The service decides which readings go this way (record-readings.ts).
import type { Worker } from 'node:worker_threads';
import type { BeginAnswer } from './reading-writer-worker';
import type { ReadingMeta } from './library-rows';

export interface ReadingWriter {
  /** Writes the reading's row in the writer thread; resolves with its row id. */
  begin(meta: ReadingMeta): Promise<number>;
  /** The thread that wrote the last row (for tests: never the main one). */
  readonly lastThread: number | null;
  close(): Promise<void>;
}

/**
 * `startThread` starts reading-writer-worker (built or from source): the composition root knows how
 * workers are found and started (engine/worker-location.ts), the library does not.
 */
export function createReadingWriter(options: { path: string; nativeBinding?: string; startThread: () => Worker }): ReadingWriter {
  let worker: Worker | null = null;
  let nextId = 1;
  let lastThread: number | null = null;
  const waiting = new Map<number, { done: (rid: number) => void; fail: (err: Error) => void }>();
  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.fail(err);
    waiting.clear();
  };
  const start = (): Worker => {
    const w = options.startThread();
    w.unref();
    w.on('message', (answer: BeginAnswer) => {
      const w2 = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (!w2) return;
      // The library's own words (a full disk, a read-only file) keep their SQLite code, so they are told as such.
      if ('error' in answer) w2.fail(Object.assign(new Error(answer.error.message), answer.error.code ? { code: answer.error.code } : {}));
      else {
        lastThread = answer.thread;
        w2.done(answer.rid);
      }
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new Error('The library writer stopped.'));
    });
    return w;
  };
  return {
    begin(meta) {
      worker ??= start();
      const id = nextId++;
      return new Promise<number>((done, fail) => {
        waiting.set(id, { done, fail });
        worker!.ref(); // a write under way keeps the process alive until it is done
        worker!.postMessage({ id, path: options.path, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), meta });
      }).finally(() => {
        if (waiting.size === 0) worker?.unref();
      });
    },
    get lastThread() {
      return lastThread;
    },
    async close() {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
