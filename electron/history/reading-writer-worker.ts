// The library's writer of long texts, in a thread of its own (started by reading-writer.ts):
// a reading's row with a text of two million characters takes 25-50 ms to write (the text and its
// search index), too long for the main process, which must answer the hotkey and the reader at once.
// It has its own connection to the same library file (WAL: the main process reads on meanwhile).
import { parentPort, threadId } from 'node:worker_threads';
import type { ReadingMeta } from './library-rows';
import { openLibrary, type LibraryStore } from './library-store';
import { messageOf } from '../../shared/ipc-error';

export interface BeginRequest {
  id: number;
  path: string;
  nativeBinding?: string;
  meta: ReadingMeta;
}

/** `thread`: the thread that wrote the row (never the main one, 0). */
export type BeginAnswer = { id: number; rid: number; thread: number } | { id: number; error: { message: string; code?: string } };

let store: { path: string; library: LibraryStore } | null = null;

parentPort?.on('message', (request: BeginRequest) => {
  try {
    if (store?.path !== request.path) {
      store?.library.close();
      // The app's own connection checks the file and marks it open; this one only writes.
      const library = openLibrary({ path: request.path, checkHealth: false, ...(request.nativeBinding ? { nativeBinding: request.nativeBinding } : {}) });
      store = { path: request.path, library };
    }
    parentPort!.postMessage({ id: request.id, rid: store.library.beginReading(request.meta), thread: threadId } satisfies BeginAnswer);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    parentPort!.postMessage({ id: request.id, error: { message: messageOf(err), ...(typeof code === 'string' ? { code } : {}) } } satisfies BeginAnswer);
  }
});
