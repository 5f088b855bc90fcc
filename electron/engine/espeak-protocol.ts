// Messages between the built-in voice (main side) and its eSpeak worker thread.
import type { WordTiming } from '../../shared/chunk';

export interface EspeakWorkerData {
  /** Int32Array view over a SharedArrayBuffer: [0] holds the id of the job to abort. */
  control: SharedArrayBuffer;
}

export interface EngineVoice {
  /** What set_voice takes, e.g. gmw/en-US. */
  identifier: string;
  name: string;
  /** eSpeak's language names, best match first, e.g. en-us, en. */
  languages: string[];
}

export type ToWorker =
  | { type: 'voices'; id: number }
  | { type: 'synth'; id: number; text: string; voice: string; wpm: number; partMs: number }
  /** Runs the engine over `text` `passes` times and throws the audio away, so the JIT is hot. */
  | { type: 'warm'; id: number; text: string; passes: number };

export type FromWorker =
  | { type: 'ready'; sampleRate: number }
  | { type: 'voices'; id: number; voices: EngineVoice[] }
  /** Audio as the engine makes it; `words` are the timings settled so far, each sent once. */
  | { type: 'audio'; id: number; samples: Float32Array<ArrayBuffer>; words: WordTiming[] }
  /**
   * `samples`: how much audio the job made (after an abort, how far it got). `last` is the job's
   * final part, carried here rather than in an 'audio' message of its own: one message and one
   * thread hop fewer per job, and the next job is asked for that much sooner.
   */
  | { type: 'done'; id: number; aborted: boolean; samples: number; last?: { samples: Float32Array<ArrayBuffer>; words: WordTiming[] } }
  | { type: 'error'; id: number; kind: 'unknown-voice' | 'server'; message: string };

/** Index of the abort slot in the control array. */
export const ABORT_SLOT = 0;
