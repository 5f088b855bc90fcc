// What every engine worker (eSpeak's, the natural voices') sends back to its host, and how the host
// tells it to abort: jobs carry an id; a job ends with 'done' or 'error' (or its own final message).
import type { WordTiming } from '../../shared/chunk';

export interface EngineWorkerData {
  /** Int32Array view over a SharedArrayBuffer: [ABORT_SLOT] holds the id of the job to abort. */
  control: SharedArrayBuffer;
}

/** Index of the abort slot in the control array. */
export const ABORT_SLOT = 0;

export type JobErrorKind = 'unknown-voice' | 'server';

export type WorkerMessage<Extra extends { type: string; id: number } = never> =
  /** The engine is loaded; `sampleRate` is its audio's (0 when each voice has its own). */
  | { type: 'ready'; sampleRate: number }
  /** Audio as the engine makes it; `words` are the timings settled so far, each sent once. */
  | { type: 'audio'; id: number; samples: Float32Array<ArrayBuffer>; words: WordTiming[] }
  /**
   * `samples`: how much audio the job made (after an abort, how far it got). `last` is the job's
   * final part, carried here rather than in an 'audio' message of its own: one message and one
   * thread hop fewer per job, and the next job is asked for that much sooner.
   */
  | { type: 'done'; id: number; aborted: boolean; samples: number; last?: { samples: Float32Array<ArrayBuffer>; words: WordTiming[] } }
  | { type: 'error'; id: number; kind: JobErrorKind; message: string }
  | Extra;
