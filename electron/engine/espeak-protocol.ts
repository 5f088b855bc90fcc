// Messages between the built-in voice (main side) and its eSpeak worker thread.
import type { WorkerMessage } from './worker-protocol';

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

export type FromWorker = WorkerMessage<{ type: 'voices'; id: number; voices: EngineVoice[] }>;
