// Starts the library's writer thread from its TypeScript source, as tests and the stress rig run it.
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { locateWorker, startWorker } from '../../electron/engine/worker-location';

const historyFolder = fileURLToPath(new URL('../../electron/history/', import.meta.url));

export function startReadingWriterThread(): Worker {
  return startWorker(locateWorker('reading-writer-worker', historyFolder), {});
}
