// The natural offline voices as the app runs them: Piper's and Kokoro's synthesizers on one shared
// worker (one model in memory at a time), each listing what is installed under <data>/voices.
import type { Synthesizer } from '../speech/synthesizer';
import { createKokoroVoices, type KokoroVoices } from './kokoro-voices';
import { createNaturalVoiceHost, createPiperVoices, type PiperVoices } from './piper-voices';
import type { WorkerHostOptions } from './worker-host';

export interface NaturalVoices {
  piper: PiperVoices;
  kokoro: KokoroVoices;
  /** Both, for the core's synthesizers. */
  synthesizers: Synthesizer[];
  /** Ends the worker. */
  close(): Promise<void>;
}

export function createNaturalVoices(options: WorkerHostOptions & { folder: string }): NaturalVoices {
  const host = createNaturalVoiceHost(options);
  const piper = createPiperVoices({ folder: options.folder, host });
  const kokoro = createKokoroVoices({ folder: options.folder, host });
  return { piper, kokoro, synthesizers: [piper, kokoro], close: () => host.close() };
}
